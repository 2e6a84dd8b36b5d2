"""Run a Great Expectations suite from `expectations/` on the result of a DuckDB query.

GX 1.x has no DuckDB dialect, so the batch is built in DuckDB (the query does
the joins and aggregation, keeping the frame small) and validated through
GX's pandas datasource. The frame comes through Arrow so DECIMAL rupiah arrive
as Python `Decimal`, never as floats. A file-backed GX context under the
reports folder keeps every validation result and builds the Data Docs site.

Great Expectations (and pandas) are imported on first validation, not when
the code location loads: importing GX alone takes seconds (it pulls in
scipy), and `dagster` loads the definitions for every run, sensor tick and
UI reload. Loading a suite file checks its shape; GX itself checks each
expectation when the suite is built for validation, and a malformed one
fails that check's step, so it still fails the run loudly.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:
    import pandas as pd

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

DATASOURCE = "jejak_rupiah_warehouse"
SUITE_KEYS = {"name", "expectations", "meta", "notes"}


def _gx() -> ModuleType:
    """Great Expectations, imported on first use (after the environment switch above)."""
    import great_expectations

    return great_expectations


@dataclass(frozen=True)
class Suite:
    """A suite file: GX expectations plus where and how Dagster runs them."""

    name: str
    asset: list[str]
    blocking: bool
    description: str
    query: str
    report_columns: list[str]
    amount_column: str | None
    gx_suite: dict[str, Any]
    path: Path


@dataclass(frozen=True)
class Outcome:
    """A validation's verdict and the unexpected rows (no personal data by construction)."""

    success: bool
    rows_checked: int
    unexpected: list[dict[str, str]]
    unexpected_count: int
    unexpected_amount: Decimal | None
    failed_expectations: list[str]
    docs_url: str | None


def load_suite(path: Path) -> Suite:
    """Read a suite file and fail loudly on a malformed one."""
    data = json.loads(path.read_text(encoding="utf-8"))
    meta = data.get("meta", {}).get("dagster")
    if not meta:
        raise ValueError(f"{path.name}: meta.dagster is missing")
    gx_suite = {k: v for k, v in data.items() if k in SUITE_KEYS}
    _check_shape(path, gx_suite)
    return Suite(
        name=data["name"],
        asset=list(meta["asset"]),
        blocking=bool(meta["blocking"]),
        description=meta["description"],
        query=meta["query"],
        report_columns=list(meta.get("report_columns", [])),
        amount_column=meta.get("amount_column"),
        gx_suite=gx_suite,
        path=path,
    )


def _check_shape(path: Path, gx_suite: dict[str, Any]) -> None:
    """What can be checked without importing GX: a name and well-formed expectation entries."""
    if not isinstance(gx_suite.get("name"), str) or not gx_suite["name"]:
        raise ValueError(f"{path.name}: the suite has no name")
    expectations = gx_suite.get("expectations")
    if not isinstance(expectations, list) or not expectations:
        raise ValueError(f"{path.name}: the suite has no expectations")
    for entry in expectations:
        if (
            not isinstance(entry, dict)
            or not str(entry.get("type", "")).startswith("expect_")
            or not isinstance(entry.get("kwargs", {}), dict)
        ):
            raise ValueError(f"{path.name}: an expectation is not valid GX 1.x configuration")


def build_suite(suite: Suite) -> Any:
    """The GX suite object; raises when an expectation is not valid GX 1.x configuration."""
    built = _gx().ExpectationSuite(**suite.gx_suite)
    if len(built.expectations) != len(suite.gx_suite["expectations"]):
        raise ValueError(f"{suite.path.name}: an expectation is not valid GX 1.x configuration")
    return built


def load_suites(folder: Path) -> list[Suite]:
    """Every suite file of the folder, sorted by name."""
    return [load_suite(p) for p in sorted(folder.glob("*.json"))]


def query_frame(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    """Run the batch query; DECIMAL columns stay `Decimal` through Arrow."""
    return con.sql(sql).to_arrow_table().to_pandas()


def validate(suite: Suite, frame: pd.DataFrame, gx_root: Path) -> Outcome:
    """Validate a frame with the suite, store the result and update the Data Docs."""
    gx = _gx()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="file", project_root_dir=str(gx_root))
    bars = context.variables.progress_bars
    if bars is None or (bars.get("globally", True) if isinstance(bars, dict) else bars.globally):
        # Progress bars only clutter the nightly log.
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        context.variables.save()
    try:
        datasource = context.data_sources.get(DATASOURCE)
    except (KeyError, ValueError):
        datasource = context.data_sources.add_pandas(DATASOURCE)
    try:
        asset = datasource.get_asset(suite.name)
    except LookupError:
        asset = datasource.add_dataframe_asset(suite.name)
    try:
        batch_definition = asset.get_batch_definition("whole_table")
    except KeyError:
        batch_definition = asset.add_batch_definition_whole_dataframe("whole_table")
    gx_suite = context.suites.add_or_update(build_suite(suite))
    definition = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=suite.name, data=batch_definition, suite=gx_suite)
    )
    checkpoint = context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=suite.name,
            validation_definitions=[definition],
            actions=[gx.checkpoint.UpdateDataDocsAction(name="data_docs")],
            # COMPLETE without index column names: results carry the frame's row labels,
            # from which the check metadata lists the offending rows (whitelisted columns,
            # rupiah as exact strings). GX itself stores no cell values: its JSON turns
            # Decimal into float, and a failing pmi_key check would otherwise write the
            # very identifier it caught into the results and the Data Docs.
            result_format={"result_format": "COMPLETE", "exclude_unexpected_values": True},
        )
    )
    result = checkpoint.run(batch_parameters={"dataframe": frame})
    validation = next(iter(result.run_results.values()))
    return _outcome(suite, frame, validation, context)


def _outcome(suite: Suite, frame: pd.DataFrame, validation: Any, context: Any) -> Outcome:
    failed: list[str] = []
    unexpected_index: set[int] = set()
    for expectation in validation.results:
        if expectation.success:
            continue
        config = expectation.expectation_config
        failed.append(f"{config.type}({_kwargs_text(config.kwargs)})")
        # With no index column names GX's pandas results list the frame's row labels.
        unexpected_index.update(
            i for i in expectation.result.get("unexpected_index_list") or [] if isinstance(i, int)
        )
    rows = frame.loc[sorted(unexpected_index)] if unexpected_index else frame.iloc[0:0]
    if suite.amount_column and suite.amount_column in rows.columns:
        order = rows[suite.amount_column].map(lambda v: abs(v) if v is not None else Decimal(0))
        rows = (
            rows.assign(_order=order).sort_values("_order", ascending=False).drop(columns="_order")
        )
        amount = sum((v for v in rows[suite.amount_column] if v is not None), Decimal("0.00"))
    else:
        amount = None
    columns = [c for c in suite.report_columns if c in rows.columns] or list(rows.columns)
    listed = [{c: _cell(r[c]) for c in columns} for _, r in rows.head(50).iterrows()]
    urls = context.get_docs_sites_urls()
    return Outcome(
        success=bool(validation.success),
        rows_checked=len(frame),
        unexpected=listed,
        unexpected_count=len(rows),
        unexpected_amount=amount,
        failed_expectations=failed,
        docs_url=urls[0]["site_url"] if urls else None,
    )


def _kwargs_text(kwargs: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in kwargs.items() if k not in {"batch_id"})


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)
