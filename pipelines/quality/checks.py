"""The GX suites of `expectations/` as Dagster asset checks, evaluated in one step.

Each suite is one asset check on the asset it names (`AssetCheckSpec`, with
its blocking flag), and all of them belong to one `@multi_asset_check`,
`gx_checks`: one step per night reads every check model (dbt schema
`checks`), validates them all in one GX context and builds the Data Docs
once (`gx_runner.validate_all`), then reports one result per suite. A run
that selects only some checks (a UI run of a few assets, `dagster asset
materialize --select ...`) evaluates only those (`can_subset`).

Checks that prove the warehouse wrong (rupiah not conserved, personal data)
are `blocking`: a failure stops the publish step and fails the run. Checks
that report the offices' own gaps (untraced spending, spending outside the
DIPA) warn: the gap is shown in the marts and the night goes on.

A result carries structured metadata, never Markdown to be parsed back: the
failing rows as a table (`unexpected`: whitelisted columns, rupiah as exact
strings), the failed expectations as JSON, counts and the rupiah at stake.
The same rows go to `reports/checks/<check>.json`, which the run summary reads.
"""

# No `from __future__ import annotations`: Dagster reads the `context` annotation at runtime.
import json
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.core.faults import die_if_requested
from pipelines.core.paths import EXPECTATIONS_DIR
from pipelines.core.retries import GX_RETRY_POLICY
from pipelines.core.settings import settings_from_env
from pipelines.quality.gx_runner import (
    CHECKS_SCHEMA,
    Outcome,
    Suite,
    load_suites,
    query_frame,
    validate_all,
)

STEP_NAME = "gx_checks"
"""The op (and step key) that evaluates every GX suite."""
REPORT_SAMPLE_ROWS = 20


class CheckModelMissing(RuntimeError):
    """A suite's check model is not in the working database (dbt has not built it)."""


def check_model_key(suite: Suite) -> dg.AssetKey | None:
    """The Dagster asset of a suite's check model (dagster-dbt: schema / model name)."""
    return dg.AssetKey([CHECKS_SCHEMA, suite.model]) if suite.model else None


def check_spec(suite: Suite) -> dg.AssetCheckSpec:
    """The asset check of a suite: on the asset it names, reading its check model."""
    return dg.AssetCheckSpec(
        name=suite.name,
        asset=dg.AssetKey(suite.asset),
        description=suite.description,
        blocking=suite.blocking,
        additional_deps=[key for key in [check_model_key(suite)] if key is not None],
        metadata={"suite_file": str(suite.path.name), "check_model": _model_name(suite)},
    )


def run_suites(
    suites: list[Suite], duckdb: DuckDBResource, reports_dir: Path
) -> dict[str, Outcome]:
    """Read each suite's check model, validate them all at once, write each summary JSON."""
    if not suites:
        return {}
    with duckdb.get_connection() as con:
        present = {
            name
            for (name,) in con.execute(
                "select table_name from duckdb_tables() where schema_name = ? "
                "union all select view_name from duckdb_views() where schema_name = ?",
                [CHECKS_SCHEMA, CHECKS_SCHEMA],
            ).fetchall()
        }
        missing = [_model_name(s) for s in suites if s.model and s.model not in present]
        if missing:
            raise CheckModelMissing(
                "model pemeriksaan belum dibangun di database kerja: "
                + ", ".join(missing)
                + " (jalankan dbt untuk model-model ini, lalu jalankan ulang pemeriksaan)"
            )
        batches = [(suite, query_frame(con, suite.query)) for suite in suites]
    outcomes = validate_all(batches, reports_dir / "gx")
    for suite in suites:
        write_summary(suite, outcomes[suite.name], reports_dir / "checks")
    return outcomes


