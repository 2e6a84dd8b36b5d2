"""Explicit materialisations always build; a partial build never lets a night skip.

Story, on one warehouse:

1. The nightly job publishes the fixture landing folder (`tests/landing_fixture.py`).
2. A data engineer runs, from a shell, exactly what the UI launches for one asset:
   `dagster asset materialize -m pipelines.definitions --select marts/office_scorecard`.
   Nothing changed since the publication, yet the scorecard must be built again
   and its checks run. To see that it really was rebuilt, its rows in the working
   file are deleted first: the run must bring back the hand-computed figures.
3. A new SP2D file lands for 900104, March 2026: one line of 2.000.000,00 on
   L2 (WA.6013.EBA.994.001.A.521111). The engineer materialises a few assets
   (`raw/sp2d`, the dbt models under the scorecard and the marts it reconciles
   with, and the publish step), the way the UI does with
   `dg.materialize(..., selection=...)`. The publication then carries no build
   state, and its marts disagree (March is in office_month, not yet in
   realisasi_lines).
4. The next `nightly_load` must therefore rebuild the whole project, and every
   mart must equal that of a full build of the same landing folder in a fresh
   warehouse.

Hand-computed figures once the March file is in (see the fixture's docstring for 1-2):
  900104 realisasi  71.999.999,51 + 2.000.000,00 = 73.999.999,51, m = 3
  office_month 900104 March realisasi_bulan 2.000.000,00, kumulatif 73.999.999,51
  the new line is on a traced RO (6013.EBA.994 -> DK-01 100 %), so traced
  becomes 63.999.999,51 + 2.000.000,00 = 65.999.999,51; untraced stays 8.000.000,00.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from dagster_duckdb import DuckDBResource

from pipelines.core.paths import REPO_ROOT
from tests.conftest import PII_KEY, run_nightly
from tests.landing_fixture import EXPECTED, _ts, _write, build_landing

pytestmark = pytest.mark.slow  # runs the whole pipeline several times

D = Decimal
DAGSTER = str(Path(sys.executable).with_name("dagster"))
SCORECARD = dg.AssetKey(["marts", "office_scorecard"])


def _materialized(result_events: list) -> set[str]:
    return {
        e.asset_key.to_user_string()
        for e in result_events
        if e.event_type_value == "ASSET_MATERIALIZATION"
    }


def _marts(db: Path) -> dict[str, list[tuple]]:
    """Every row of every mart; `loaded_at` (when a file was processed) left out."""
    con = duckdb.connect(str(db), read_only=True)
    out = {}
    for (table,) in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'marts' order by 1"
    ).fetchall():
        columns = [
            c
            for (c,) in con.execute(
                "select column_name from duckdb_columns() where schema_name = 'marts' "
                "and table_name = ? order by column_index",
                [table],
            ).fetchall()
            if c != "loaded_at"
        ]
        out[table] = con.execute(
            f"select {', '.join(columns)} from marts.{table} order by all"
        ).fetchall()
    con.close()
    return out


def _published_state(warehouse: Path) -> tuple[str | None, str]:
    con = duckdb.connect(str(warehouse), read_only=True)
    row = con.execute("select build_state, run_id from meta.publication").fetchone()
    con.close()
    return row[0], row[1]


def _scorecard_900104(db: Path) -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    row = con.execute(
        "select bulan_berjalan, realisasi, realisasi_traced, realisasi_untraced "
        "from marts.office_scorecard where kdsatker = '900104'"
    ).fetchone()
    con.close()
    return row


def _cli_env(landing: Path, warehouse: Path, home: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("JEJAK_", "DAGSTER_")) and k != "PYTHONPATH"
    }
    return env | {
        "PYTHONPATH": str(REPO_ROOT),
        "JEJAK_LANDING_DIR": str(landing),
        "JEJAK_WAREHOUSE": str(warehouse),
        "JEJAK_PII_KEY": PII_KEY,
        "JEJAK_AS_OF_DATE": os.environ["JEJAK_AS_OF_DATE"],
        "DAGSTER_HOME": str(home),
    }


def test_explicit_materialisation_builds_and_partial_publish_forces_next_rebuild(
    tmp_path: Path,
) -> None:
    landing = build_landing(tmp_path)
    warehouse = tmp_path / "warehouse" / "jejak_rupiah.duckdb"
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    instance = dg.DagsterInstance.from_config(str(home))

    # 1. The night publishes; its state is recorded.
    first = run_nightly(landing, warehouse, instance)
    assert first.result.success
    state_1, _ = _published_state(warehouse)
    assert state_1 is not None
    full_expected = (
        2,
        EXPECTED["realisasi_900104"],
        EXPECTED["traced_900104"],
        EXPECTED["untraced_900104"],
    )
    assert _scorecard_900104(first.work_db) == full_expected

    # 2. One mart, from the CLI, with nothing changed since the publication.
    con = duckdb.connect(str(first.work_db))
    con.execute("delete from marts.office_scorecard")
    con.close()
    proc = subprocess.run(
        [DAGSTER, "asset", "materialize", "-m", "pipelines.definitions",
         "--select", "marts/office_scorecard"],
        cwd=REPO_ROOT, env=_cli_env(landing, warehouse, home),
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-3000:]
    assert "Tidak ada perubahan sejak penerbitan terakhir" not in output
    (cli_run,) = [
        r for r in instance.get_runs() if r.run_id not in {first.result.run_id}
    ]  # the only other run on the instance
    events = [
        r.event_log_entry.dagster_event
        for r in instance.get_records_for_run(cli_run.run_id).records
        if r.event_log_entry.dagster_event is not None
    ]
    assert _materialized(events) == {"marts/office_scorecard"}
    checks = {
        e.event_specific_data.check_name: e.event_specific_data.passed
        for e in events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
        and e.event_specific_data.asset_key == SCORECARD
    }
    # dbt's tests of the scorecard ran, as asset checks, and passed.
    assert checks and all(checks.values()), checks
    assert any(name.startswith("unique_") for name in checks), checks
    # The table was recreated with the hand-computed figures.
    assert _scorecard_900104(first.work_db) == full_expected
    # A subset records no build state in the working file.
    work = duckdb.connect(str(first.work_db), read_only=True)
    assert work.execute("select build_state from meta.build").fetchone()[0] is None
    work.close()

    # 3. A new SP2D file lands; a few assets and the publish step, as the UI launches them.
    _write(
        landing / "sp2d" / "SP2D_900104_202603_2.csv",
        "kdsatker;no_sp2d;tgl_sp2d;kode_anggaran;nilai;jenis_spm;uraian\n"
        "900104;260000000000030;2026-03-10;WA.6013.EBA.994.001.A.521111;2.000.000,00;LS;ATK\n",
        mtime=_ts("2026-04-04T02:00:00"),
    )
    from pipelines.definitions import ASSETS, CHECKS, defs

    # The scorecard and the marts dbt reconciles it with (office_month, budget_line_trace,
    # untraced_spending), not the Yardsticks marts. Rebuilding fewer fails the build:
    # the intermediate views read the new raw rows at once, so dbt's reconciliation test
    # (assert_office_totals_reconcile) sees stale marts and stops the run, as it should.
    reconciled = [
        dg.AssetKey(["marts", name])
        for name in ("office_month", "office_scorecard", "budget_line_trace", "untraced_spending")
    ]
    selection = (
        dg.AssetSelection.assets(dg.AssetKey(["raw", "sp2d"]))
        | dg.AssetSelection.assets(*reconciled).upstream()
        - dg.AssetSelection.groups("landing", "ingest")
        | dg.AssetSelection.assets(dg.AssetKey(["published", "warehouse"]))
    )
    partial = dg.materialize(
        [*ASSETS, *CHECKS],
        selection=selection,
        instance=instance,
        resources={**defs.resources, "duckdb": DuckDBResource(database=str(first.work_db))},
        raise_on_error=False,
    )
    assert partial.success
    built = _materialized(partial.all_events)
    assert {"raw/sp2d", "marts/office_month", "published/warehouse"} <= built
    assert not {"marts/realisasi_lines", "marts/execution_month"} & built
    state_partial, run_partial = _published_state(warehouse)
    assert run_partial == partial.run_id
    assert state_partial is None  # a partial build never passes for a whole one
    con = duckdb.connect(str(warehouse), read_only=True)
    march = con.execute(
        "select realisasi_bulan, realisasi_kumulatif from marts.office_month "
        "where kdsatker = '900104' and bulan = 3"
    ).fetchone()
    march_lines = con.execute(
        "select count(*) from marts.realisasi_lines where kdsatker = '900104' and bulan = 3"
    ).fetchone()[0]
    con.close()
    assert march == (D("2000000.00"), D("73999999.51"))
    # Published, and inconsistent: the audit trail does not have March yet.
    assert march_lines == 0

    # 4. The next night rebuilds the whole project and publishes.
    night = run_nightly(landing, warehouse, instance)
    assert night.result.success
    rebuilt = _materialized(night.result.all_events)
    assert {"marts/office_scorecard", "marts/budget_line_trace", "published/warehouse"} <= rebuilt
    state_night, _ = _published_state(warehouse)
    assert state_night is not None and state_night != state_1
    assert _scorecard_900104(warehouse) == (
        3,
        D("73999999.51"),
        D("65999999.51"),
        EXPECTED["untraced_900104"],
    )

    # Every mart agrees with a full build of the same files in a fresh warehouse.
    fresh_root = tmp_path / "fresh"
    shutil.copytree(landing, fresh_root / "landing")  # copy2 keeps the landing times
    fresh = run_nightly(
        fresh_root / "landing",
        fresh_root / "warehouse" / "jejak_rupiah.duckdb",
        dg.DagsterInstance.ephemeral(),
    )
    assert fresh.result.success
    assert _marts(warehouse) == _marts(fresh.warehouse)
