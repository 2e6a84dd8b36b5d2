"""The dbt project as Dagster sees it, with a manifest that is always there.

`dagster job execute` from a fresh checkout must load without a manual
`dbt parse`, yet definitions must load fast: the manifest is parsed only when
it is missing or older than a file of the project.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

from pipelines.config import DBT_PROJECT_DIR, load_settings

# The dbt installed beside this Python, even when the venv is not on PATH.
DBT_EXECUTABLE = (
    str(Path(sys.executable).with_name("dbt"))
    if Path(sys.executable).with_name("dbt").exists()
    else (shutil.which("dbt") or "dbt")
)

SOURCE_GLOBS = ("*.sql", "*.yml", "*.yaml", "*.csv", "*.md")


def _newest_source(project_dir: Path) -> float:
    newest = 0.0
    for folder in ("models", "macros", "seeds", "tests"):
        for pattern in SOURCE_GLOBS:
            for path in (project_dir / folder).rglob(pattern):
                newest = max(newest, path.stat().st_mtime)
    for name in ("dbt_project.yml", "profiles.yml"):
        newest = max(newest, (project_dir / name).stat().st_mtime)
    return newest


def set_dbt_env() -> None:
    """dbt reads the working database path from the environment (profiles.yml)."""
    os.environ["JEJAK_WORK_DB"] = str(load_settings().work_db)


set_dbt_env()

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)

if (
    not dbt_project.manifest_path.exists()
    or dbt_project.manifest_path.stat().st_mtime < _newest_source(DBT_PROJECT_DIR)
):
    DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE).cli(
        ["parse", "--quiet"], target_path=dbt_project.target_path
    ).wait()
