"""Backfill of one office-month, and a night with nothing new.

Story: 900104's February correction (`SP2D_900104_202602_koreksi.csv`) was
rejected by an older version of the code (emulated by writing that verdict into
the ledger), so the published February is the original xlsx, 20.000.000,01.
The operator backfills partition `2026-02-01|900104`: the correction is
examined again and loaded, February becomes 28.000.000,01 (see
`tests/landing_fixture.py`), and nothing of any other office-month changes:
not one raw row or ledger entry, not one mart row of another office.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from dagster_duckdb import DuckDBResource

from tests.conftest import run_nightly
from tests.landing_fixture import EXPECTED, build_landing

pytestmark = pytest.mark.slow  # runs the whole nightly job three times and a backfill

D = Decimal
KOREKSI = "sp2d/SP2D_900104_202602_koreksi.csv"
PARTITION = "2026-02-01|900104"
FEB_FILES = {
    "sp2d/SP2D_900104_202602.xlsx",
    KOREKSI,
    "capaian_ro/CAPAIAN_900104_202602.xlsx",
}


def _raw_outside_partition(work_db: Path) -> dict[str, list[tuple]]:
    """Every raw row and ledger row that does not belong to 900104's February files."""
    con = duckdb.connect(str(work_db), read_only=True)
    out = {}
    marks = ", ".join("?" for _ in FEB_FILES)
    for (table,) in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'raw' order by 1"
    ).fetchall():
        column = "source_file" if table == "file_ledger" else "_source_file"
        out[table] = con.execute(
            f"select * from raw.{table} where {column} not in ({marks}) order by all",
            sorted(FEB_FILES),
        ).fetchall()
    con.close()
    return out


def _marts_of_other_offices(warehouse: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    out = {}
    for (table,) in con.execute(
        "select table_name from duckdb_columns() where schema_name = 'marts' "
        "and column_name = 'kdsatker' order by 1"
    ).fetchall():
        out[table] = con.execute(
            f"select * from marts.{table} where kdsatker is distinct from '900104' order by all"
        ).fetchall()
    con.close()
    return out


def _published_facts(warehouse: Path) -> tuple[dict[int, Decimal], str, str]:
    con = duckdb.connect(str(warehouse), read_only=True)
    months = dict(
        con.execute(
            "select bulan, realisasi_bulan from marts.office_month where kdsatker = '900104' "
            "order by bulan"
        ).fetchall()
    )
    status = con.execute(
        "select status from marts.file_deliveries where file_name = 'SP2D_900104_202602_koreksi.csv'"
    ).fetchone()[0]
    run_id = con.execute("select run_id from meta.publication").fetchone()[0]
    con.close()
    return months, status, run_id


def _step_outcomes(result: dg.ExecuteInProcessResult) -> dict[str, str]:
    outcomes = {}
    for event in result.all_events:
        if event.event_type_value in ("STEP_SUCCESS", "STEP_SKIPPED", "STEP_FAILURE"):
            outcomes[event.step_key] = event.event_type_value
    return outcomes


def _materialized(result: dg.ExecuteInProcessResult) -> set[str]:
    return {
        e.asset_key.to_user_string()
        for e in result.all_events
        if e.event_type_value == "ASSET_MATERIALIZATION"
    }


def test_backfill_one_office_month_touches_nothing_else(tmp_path: Path) -> None:
    landing = build_landing(tmp_path)
    warehouse = tmp_path / "warehouse" / "jejak_rupiah.duckdb"
    instance = dg.DagsterInstance.ephemeral()
    first = run_nightly(landing, warehouse, instance)
    assert first.result.success
    # The nightly load marks the office-months whose files loaded (UI partition grid):
    # 900104 January and February (SP2D and capaian), 900110 January; 900104 March and
    # April have only rejected files and stay missing.
    assert instance.get_materialized_partitions(
        dg.AssetKey(["raw", "office_month_deliveries"])
    ) == {
        "2026-01-01|900104",
        "2026-02-01|900104",
        "2026-01-01|900110",
    }

    # A night with no new files: ingest looks, dbt builds nothing, nothing downstream runs.
    inode, mtime = warehouse.stat().st_ino, warehouse.stat().st_mtime_ns
    quiet = run_nightly(landing, warehouse, instance)
    assert quiet.result.success
    outcomes = _step_outcomes(quiet.result)
    assert outcomes["jejak_dbt_models"] == "STEP_SUCCESS"
    assert outcomes["published__warehouse"] == "STEP_SKIPPED"
    assert outcomes["published__laporan_scorecard"] == "STEP_SKIPPED"
    assert not any(
        k.startswith(("marts/", "staging/", "published/")) for k in _materialized(quiet.result)
    )
    assert (warehouse.stat().st_ino, warehouse.stat().st_mtime_ns) == (inode, mtime)

    # The older code's verdict on the correction, written where the loader keeps verdicts.
    con = duckdb.connect(str(first.work_db))
    con.execute("delete from raw.sp2d where _source_file = ?", [KOREKSI])
    con.execute(
        "update raw.file_ledger set status = 'rejected', row_count = 0, amount_total = null, "
        "error = 'kolom wajib ''nilai'' tidak ditemukan (versi lama)' where source_file = ?",
        [KOREKSI],
    )
    con.close()
    tampered = run_nightly(landing, warehouse, instance)  # the ledger changed: it rebuilds
    assert tampered.result.success
    months, status, _ = _published_facts(warehouse)
    assert status == "rejected"
    assert months == {1: D("43999999.50"), 2: D("20000000.01")}  # the original xlsx

    raw_before = _raw_outside_partition(first.work_db)
    marts_before = _marts_of_other_offices(warehouse)

    from pipelines.definitions import defs

    result = defs.resolve_job_def("backfill_office_month").execute_in_process(
        partition_key=PARTITION,
        instance=instance,
        resources={"duckdb": DuckDBResource(database=str(first.work_db))},
        raise_on_error=False,
    )
    assert result.success
    assert result.dagster_run.tags["dagster/partition"] == PARTITION

    (materialization,) = [
        e.event_specific_data.materialization
        for e in result.all_events
        if e.event_type_value == "ASSET_MATERIALIZATION"
        and e.asset_key == dg.AssetKey(["raw", "office_month_deliveries"])
    ]
    assert materialization.partition == PARTITION
    meta = {k: getattr(v, "value", v) for k, v in materialization.metadata.items()}
    assert (meta["satker"], meta["bulan"]) == ("900104", "2026-02")
    # 202602.xlsx, its correction and February's capaian file; all three load.
    assert (meta["files_examined"], meta["files_loaded"], meta["files_rejected"]) == (3, 3, 0)
    # 20.000.000,01 (xlsx) + 28.000.000,01 (correction) of SP2D; capaian carries no rupiah.
    assert meta["amount_total_loaded"] == "48000000.02"

    # Nothing outside the partition moved: raw rows, ledger entries (loaded_at included)...
    assert _raw_outside_partition(first.work_db) == raw_before
    # ...and every mart row of every other office.
    assert _marts_of_other_offices(warehouse) == marts_before

    months, status, run_id = _published_facts(warehouse)
    assert status == "loaded"
    assert months == EXPECTED["month_900104"]
    assert sum(months.values()) == EXPECTED["realisasi_900104"]
    assert run_id == result.run_id