def write_summary(suite: Suite, outcome: Outcome, folder: Path) -> None:
    """A small JSON per check, read by the run summary and kept beside the Data Docs."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{suite.name}.json").write_text(
        json.dumps(
            {
                "check": suite.name,
                "asset": "/".join(suite.asset),
                "model": _model_name(suite),
                "blocking": suite.blocking,
                "success": outcome.success,
                "rows_checked": outcome.rows_checked,
                "unexpected_count": outcome.unexpected_count,
                "unexpected_amount": str(outcome.unexpected_amount)
                if outcome.unexpected_amount is not None
                else None,
                "failed_expectations": outcome.failed_expectations,
                "unexpected_sample": outcome.unexpected[:REPORT_SAMPLE_ROWS],
            },
            indent=2,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )


def unexpected_table(outcome: Outcome) -> dg.TableMetadataValue:
    """The listed failing rows as a Dagster table (cells as exact strings, typed columns).

    A table cell is shown as text, never rendered as Markdown, so a value from
    an office's file needs no escaping here."""
    columns = outcome.columns or {c: "string" for c in (outcome.unexpected or [{}])[0]}
    return dg.MetadataValue.table(
        records=[dg.TableRecord(dict(row)) for row in outcome.unexpected],
        schema=dg.TableSchema(
            columns=[dg.TableColumn(name=name, type=kind) for name, kind in columns.items()]
        ),
    )


def check_result(suite: Suite, outcome: Outcome) -> dg.AssetCheckResult:
    """The suite's verdict with its structured metadata."""
    metadata: dict[str, dg.RawMetadataValue] = {
        "rows_checked": outcome.rows_checked,
        "unexpected_rows": outcome.unexpected_count,
        "unexpected_listed": len(outcome.unexpected),
        "unexpected": unexpected_table(outcome),
        "failed_expectations": dg.MetadataValue.json(outcome.failed_expectations),
        "check_model": _model_name(suite),
        "suite_file": dg.MetadataValue.path(str(suite.path)),
    }
    if outcome.unexpected_amount is not None:
        metadata["unexpected_amount_rp"] = str(outcome.unexpected_amount)
    if outcome.docs_url:
        metadata["data_docs"] = dg.MetadataValue.url(outcome.docs_url)
    return dg.AssetCheckResult(
        asset_key=dg.AssetKey(suite.asset),
        check_name=suite.name,
        passed=outcome.success,
        severity=dg.AssetCheckSeverity.ERROR if suite.blocking else dg.AssetCheckSeverity.WARN,
        metadata=metadata,
    )


def _model_name(suite: Suite) -> str:
    return f"{CHECKS_SCHEMA}.{suite.model}" if suite.model else "(query)"


def build_gx_checks(suites: list[Suite]) -> dg.AssetChecksDefinition:
    """One multi-asset check evaluating the given suites (a subset when the run selects one)."""
    by_key = {dg.AssetCheckKey(dg.AssetKey(s.asset), s.name): s for s in suites}

    @dg.multi_asset_check(
        name=STEP_NAME,
        specs=[check_spec(s) for s in suites],
        can_subset=True,
        retry_policy=GX_RETRY_POLICY,
        description=(
            "Semua suite GX (expectations/) atas model pemeriksaan dbt (skema checks), "
            "divalidasi dalam satu langkah; Data Docs dibangun sekali."
        ),
    )
    def _gx_checks(
        context: dg.AssetCheckExecutionContext, duckdb: DuckDBResource
    ) -> Iterator[dg.AssetCheckResult]:
        die_if_requested("checks")  # test-only fault hook
        selected = [by_key[k] for k in by_key if k in context.selected_asset_check_keys]
        # Settings from the environment until the code location hands checks the settings
        # resource (pipelines/core/resources.py).
        outcomes = run_suites(selected, duckdb, settings_from_env().reports_dir)
        for suite in selected:
            yield check_result(suite, outcomes[suite.name])

    return _gx_checks


SUITES = load_suites(EXPECTATIONS_DIR)
GX_CHECKS = [build_gx_checks(SUITES)]

__all__ = ["GX_CHECKS", "STEP_NAME", "SUITES", "build_gx_checks", "run_suites"]
