"""The GX suites validate dbt models, in one step per night.

* Every suite of `expectations/` names its check model (`checks.chk_<suite>`),
  carries no SQL, and the model is described in `models/checks/_checks.yml`.
* The code location has one GX step (`gx_checks`) with one asset check per
  suite, blocking as the suite says, on the asset it names; the publish step
  waits for every blocking one.
* On hand-made bad data (a tiny working file, the check models built by real
  dbt, validated by real GX): `allocation_sums_to_realisasi` fails and lists
  the lines (it replaced the dbt test `assert_allocation_sums_to_realisasi`);
  a run that selects one asset evaluates only that asset's checks; a failing
  blocking check stops the publish step; the night's validations share one
  GX run and one Data Docs build.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import dagster as dg
import duckdb
import pytest
import yaml
from dagster_duckdb import DuckDBResource

from pipelines.core.paths import DBT_PROJECT_DIR, EXPECTATIONS_DIR
from pipelines.ingest.loader import ensure_raw_schema
from pipelines.ops.notify import scrub
from pipelines.quality.checks import STEP_NAME, SUITES, build_gx_checks
from tests.check_models import build_models

CHECKS_DIR = DBT_PROJECT_DIR / "models" / "checks"
CONSERVED = "realisasi_conserved_per_office_month"
ALLOCATION = "allocation_sums_to_realisasi"


def _suite(name: str):  # noqa: ANN202 - a Suite
    return next(s for s in SUITES if s.name == name)


# --------------------------------------------------------------------------- static


def test_every_suite_names_its_check_model_and_carries_no_sql() -> None:
    described = {
        m["name"]: {c["name"] for c in m.get("columns", [])}
        for m in yaml.safe_load((CHECKS_DIR / "_checks.yml").read_text())["models"]
    }
    files = {p.stem for p in CHECKS_DIR.glob("*.sql")}
    assert {s.name for s in SUITES} == {p.stem for p in EXPECTATIONS_DIR.glob("*.json")}
    for suite in SUITES:
        meta = json.loads(suite.path.read_text())["meta"]["dagster"]
        assert "query" not in meta, suite.name
        assert suite.model == f"chk_{suite.name}"
        assert suite.model in files and suite.model in described, suite.model
        assert set(suite.report_columns) <= described[suite.model], suite.name
        if suite.amount_column:
            assert suite.amount_column in described[suite.model]
    # No check model without its suite: the suite is the model's only test.
    assert files == set(described) == {s.model for s in SUITES}


def test_one_gx_step_with_a_check_per_suite() -> None:
    from pipelines.definitions import defs

    (gx,) = [c for c in defs.asset_checks or [] if c.node_def.name == STEP_NAME]
    specs = {spec.name: spec for spec in gx.check_specs}
    assert set(specs) == {s.name for s in SUITES}
    graph = defs.resolve_asset_graph()
    publish = graph.get(dg.AssetKey(["published", "warehouse"]))
    for suite in SUITES:
        spec = specs[suite.name]
        assert spec.blocking == suite.blocking
        assert spec.asset_key == dg.AssetKey(suite.asset)
        # The check reads its model, which dbt builds: lineage and order in the graph.
        model = dg.AssetKey(["checks", suite.model])
        assert model in graph.get_all_asset_keys()
        assert model in {d.asset_key for d in spec.additional_deps}
        if suite.blocking:
            # Blocking gates what is downstream of the checked asset: the publish step.
            assert spec.asset_key in publish.parent_keys, suite.name
    job = defs.resolve_job_def("nightly_load")
    assert STEP_NAME in job.graph.node_dict
    assert not [n for n in job.graph.node_dict if any(n.endswith(s.name) for s in SUITES)]


def test_personal_data_shapes_are_the_alerts_shapes() -> None:
    """The SQL patterns of the check model and the Python masking of alerts agree."""
    sql = (CHECKS_DIR / "chk_no_personal_data_in_marts.sql").read_text()
    patterns = dict(re.findall(r"'(nik|no_hp|no_paspor)': '([^']+)'", sql))
    assert set(patterns) == {"nik", "no_hp", "no_paspor"}
    probes = [
        "3578015203900001",
        "NIK 3578015203900001 ditolak",
        "35780152039000012",
        "sp2d 260000000000001",
        "081234567890",
        "+6281234567890",
        "hp 6281234567;",
        "0812345",
        "C1234567",
        "AB123456 di paspor",
        "ABC1234567",
        "c1234567",
        "Rp 1.234.567.890.123.456",
        "DL.6011.QAH.001.051.A.524111",
    ]
    con = duckdb.connect()
    for probe in probes:
        in_sql = any(
            con.execute("select regexp_matches(?, ?)", [probe, p]).fetchone()[0]
            for p in patterns.values()
        )
        assert in_sql == ("[disamarkan]" in scrub(probe)), probe


# --------------------------------------------------------------------------- bad data


def _work_db(path: Path) -> None:
    """900104's SP2D of January (10.000.000,00) as the ledger and the mart agree; four budget
    lines, three of them wrong:

    L1 traced 60 + 40 = 100 (right); L2 traced 25 + 24,99 ≠ 50 (a cent lost);
    L3 untraced but split over two rows; L4 its pagu differs between its rows."""
    con = duckdb.connect(str(path))
    ensure_raw_schema(con)
    now = dt.datetime(2026, 2, 1, 2, 0)
    con.execute(
        "insert into raw.file_ledger (file_id, file_hash, feed, file_name, source_file, "
        "kdsatker, thang, bulan, delivery_key, landed_at, loaded_at, status, row_count, "
        "amount_total) values ('id1', 'h1', 'sp2d', 'SP2D_900104_202601.csv', "
        "'sp2d/SP2D_900104_202601.csv', '900104', 2026, 1, 'sp2d:900104:202601', ?, ?, "
        "'loaded', 3, 10000000.00)",
        [now, now],
    )
    con.execute("create schema marts")
    con.execute(
        "create table marts.office_month as select * from (values "
        "(2026, 1, '900104', 10000000.00::decimal(18,2))) t(thang, bulan, kdsatker, realisasi_bulan)"
    )
    con.execute(
        "create table marts.budget_line_trace as select * from (values "
        "(2026, '900104', 'L1', 100.00, 100.00, 60.00, true), "
        "(2026, '900104', 'L1', 100.00, 100.00, 40.00, true), "
        "(2026, '900104', 'L2', 80.00, 50.00, 25.00, true), "
        "(2026, '900104', 'L2', 80.00, 50.00, 24.99, true), "
        "(2026, '900104', 'L3', 0.00, 10.00, 5.00, false), "
        "(2026, '900104', 'L3', 0.00, 10.00, 5.00, false), "
        "(2026, '900104', 'L4', 100.00, 30.00, 20.00, true), "
        "(2026, '900104', 'L4', 120.00, 30.00, 10.00, true)"
        ") t(thang, kdsatker, kode_anggaran, pagu, realisasi, realisasi_dialokasikan, is_traced)"
    )
    con.execute(
        "alter table marts.budget_line_trace alter realisasi type decimal(18,2); "
        "alter table marts.budget_line_trace alter pagu type decimal(18,2); "
        "alter table marts.budget_line_trace alter realisasi_dialokasikan type decimal(18,2)"
    )
    con.close()
    models = ["stg_file_ledger", "int_file_deliveries", f"chk_{CONSERVED}", f"chk_{ALLOCATION}"]
    build_models(path, models, path.parent / "dbt")


@pytest.fixture(scope="module")
def work_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("checks") / "work.duckdb"
    _work_db(path)
    return path


def _defs(work: Path) -> dg.Definitions:
    @dg.asset(key=["marts", "office_month"])
    def office_month() -> None:
        pass

    @dg.asset(key=["marts", "budget_line_trace"])
    def budget_line_trace() -> None:
        pass

    @dg.asset(key=["published", "warehouse"], deps=[office_month, budget_line_trace])
    def published() -> None:
        pass

    return dg.Definitions(
        assets=[office_month, budget_line_trace, published],
        asset_checks=[build_gx_checks([_suite(CONSERVED), _suite(ALLOCATION)])],
        jobs=[
            dg.define_asset_job("nightly", executor_def=dg.in_process_executor),
            dg.define_asset_job(
                "office_month_only",
                selection=dg.AssetSelection.assets(office_month),
                executor_def=dg.in_process_executor,
            ),
        ],
        resources={"duckdb": DuckDBResource(database=str(work))},
    )


def _steps(result: dg.ExecuteInProcessResult, kind: str) -> set[str]:
    return {e.step_key for e in result.all_events if e.event_type_value == kind and e.step_key}


@pytest.mark.slow  # builds dbt models and runs the GX step in a Dagster job
def test_allocation_check_fails_and_blocks_publishing(
    work_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = tmp_path / "wh" / "jejak_rupiah.duckdb"
    monkeypatch.setenv("JEJAK_WAREHOUSE", str(warehouse))
    reports = warehouse.parent / "reports"
    defs = _defs(work_db)
    instance = dg.DagsterInstance.ephemeral()

    # A run of one asset (as the UI launches it) evaluates only that asset's check.
    subset = defs.resolve_job_def("office_month_only").execute_in_process(instance=instance)
    assert subset.success
    assert [e.check_name for e in subset.get_asset_check_evaluations()] == [CONSERVED]
    assert {p.stem for p in (reports / "checks").glob("*.json")} == {CONSERVED}

    # The whole job: both checks in one step; the failing blocking one stops the publish.
    result = defs.resolve_job_def("nightly").execute_in_process(
        instance=instance, raise_on_error=False
    )
    assert not result.success
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert evaluations[CONSERVED].passed and not evaluations[ALLOCATION].passed
    assert STEP_NAME in _steps(result, "STEP_FAILURE")
    assert "published__warehouse" not in _steps(result, "STEP_START")
    assert not [
        m for m in result.get_asset_materialization_events() if m.asset_key.path[0] == "published"
    ]

    allocation = evaluations[ALLOCATION].metadata
    assert allocation["unexpected_rows"].value == 3
    table = allocation["unexpected"]
    assert isinstance(table, dg.TableMetadataValue)
    assert [c.name for c in table.schema.columns] == [
        "thang", "kdsatker", "kode_anggaran", "realisasi", "total_dialokasikan", "baris_seragam",
    ]  # fmt: skip
    assert [(r.data["kode_anggaran"], r.data["total_dialokasikan"]) for r in table.records] == [
        ("L2", "49.99"),
        ("L3", "10.00"),
        ("L4", "30.00"),
    ]
    assert allocation["failed_expectations"].value == [
        "expect_column_pair_values_to_be_equal(column_A=realisasi, column_B=total_dialokasikan)",
        "expect_column_values_to_be_in_set(column=baris_seragam, value_set=[True])",
    ]
    report = json.loads((reports / "checks" / f"{ALLOCATION}.json").read_text())
    assert report["success"] is False and report["unexpected_count"] == 3
    assert report["model"] == f"checks.chk_{ALLOCATION}"

    # The validations of a run share one GX run id (the subset run added its own), and the
    # Data Docs site holds them.
    runs_by_suite: dict[str, set[str]] = {}
    for path in (reports / "gx").rglob("validations/*/*/*/*.json"):
        suite, run_name, run_time = path.parts[-4:-1]
        runs_by_suite.setdefault(suite, set()).add(f"{run_name}/{run_time}")
    assert runs_by_suite[ALLOCATION] & runs_by_suite[CONSERVED]
    docs = reports / "gx" / "gx" / "uncommitted" / "data_docs" / "local_site"
    assert (docs / "index.html").exists()
    assert str(evaluations[ALLOCATION].metadata["data_docs"].value).startswith("file://")
