"""The dbt project as Dagster sees it, the environment dbt runs in, and its target folders.

`dagster job execute` from a fresh checkout must load without a manual
`dbt parse`, yet definitions must load fast: the manifest is parsed only when
it is missing or older than a file of the project.

dbt reads three values from its environment (`profiles.yml`,
`delivery_status.sql`): `JEJAK_WORK_DB` (the working file, derived from
`JEJAK_WAREHOUSE`), `JEJAK_DBT_TARGET` and `JEJAK_AS_OF_DATE`. They are handed
to each dbt process from the run's settings (`dbt_environment`), never left
behind in the environment of the Dagster process.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

from pipelines.core.paths import DBT_PROJECT_DIR
from pipelines.core.settings import AS_OF_DATE_ENV, DBT_TARGET_ENV, Settings, settings_from_env

# The dbt installed beside this Python, even when the venv is not on PATH.
DBT_EXECUTABLE = (
    str(Path(sys.executable).with_name("dbt"))
    if Path(sys.executable).with_name("dbt").exists()
    else (shutil.which("dbt") or "dbt")
)

SOURCE_GLOBS = ("*.sql", "*.yml", "*.yaml", "*.csv", "*.md")
RUN_TARGETS_KEPT = 5


def dbt_env_vars(settings: Settings, as_of: dt.date | None = None) -> dict[str, str]:
    """What dbt reads from its environment, for these settings (and reference date)."""
    values = {"JEJAK_WORK_DB": str(settings.work_db), DBT_TARGET_ENV: settings.dbt_target}
    if as_of is not None:
        values[AS_OF_DATE_ENV] = as_of.isoformat()
    return values


@contextmanager
def dbt_environment(settings: Settings, as_of: dt.date | None = None) -> Iterator[None]:
    """Set dbt's variables while a dbt process is started, then restore the environment.

    dagster-dbt copies `os.environ` into the dbt process when it starts it, so
    the variables only need to be there for that moment. The reference date
    goes this way and not through `--vars`: a new var makes dbt re-parse the
    whole project (~8 s, every night, as the date changes), a changed
    environment variable only the models that read it."""
    values = dbt_env_vars(settings, as_of)
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _newest_source(project_dir: Path) -> float:
    newest = 0.0
    for folder in ("models", "macros", "seeds", "tests"):
        for pattern in SOURCE_GLOBS:
            for path in (project_dir / folder).rglob(pattern):
                newest = max(newest, path.stat().st_mtime)
    for name in ("dbt_project.yml", "profiles.yml"):
        newest = max(newest, (project_dir / name).stat().st_mtime)
    return newest


dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)

if (
    not dbt_project.manifest_path.exists()
    or dbt_project.manifest_path.stat().st_mtime < _newest_source(DBT_PROJECT_DIR)
):
    # With the profile the runs will use, so the parse state it leaves is one they can reuse.
    with dbt_environment(settings_from_env()):
        DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE).cli(
            ["parse", "--quiet"], target_path=dbt_project.target_path
        ).wait()


def prune_run_targets(keep: int = RUN_TARGETS_KEPT) -> None:
    """dagster-dbt gives every run its own target folder; keep the last few for debugging."""
    target = dbt_project.project_dir / dbt_project.target_path  # relative to the project
    folders = sorted(
        (p for p in target.glob("jejak_dbt_models-*") if p.is_dir()),
        key=lambda p: p.stat().st_mtime,
    )
    for old in folders[:-keep]:
        shutil.rmtree(old, ignore_errors=True)


def keep_partial_parse(run_target: Path) -> None:
    """Hand this run's parse state to the next run.

    dagster-dbt gives each run its own target folder and seeds it with
    `target/partial_parse.msgpack`. That file is written by `dbt parse` when
    definitions load, with whatever profile (database path) was set then; when
    it does not match the run's profile, dbt re-parses the whole project
    (about 8 s) on every run. Copying the run's own state back, atomically,
    makes the next run in the same deployment parse only what changed.
    """
    source = run_target / "partial_parse.msgpack"
    if not source.exists():
        return
    shared = dbt_project.project_dir / dbt_project.target_path / "partial_parse.msgpack"
    tmp = shared.with_name(f".{shared.name}.{os.getpid()}")
    shutil.copyfile(source, tmp)
    os.replace(tmp, shared)
