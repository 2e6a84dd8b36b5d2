"""Validate the check models (dbt, schema `checks`) with the GX suites of `expectations/`.

Every rule of which rows a check looks at lives in dbt: each suite names its
check model, `checks.chk_<suite>`, and the suite file keeps only the GX
expectations and what Dagster needs (asset, blocking, description, the
columns its report lists). GX 1.x has no DuckDB dialect, so a model's rows are
read from DuckDB (joins and aggregation stay in the database) and validated
through GX's pandas datasource. The frame comes through Arrow so DECIMAL
rupiah arrive as Python `Decimal`, never as floats.

All suites of a night are validated in one pass (`validate_all`): one
file-backed GX context, one batch definition per suite on the pandas
datasource, every validation definition run once with its frame under one
run id, and the Data Docs built once for all of them. Not one checkpoint run:
a GX checkpoint hands the same batch parameters to each of its validation
definitions, and a dataframe batch takes its frame from those parameters, so
one checkpoint can validate only one frame. A checkpoint run is itself a loop
over its validation definitions followed by its actions; this is that loop,
with the Data Docs action done once instead of once per suite.

Great Expectations (and pandas) are imported on first validation, not when
the code location loads: importing GX alone takes seconds (it pulls in
scipy), and `dagster` loads the definitions for every run, sensor tick and
UI reload. Loading a suite file checks its shape; GX itself checks each
expectation when the suite is built for validation, and a malformed one
fails the checks step, so it still fails the run loudly.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
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
BATCH_DEFINITION = "whole_table"
CHECKS_SCHEMA = "checks"
"""The dbt schema of the check models (dbt_project/models/checks/)."""
SUITE_KEYS = {"name", "expectations", "meta", "notes"}
LISTED_ROWS = 50
# COMPLETE without index column names: results carry the frame's row labels, from which
# the check lists the offending rows (whitelisted columns, rupiah as exact strings). GX
# itself stores no cell values: its JSON turns Decimal into float, and a failing pmi_key
# check would otherwise write the very identifier it caught into the results and the
# Data Docs.
RESULT_FORMAT = {"result_format": "COMPLETE", "exclude_unexpected_values": True}


def _gx() -> ModuleType:
    """Great Expectations, imported on first use (after the environment switch above)."""
    import great_expectations

    return great_expectations


@dataclass(frozen=True)
class Suite:
    """A suite file: GX expectations, the check model they validate, and how Dagster runs them."""

    name: str
    asset: list[str]
    blocking: bool
    description: str
    model: str | None
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
    columns: dict[str, str] | None = None
    """Type of each listed column (`string`, `int`, `decimal`, `bool`, `date`, ...)."""


def load_suite(path: Path) -> Suite:
    """Read a suite file and fail loudly on a malformed one.

    `meta.dagster.model` names the check model the suite validates (its rows
    are `select * from checks.<model>`). A suite outside `expectations/` may
    give its batch as `meta.dagster.query` instead (the benchmark's stack
    floor, bench/floor/, has no dbt project of checks); the project's suites
    never do (tests/test_check_models.py)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    meta = data.get("meta", {}).get("dagster")
    if not meta:
        raise ValueError(f"{path.name}: meta.dagster is missing")
    model = meta.get("model")
    if bool(model) == bool(meta.get("query")):
        raise ValueError(f"{path.name}: meta.dagster names either a check model or a query")
    gx_suite = {k: v for k, v in data.items() if k in SUITE_KEYS}
    _check_shape(path, gx_suite)
    return Suite(
        name=data["name"],
        asset=list(meta["asset"]),
        blocking=bool(meta["blocking"]),
        description=meta["description"],
        model=model,
        query=model_query(model) if model else meta["query"],
        report_columns=list(meta.get("report_columns", [])),
        amount_column=meta.get("amount_column"),
        gx_suite=gx_suite,
        path=path,
    )


def model_query(model: str) -> str:
    """The batch of a check model: all its rows, in a stable order (the listing follows it)."""
    return f"select * from {CHECKS_SCHEMA}.{model} order by all"


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
    """Validate one frame with one suite (`validate_all` with a single batch)."""
    return validate_all([(suite, frame)], gx_root)[suite.name]


