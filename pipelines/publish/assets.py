"""The publish stage: runs only after every blocking check on the marts passed."""

import dagster as dg
from dagster import AssetExecutionContext

from pipelines.config import load_settings
from pipelines.publish.warehouse import publish
from pipelines.transform.assets import MART_KEYS


@dg.asset(
    key=["published", "warehouse"],
    deps=MART_KEYS,
    group_name="publish",
    kinds={"duckdb"},
    description=(
        "The DuckDB file BI tools open (`JEJAK_WAREHOUSE`): schema `marts` and `meta`, replaced "
        "atomically after the blocking checks passed. Previous versions are kept in `versions/`."
    ),
)
def published_warehouse(context: AssetExecutionContext) -> dg.MaterializeResult:
    """Write-audit-publish the marts; blocking checks upstream gate this step."""
    settings = load_settings()
    checks = _check_outcomes(context)
    report = publish(settings.work_db, settings.warehouse, context.run_id, checks)
    context.log.info(f"warehouse diterbitkan: {report.path}")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(report.path)),
            "previous_version": str(report.previous_version or "none"),
            **{f"rows.{t}": n for t, n in report.tables.items()},
        }
    )


def _check_outcomes(context: AssetExecutionContext) -> dict[str, str]:
    """Outcome of every asset check evaluated so far in this run, for `meta.checks`."""
    outcomes: dict[str, str] = {}
    records = context.instance.get_records_for_run(
        context.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
    ).records
    for record in records:
        evaluation = record.event_log_entry.dagster_event.event_specific_data
        name = f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
        outcomes[name] = "passed" if evaluation.passed else f"failed ({evaluation.severity.value})"
    return outcomes
