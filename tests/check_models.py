"""Build chosen dbt models (the check models of `checks`) on a small DuckDB file, with real dbt.

The GX suites validate dbt models, so a test of a check on hand-made bad data
writes the tables the model reads (a mart, the ledger) and lets dbt build the
model over them, exactly as the nightly `dbt build` would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pipelines.core.paths import DBT_PROJECT_DIR

DBT = Path(sys.executable).with_name("dbt")


def build_models(db: Path, models: list[str], work: Path) -> subprocess.CompletedProcess[str]:
    """`dbt build --select <models>` (models and seeds, not their data tests) on `db`.

    Raises with dbt's output when the build fails."""
    work.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [str(DBT), "build", "--select", " ".join(models),
         "--exclude-resource-type", "test", "--exclude-resource-type", "unit_test",
         "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
         "--target-path", str(work / "target"), "--log-path", str(work / "logs")],
        env={**os.environ, "JEJAK_WORK_DB": str(db), "JEJAK_DBT_TARGET": "duckdb"},
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if done.returncode != 0:
        raise AssertionError(f"dbt build failed:\n{(done.stdout + done.stderr)[-3000:]}")
    return done
