"""The publish stage: runs only after every blocking check on the marts passed.

Order matters for readers: the audited candidate file is exported to Parquet
first (a failed export publishes nothing), then the DuckDB file is swapped in,
then `parquet/latest` is re-pointed. Each swap is one atomic rename.
"""

import dagster as dg
from dagster import AssetExecutionContext

from pipelines.core.resources import RunLock, SettingsResource
from pipelines.core.retries import PUBLISH_RETRY_POLICY
from pipelines.publish import parquet_export
from pipelines.publish.warehouse import PublishAuditError, build_candidate, discard, swap_in
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
    retry_policy=PUBLISH_RETRY_POLICY,
)
def published_warehouse(
    context: AssetExecutionContext, settings: SettingsResource, run_lock: RunLock
) -> dg.MaterializeResult:
    """Write-audit-publish the marts; blocking checks upstream gate this step."""
    config = settings.resolve()
    checks = _check_outcomes(context)
    try:
        candidate = build_candidate(config.work_db, config.warehouse, context.run_id, checks)
    except PublishAuditError as exc:
        # Deterministic: the copy disagrees with the working file. Retrying cannot help.
        raise dg.Failure(description=f"tidak diterbitkan: {exc}", allow_retries=False) from exc
    try:
        export = parquet_export.stage(candidate.tmp, config.warehouse)
    except BaseException:
        discard(candidate)
        raise
    report = swap_in(candidate)
    parquet_export.point_latest(export)
    context.log.info(f"warehouse diterbitkan: {report.path}; Parquet: {export.folder}")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(report.path)),
            "previous_version": str(report.previous_version or "none"),
            "parquet": dg.MetadataValue.path(str(export.folder)),
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
