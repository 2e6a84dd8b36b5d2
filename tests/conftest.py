"""Shared fixtures: run the real nightly job on a fixture landing folder.

The pipeline run is session-scoped: materialising the whole graph (real dbt on
a real DuckDB file, real GX validations) takes a while, and many tests read
the same result.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pytest
from dagster_duckdb import DuckDBResource

from pipelines.core.settings import declare_unset_environment
from tests.landing_fixture import build_landing

PII_KEY = "kunci-rahasia-uji"

# marts.delivery_status depends on "today"; pin it so a run that crosses midnight
# WIB compares like with like.
os.environ.setdefault("JEJAK_AS_OF_DATE", "2026-11-15")
# As the code location does (`SettingsResource.from_env`): every setting's variable exists
# (empty = default), so a test's monkeypatch restores "" rather than deleting a variable a
# later run's `EnvVar` needs.
declare_unset_environment()


@dataclass
class NightlyRun:
    """Where a test run wrote and what Dagster said."""

    landing: Path
    warehouse: Path
    work_db: Path
    result: dg.ExecuteInProcessResult
    instance: dg.DagsterInstance


def run_nightly(landing: Path, warehouse: Path, instance: dg.DagsterInstance) -> NightlyRun:
    """Point the settings at a folder and execute `nightly_load` in process."""
    os.environ["JEJAK_LANDING_DIR"] = str(landing)
    os.environ["JEJAK_WAREHOUSE"] = str(warehouse)
    os.environ["JEJAK_PII_KEY"] = PII_KEY
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    from pipelines.core.settings import settings_from_env
    from pipelines.definitions import defs

    work_db = settings_from_env().work_db
    result = defs.resolve_job_def("nightly_load").execute_in_process(
        instance=instance,
        resources={"duckdb": DuckDBResource(database=str(work_db))},
        raise_on_error=False,
    )
    return NightlyRun(landing, warehouse, work_db, result, instance)


@pytest.fixture(scope="session")
def nightly(tmp_path_factory: pytest.TempPathFactory) -> NightlyRun:
    """The fixture landing folder loaded once, published, ready to query."""
    root = tmp_path_factory.mktemp("nightly")
    landing = build_landing(root)
    instance = dg.DagsterInstance.ephemeral()
    return run_nightly(landing, root / "warehouse" / "jejak_rupiah.duckdb", instance)
