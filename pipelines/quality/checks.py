"""GX suites from `expectations/` as Dagster asset checks on the assets they validate.

Checks that prove the warehouse wrong (rupiah not conserved, personal data)
are `blocking`: a failure stops the publish step and fails the run. Checks
that report the offices' own gaps (untraced spending, spending outside the
DIPA) warn: the gap is shown in the marts and the night goes on.
"""

import json
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.config import EXPECTATIONS_DIR, load_settings
from pipelines.faults import die_if_requested
from pipelines.markdown import md_table
from pipelines.ops.retries import GX_RETRY_POLICY
from pipelines.quality.gx_runner import Outcome, Suite, load_suites, query_frame, validate
from pipelines.quality.pii_scan import pii_scan_query

PII_SCAN_TOKEN = "{{ pii_scan }}"


def _markdown(outcome: Outcome) -> str:
    """The failing rows as a Markdown table; every cell escaped (values come from the files)."""
    if not outcome.unexpected:
        return "tidak ada"
    columns = list(outcome.unexpected[0])
    table = md_table(columns, ([row[c] for c in columns] for row in outcome.unexpected))
    if outcome.unexpected_count > len(outcome.unexpected):
        table += f"\n\n… dan {outcome.unexpected_count - len(outcome.unexpected)} baris lain"
    return table


def run_suite(suite: Suite, duckdb: DuckDBResource) -> Outcome:
    """Query the working warehouse and validate the batch with GX."""
    die_if_requested("checks")  # test-only fault hook
    settings = load_settings()
    with duckdb.get_connection() as con:
        sql = suite.query
        if PII_SCAN_TOKEN in sql:
            sql = sql.replace(PII_SCAN_TOKEN, pii_scan_query(con))
        frame = query_frame(con, sql)
    outcome = validate(suite, frame, settings.reports_dir / "gx")
    _write_summary(suite, outcome, settings.reports_dir / "checks")
    return outcome


def _write_summary(suite: Suite, outcome: Outcome, path: Path) -> None:
    """A small JSON per check, read by the run summary and kept beside the Data Docs."""
    path.mkdir(parents=True, exist_ok=True)
    (path / f"{suite.name}.json").write_text(
        json.dumps(
            {
                "check": suite.name,
                "asset": "/".join(suite.asset),
                "blocking": suite.blocking,
                "success": outcome.success,
                "rows_checked": outcome.rows_checked,
                "unexpected_count": outcome.unexpected_count,
                "unexpected_amount": str(outcome.unexpected_amount)
                if outcome.unexpected_amount is not None
                else None,
                "unexpected_sample": outcome.unexpected[:20],
            },
            indent=2,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )


def _build_check(suite: Suite) -> dg.AssetChecksDefinition:
    severity = dg.AssetCheckSeverity.ERROR if suite.blocking else dg.AssetCheckSeverity.WARN

    @dg.asset_check(
        asset=dg.AssetKey(suite.asset),
        name=suite.name,
        blocking=suite.blocking,
        description=suite.description,
        retry_policy=GX_RETRY_POLICY,
    )
    def _check(duckdb: DuckDBResource) -> dg.AssetCheckResult:
        outcome = run_suite(suite, duckdb)
        metadata: dict[str, dg.RawMetadataValue] = {
            "rows_checked": outcome.rows_checked,
            "unexpected_rows": outcome.unexpected_count,
            "unexpected": dg.MetadataValue.md(_markdown(outcome)),
            "failed_expectations": dg.MetadataValue.md(
                "\n".join(f"- {e}" for e in outcome.failed_expectations) or "tidak ada"
            ),
            "suite_file": dg.MetadataValue.path(str(suite.path)),
        }
        if outcome.unexpected_amount is not None:
            metadata["unexpected_amount_rp"] = str(outcome.unexpected_amount)
        if outcome.docs_url:
            metadata["data_docs"] = dg.MetadataValue.url(outcome.docs_url)
        return dg.AssetCheckResult(passed=outcome.success, severity=severity, metadata=metadata)

    return _check


SUITES = load_suites(EXPECTATIONS_DIR)
GX_CHECKS = [_build_check(s) for s in SUITES]

__all__ = ["GX_CHECKS", "SUITES"]
