"""The Dagster instance on PostgreSQL (`scripts/dagster_postgres.yaml`).

`dagster job execute` runs `nightly_load` on the hand-computed landing fixture
in a separate process whose DAGSTER_HOME holds the PostgreSQL dagster.yaml;
the run, its asset materializations and its check results must then be in
PostgreSQL (read back both with SQL and through a DagsterInstance).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg
import pytest

from tests.landing_fixture import build_landing

pytestmark = pytest.mark.slow  # starts PostgreSQL

if TYPE_CHECKING:
    from tests.postgres_fixture import PostgresCluster

# One cluster for the session, shared by every module that names this plugin
# (imported by pytest, not here, so that it is imported once and rewritten).
pytest_plugins = ["tests.postgres_fixture"]

REPO_ROOT = Path(__file__).resolve().parent.parent
DAGSTER = Path(sys.executable).with_name("dagster")
PII_KEY = "kunci-rahasia-uji"
EXPECTED_ASSETS = {
    ("raw", "file_ledger"),
    ("raw", "sp2d"),
    ("marts", "budget_line_trace"),
    ("marts", "office_scorecard"),
    ("published", "warehouse"),
}


def test_nightly_load_recorded_in_postgres(postgres: PostgresCluster, tmp_path: Path) -> None:
    db = postgres.create_database("dagster")
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPO_ROOT / "scripts" / "dagster_postgres.yaml", home / "dagster.yaml")
    warehouse = tmp_path / "warehouse" / "jejak_rupiah.duckdb"
    warehouse.parent.mkdir()
    pg_env = {
        "DAGSTER_PG_HOST": postgres.host,
        "DAGSTER_PG_PORT": str(postgres.port),
        "DAGSTER_PG_USER": postgres.user,
        "DAGSTER_PG_PASSWORD": "tidak-dipakai-trust",
        "DAGSTER_PG_DB": db,
    }
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("JEJAK_", "DAGSTER_"))},
        **pg_env,
        "DAGSTER_HOME": str(home),
        "JEJAK_LANDING_DIR": str(build_landing(tmp_path)),
        "JEJAK_WAREHOUSE": str(warehouse),
        "JEJAK_PII_KEY": PII_KEY,
    }

    proc = subprocess.run(
        [str(DAGSTER), "job", "execute", "-m", "pipelines.definitions", "-j", "nightly_load"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, f"dagster job execute failed:\n{proc.stderr[-4000:]}"
    assert warehouse.exists()
    # The SQLite default would have left its databases in DAGSTER_HOME.
    assert not list(home.rglob("*.db")), list(home.rglob("*.db"))

    # 1. Straight from PostgreSQL.
    conn = postgres.connect(db)
    try:
        with conn.cursor() as cur:
            cur.execute("select run_id, pipeline_name, status from runs")
            runs = cur.fetchall()
            assert len(runs) == 1, runs
            run_id, job_name, status = runs[0]
            assert (job_name, status) == ("nightly_load", "SUCCESS")
            cur.execute(
                "select distinct asset_key from event_logs"
                " where run_id = %s and dagster_event_type = 'ASSET_MATERIALIZATION'",
                (run_id,),
            )
            # event_logs.asset_key is AssetKey.to_string(): the JSON list of the path
            materialized = {tuple(json.loads(key)) for (key,) in cur.fetchall()}
            cur.execute(
                "select count(*) from event_logs"
                " where run_id = %s and dagster_event_type = 'ASSET_CHECK_EVALUATION'",
                (run_id,),
            )
            (n_checks,) = cur.fetchone()
    finally:
        conn.close()
    assert materialized >= EXPECTED_ASSETS, EXPECTED_ASSETS - materialized
    assert n_checks > 0

    # 2. Through Dagster, as the webserver of a shared deployment would read it.
    old_env = {k: os.environ.get(k) for k in pg_env}
    os.environ.update(pg_env)
    try:
        instance = dg.DagsterInstance.from_config(str(home))
        try:
            assert type(instance.run_storage).__name__ == "PostgresRunStorage"
            assert type(instance.event_log_storage).__name__ == "PostgresEventLogStorage"
            run = instance.get_run_by_id(run_id)
            assert run is not None and run.status == dg.DagsterRunStatus.SUCCESS
            for path in EXPECTED_ASSETS:
                event = instance.get_latest_materialization_event(dg.AssetKey(list(path)))
                assert event is not None and event.run_id == run_id, path
        finally:
            instance.dispose()
    finally:
        for key, value in old_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
