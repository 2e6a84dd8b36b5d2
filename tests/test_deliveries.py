"""Deliveries in any order and on any night give the same warehouse.

Night 1 brings January and the February correction (`_koreksi`, landed
5 March); night 2 brings the original February file, which landed earlier
(3 March) but reaches the pipeline late. The correction must still win, and
the marts must equal those of a single run over all files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from tests.conftest import run_nightly
from tests.landing_fixture import build_landing

pytestmark = pytest.mark.slow  # runs the whole nightly job four times

LATE_FILES = ["sp2d/SP2D_900104_202602.xlsx", "pengaduan/PENGADUAN_900104_20260131.csv"]


def _marts(path: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    out = {}
    for (table,) in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'marts' order by 1"
    ).fetchall():
        # loaded_at is when the pipeline saw a file: the one column allowed to differ.
        cols = [
            c
            for (c,) in con.execute(
                "select column_name from duckdb_columns() where schema_name = 'marts' "
                "and table_name = ? and column_name <> 'loaded_at' order by column_index",
                [table],
            ).fetchall()
        ]
        out[table] = con.execute(
            f"select {', '.join(cols)} from marts.{table} order by all"
        ).fetchall()
    con.close()
    return out


def _move_with_times(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)  # keeps the modification time: the landing time
    src.unlink()


def test_night_by_night_equals_all_at_once(tmp_path: Path) -> None:
    all_landing = build_landing(tmp_path / "all")
    once = run_nightly(
        all_landing, tmp_path / "all" / "wh" / "w.duckdb", dg.DagsterInstance.ephemeral()
    )
    assert once.result.success

    landing = tmp_path / "nights" / "landing"
    shutil.copytree(all_landing, landing)  # the very same files, modification times included
    held = tmp_path / "held"
    for rel in LATE_FILES:
        _move_with_times(landing / rel, held / rel)
    instance = dg.DagsterInstance.ephemeral()
    warehouse = tmp_path / "nights" / "wh" / "w.duckdb"
    night1 = run_nightly(landing, warehouse, instance)
    assert night1.result.success
    for rel in LATE_FILES:
        _move_with_times(held / rel, landing / rel)
    night2 = run_nightly(landing, warehouse, instance)
    assert night2.result.success
    rerun = run_nightly(landing, warehouse, instance)  # re-running a night changes nothing
    assert rerun.result.success

    nightly, single = _marts(warehouse), _marts(once.warehouse)
    assert nightly.keys() == single.keys()
    for table in single:
        only_nightly = set(nightly[table]) - set(single[table])
        only_single = set(single[table]) - set(nightly[table])
        assert not only_nightly and not only_single, (table, only_nightly, only_single)
        assert nightly[table] == single[table]
    con = duckdb.connect(str(warehouse), read_only=True)
    status = dict(con.execute("select file_name, status from marts.file_deliveries").fetchall())
    assert status["SP2D_900104_202602.xlsx"] == "superseded"
    assert status["SP2D_900104_202602_koreksi.csv"] == "loaded"
    assert status["PENGADUAN_900104_20260131.csv"] == "superseded"