def validate_all(
    batches: Sequence[tuple[Suite, pd.DataFrame]], gx_root: Path
) -> dict[str, Outcome]:
    """Validate each frame with its suite in one GX context; store the results, build the Data
    Docs once. Returns each suite's outcome by suite name."""
    if not batches:
        return {}
    gx = _gx()
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    context = _context(gx_root)
    datasource = _datasource(context)
    run_id = RunIdentifier(run_name="jejak_rupiah", run_time=dt.datetime.now(dt.UTC))
    validations: dict[str, tuple[Suite, pd.DataFrame, Any, Any]] = {}
    for suite, frame in batches:
        definition = context.validation_definitions.add_or_update(
            gx.ValidationDefinition(
                name=suite.name,
                data=_batch_definition(datasource, suite.name),
                suite=context.suites.add_or_update(build_suite(suite)),
            )
        )
        result = definition.run(
            batch_parameters={"dataframe": frame}, result_format=RESULT_FORMAT, run_id=run_id
        )
        identifier = ValidationResultIdentifier(
            expectation_suite_identifier=ExpectationSuiteIdentifier(name=suite.name),
            run_id=run_id,
            batch_identifier=result.batch_id,
        )
        validations[suite.name] = (suite, frame, result, identifier)
    # The Data Docs once for the night: each result's page, each suite's page, one index.
    context.build_data_docs(
        resource_identifiers=[
            *(identifier for *_, identifier in validations.values()),
            *(ExpectationSuiteIdentifier(name=name) for name in validations),
        ]
    )
    return {
        name: _outcome(suite, frame, result, _docs_url(context, identifier))
        for name, (suite, frame, result, identifier) in validations.items()
    }


def _context(gx_root: Path) -> Any:
    """The file-backed GX context under the reports folder, without progress bars."""
    gx = _gx()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="file", project_root_dir=str(gx_root))
    bars = context.variables.progress_bars
    if bars is None or (bars.get("globally", True) if isinstance(bars, dict) else bars.globally):
        # Progress bars only clutter the nightly log.
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        context.variables.save()
    return context


def _datasource(context: Any) -> Any:
    try:
        return context.data_sources.get(DATASOURCE)
    except (KeyError, ValueError):
        return context.data_sources.add_pandas(DATASOURCE)


def _batch_definition(datasource: Any, name: str) -> Any:
    """The suite's dataframe asset and its whole-frame batch definition (created once)."""
    try:
        asset = datasource.get_asset(name)
    except LookupError:
        asset = datasource.add_dataframe_asset(name)
    try:
        return asset.get_batch_definition(BATCH_DEFINITION)
    except KeyError:
        return asset.add_batch_definition_whole_dataframe(BATCH_DEFINITION)


def _docs_url(context: Any, identifier: Any) -> str | None:
    """The Data Docs page of this result (the site's index when GX gives no page)."""
    urls = context.get_docs_sites_urls(resource_identifier=identifier) or (
        context.get_docs_sites_urls()
    )
    return urls[0]["site_url"] if urls else None


def _outcome(suite: Suite, frame: pd.DataFrame, validation: Any, docs_url: str | None) -> Outcome:
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
    listed = [{c: _cell(r[c]) for c in columns} for _, r in rows.head(LISTED_ROWS).iterrows()]
    return Outcome(
        success=bool(validation.success),
        rows_checked=len(frame),
        unexpected=listed,
        unexpected_count=len(rows),
        unexpected_amount=amount,
        failed_expectations=failed,
        docs_url=docs_url,
        columns={c: _column_type(frame[c]) for c in columns},
    )


def _kwargs_text(kwargs: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in kwargs.items() if k not in {"batch_id"})


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _column_type(column: pd.Series) -> str:
    """What a listed column holds, for the table's schema (its cells are exact strings)."""
    first = column.first_valid_index()
    sample = None if first is None else column.loc[first]
    if hasattr(sample, "item"):  # a NumPy scalar
        sample = sample.item()
    if isinstance(sample, bool):
        return "bool"
    if isinstance(sample, Decimal):
        return "decimal"
    if isinstance(sample, int) or (sample is None and column.dtype.kind in "iu"):
        return "int"
    if isinstance(sample, float):
        return "float"
    if isinstance(sample, dt.datetime):
        return "timestamp"
    if isinstance(sample, dt.date):
        return "date"
    return str(column.dtype) if sample is None and column.dtype.kind in "bfiuM" else "string"
