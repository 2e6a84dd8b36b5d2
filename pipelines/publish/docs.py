"""Generate the dbt documentation site (static, one HTML file) beside the warehouse.

Run after the nightly job by the run command: the catalog is read from the
working database, which no run is writing at that moment.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from pipelines.core.paths import DBT_PROJECT_DIR
from pipelines.core.settings import Settings, settings_from_env
from pipelines.transform.project import DBT_EXECUTABLE, dbt_env_vars


def generate_docs(settings: Settings) -> int:
    """`dbt docs generate --static` into `<reports>/dbt_docs`; returns dbt's exit code."""
    target = settings.reports_dir / "dbt_docs"
    target.mkdir(parents=True, exist_ok=True)
    return subprocess.call(
        [
            DBT_EXECUTABLE,
            "docs",
            "generate",
            "--static",
            "--quiet",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(target),
        ],
        env={**os.environ, **dbt_env_vars(settings)},
    )


def main() -> int:
    """CLI: `--since EPOCH` skips the work when nothing was published since (a quiet night)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--since", type=float, default=None)
    args = parser.parse_args()
    settings = settings_from_env()
    docs = settings.reports_dir / "dbt_docs" / "static_index.html"
    published = settings.warehouse
    if (
        args.since is not None
        and docs.exists()
        and published.exists()
        and published.stat().st_mtime < args.since
    ):
        print("dokumentasi dbt tidak dibuat ulang: warehouse tidak diterbitkan ulang pada run ini")
        return 0
    return generate_docs(settings)


if __name__ == "__main__":
    sys.exit(main())
