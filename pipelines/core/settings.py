"""The settings of a deployment: every value that differs between a laptop, CI and the server.

Each setting is an environment variable (README, "Configuration"), so the same
code location loads everywhere and nothing secret is written into the
repository or the warehouse. An unset or empty variable means its default.

Two ways in, one parser:

* assets and checks receive the Dagster resource `settings`
  (`core/resources.py`, built from `EnvVar`s, so the UI shows where each
  value comes from) and call `settings.resolve()`;
* code that cannot receive a resource (parsing workers, command-line tools,
  sensors, tests that call a loader directly) calls `settings_from_env()`.

Both end in `parse_settings`, so a value means the same wherever it is read.
This module imports no Dagster: the rollback command reads it and must start
in a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pipelines.core.clock import today_wib
from pipelines.core.paths import REPO_ROOT

DEFAULT_LANDING_DIR = REPO_ROOT / "sample_data" / "landing"
DEFAULT_WAREHOUSE = REPO_ROOT / "var" / "warehouse" / "jejak_rupiah.duckdb"
DEFAULT_MAX_FILE_MB = 200
DEFAULT_DBT_TARGET = "duckdb"

ENV_VARS: dict[str, str] = {
    "landing_dir": "JEJAK_LANDING_DIR",
    "warehouse": "JEJAK_WAREHOUSE",
    "pii_key": "JEJAK_PII_KEY",
    "max_file_mb": "JEJAK_MAX_FILE_MB",
    "lock_wait_seconds": "JEJAK_LOCK_WAIT_SECONDS",
    "webhook_url": "JEJAK_WEBHOOK_URL",
    "ingest_workers": "JEJAK_INGEST_WORKERS",
    "dbt_target": "JEJAK_DBT_TARGET",
    "as_of_date": "JEJAK_AS_OF_DATE",
}
"""Setting name (a field of the `settings` resource) -> its environment variable."""

MAX_FILE_MB_ENV = ENV_VARS["max_file_mb"]
LOCK_WAIT_ENV = ENV_VARS["lock_wait_seconds"]
WEBHOOK_ENV = ENV_VARS["webhook_url"]
AS_OF_DATE_ENV = ENV_VARS["as_of_date"]
DBT_TARGET_ENV = ENV_VARS["dbt_target"]


@dataclass(frozen=True)
class Settings:
    """Resolved paths, limits and secrets of one run (or one command)."""

    landing_dir: Path
    warehouse: Path
    pii_key: bytes | None
    max_file_bytes: int = DEFAULT_MAX_FILE_MB * 1024 * 1024
    lock_wait_seconds: float = 0.0
    webhook_url: str | None = None
    ingest_workers: int = 1
    dbt_target: str = DEFAULT_DBT_TARGET
    as_of_date: dt.date | None = None

    @property
    def work_db(self) -> Path:
        """The file a run writes; never the published file BI tools hold open."""
        return self.warehouse.with_name(f"{self.warehouse.stem}.work{self.warehouse.suffix}")

    @property
    def reports_dir(self) -> Path:
        """Quality report, GX data docs and dbt docs live beside the published warehouse."""
        return self.warehouse.parent / "reports"

    def reference_date(self) -> dt.date:
        """The day `marts.delivery_status` is computed for: `JEJAK_AS_OF_DATE`, else today (WIB).

        Read once per run by the dbt step, which hands it to dbt, so the SQL and
        the skip decision see the same day."""
        return self.as_of_date or today_wib()


def parse_settings(values: Mapping[str, str | None]) -> Settings:
    """Settings from raw strings keyed by setting name (see `ENV_VARS`); empty means default.

    A value that cannot mean anything (a size of `banyak`, a date of
    `kemarin`) raises `ValueError` naming the variable, rather than silently
    falling back to a default."""

    def raw(name: str) -> str:
        return (values.get(name) or "").strip()

    landing = Path(raw("landing_dir") or DEFAULT_LANDING_DIR)
    warehouse = Path(raw("warehouse") or DEFAULT_WAREHOUSE)
    key = values.get("pii_key") or ""
    return Settings(
        landing_dir=landing.resolve(),
        warehouse=warehouse.resolve(),
        pii_key=key.encode("utf-8") if key else None,
        max_file_bytes=_max_file_bytes(raw("max_file_mb")),
        lock_wait_seconds=_lock_wait_seconds(raw("lock_wait_seconds")),
        webhook_url=raw("webhook_url") or None,
        ingest_workers=_ingest_workers(raw("ingest_workers")),
        dbt_target=raw("dbt_target") or DEFAULT_DBT_TARGET,
        as_of_date=_as_of_date(raw("as_of_date")),
    )


def settings_from_env(environ: Mapping[str, str] | None = None) -> Settings:
    """The settings as the environment says now (read on every call, never cached at import).

    For code that cannot receive the `settings` resource: parsing workers,
    command-line tools, sensors. Assets and checks use the resource."""
    env = os.environ if environ is None else environ
    return parse_settings({name: env.get(var) for name, var in ENV_VARS.items()})


def declare_unset_environment() -> None:
    """Set every setting's variable that is unset to the value that means "the default".

    Dagster resolves an `EnvVar` when a run starts and fails the run when the
    variable is unset, while here an unset variable means its default. So the
    code location (`SettingsResource.from_env`) and the tests declare the
    unset ones, never overwriting a value. Empty means "the default" to every
    reader here; only the dbt target gets its value, because dbt's
    `env_var('JEJAK_DBT_TARGET', 'duckdb')` would take an empty string as a
    target name."""
    for name, var in ENV_VARS.items():
        os.environ.setdefault(var, DEFAULT_DBT_TARGET if name == "dbt_target" else "")


def _max_file_bytes(raw: str) -> int:
    """`JEJAK_MAX_FILE_MB` (default 200; decimals allowed) in bytes.

    The size limit of a landing file, and of what a workbook's parts expand
    to: a file or an unpacked workbook above it is rejected before any
    parser reads it, so one careless or hostile delivery cannot take the
    night's time or memory. Anything but a positive number fails loudly
    rather than silently lifting the limit."""
    if not raw:
        return DEFAULT_MAX_FILE_MB * 1024 * 1024
    try:
        megabytes = float(raw)
    except ValueError:
        megabytes = 0.0
    if not megabytes > 0 or megabytes == float("inf"):
        raise ValueError(f"{MAX_FILE_MB_ENV}={raw!r}: harus bilangan positif (MB)")
    return int(megabytes * 1024 * 1024)


def _lock_wait_seconds(raw: str) -> float:
    """`JEJAK_LOCK_WAIT_SECONDS` (default 0: fail at once rather than queue silently)."""
    if not raw:
        return 0.0
    try:
        value = float(raw)
    except ValueError as exc:
        raise ValueError(f"{LOCK_WAIT_ENV}={raw!r} bukan angka detik") from exc
    return max(value, 0.0)


def _ingest_workers(raw: str) -> int:
    """`JEJAK_INGEST_WORKERS`, else one per CPU; 1 parses in the run's own process."""
    return max(1, int(raw)) if raw else max(1, os.cpu_count() or 1)


def _as_of_date(raw: str) -> dt.date | None:
    """`JEJAK_AS_OF_DATE` (YYYY-MM-DD); None means today in WIB, decided when used."""
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise ValueError(f"{AS_OF_DATE_ENV}={raw!r} bukan tanggal YYYY-MM-DD") from exc
