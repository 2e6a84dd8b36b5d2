"""The Dagster resources every stage shares: the settings, the working database, the run lock.

`SettingsResource` is the deployment's configuration as Dagster sees it: one
field per environment variable of the README's configuration table, each
given as an `EnvVar`. The UI (Deployment → code location → Resources →
`settings`) therefore lists every setting, its description and the variable
it comes from; values are read when a run starts and, being `EnvVar`s, never
displayed (the PII key and the webhook URL are secrets). An empty value means
the documented default.

`WorkDatabase` and `RunLock` depend on it, so the working file and its lock
follow `JEJAK_WAREHOUSE` at run time instead of being fixed when the code
location loads.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource
from pydantic import Field

from pipelines.core.lock import hold_run_lock, lock_path_for
from pipelines.core.settings import (
    DEFAULT_MAX_FILE_MB,
    ENV_VARS,
    Settings,
    declare_unset_environment,
    parse_settings,
)


class SettingsResource(dg.ConfigurableResource):
    """The deployment's settings (README, "Configuration"); `resolve()` parses them."""

    landing_dir: str = Field(
        default="",
        description="JEJAK_LANDING_DIR: the landing folder with one sub-folder per feed. "
        "Empty: sample_data/landing.",
    )
    warehouse: str = Field(
        default="",
        description="JEJAK_WAREHOUSE: the published DuckDB file BI tools open read-only; the run "
        "writes `<stem>.work.duckdb` beside it. Empty: var/warehouse/jejak_rupiah.duckdb.",
    )
    pii_key: str = Field(
        default="",
        description="JEJAK_PII_KEY (secret): key of the HMAC of NIK/passport. Empty: case files "
        "are refused and stay in landing.",
    )
    max_file_mb: str = Field(
        default="",
        description="JEJAK_MAX_FILE_MB: size limit of a landing file and of what a workbook "
        f"expands to, in MB (decimals allowed). Empty: {DEFAULT_MAX_FILE_MB}.",
    )
    lock_wait_seconds: str = Field(
        default="",
        description="JEJAK_LOCK_WAIT_SECONDS: how long a run waits for the run lock before "
        "failing with the reason. Empty: 0.",
    )
    webhook_url: str = Field(
        default="",
        description="JEJAK_WEBHOOK_URL (secret): where run-failure alerts are POSTed. Empty: "
        "only <warehouse dir>/notifications.log.",
    )
    ingest_workers: str = Field(
        default="",
        description="JEJAK_INGEST_WORKERS: processes that parse a big feed in parallel; 1 parses "
        "in the run's own process. Empty: one per CPU.",
    )
    dbt_target: str = Field(
        default="",
        description="JEJAK_DBT_TARGET: the dbt target (duckdb, postgres, spark). Empty: duckdb.",
    )
    as_of_date: str = Field(
        default="",
        description="JEJAK_AS_OF_DATE (YYYY-MM-DD): reference date of marts.delivery_status. "
        "Empty: today in WIB.",
    )

    @classmethod
    def from_env(cls) -> SettingsResource:
        """Every field from its environment variable, read when a run starts.

        Dagster fails a run whose `EnvVar` is unset, while here an unset
        variable means its default; so the unset ones are declared first
        (`declare_unset_environment`)."""
        declare_unset_environment()
        return cls(**{field: dg.EnvVar(name) for field, name in ENV_VARS.items()})

    def resolve(self) -> Settings:
        """The parsed settings (paths resolved, sizes in bytes, the date as a date)."""
        return parse_settings({field: getattr(self, field) for field in ENV_VARS})


class WorkDatabase(dg.ConfigurableResource):
    """The working DuckDB file of the settings' warehouse, as a `DuckDBResource`.

    Assets ask for `duckdb: DuckDBResource`; this builds one on
    `<JEJAK_WAREHOUSE stem>.work.duckdb` when the run starts. Tests pass a
    plain `DuckDBResource(database=...)` under the same key instead."""

    settings: SettingsResource

    def create_resource(self, context: dg.InitResourceContext) -> DuckDBResource:
        """The `DuckDBResource` the assets receive."""
        return DuckDBResource(database=str(self.settings.resolve().work_db))


class RunLock(dg.ConfigurableResource):
    """Dagster resource: the run lock (`lock.py`), taken when the run's resources are initialised.

    With the in-process executor resources are initialised once per run, so
    the lock is held from before the first asset until after the last one,
    and released in teardown even when a step fails. Every asset that writes
    the working database requires it, so any run (or subset of a run) that
    writes takes it.
    """

    settings: SettingsResource
    lock_file: str | None = Field(
        default=None, description="Defaults to `<work db>.lock` of the settings' warehouse."
    )
    wait_seconds: float | None = Field(
        default=None, description="Defaults to the settings' JEJAK_LOCK_WAIT_SECONDS."
    )

    def resolved_lock_file(self) -> Path:
        """The lock file this run takes (settings are read at run time, not import)."""
        if self.lock_file:
            return Path(self.lock_file)
        return lock_path_for(self.settings.resolve().work_db)

    @contextlib.contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator[RunLock]:
        """Hold the lock for the whole run; fail the run with the reason when busy.

        `dagster job execute` initialises the resources once more after the
        run has finished (to let its result load outputs); nothing writes
        then, so a finished run does not take the lock again (it could fail a
        run that already succeeded, or block the next one).
        """
        run = context.dagster_run
        if run is not None and run.is_finished:
            yield self
            return
        path = self.resolved_lock_file()
        wait = (
            self.wait_seconds
            if self.wait_seconds is not None
            else self.settings.resolve().lock_wait_seconds
        )
        with hold_run_lock(path, wait, purpose=f"run {context.run_id}"):
            if context.log:
                context.log.info(f"kunci run diambil: {path} (pid {os.getpid()})")
            yield self
