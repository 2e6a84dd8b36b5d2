"""The stack floor: one Dagster run of the smallest job the stack can run.

Why: the nightly job pays for Python, Dagster, dbt and Great Expectations
before it touches a single row. The benchmark compares the pipeline with a
plain-DuckDB baseline; this job says how much of the gap is the machinery
itself. It uses the same package versions, the same in-process executor and
the same kinds of steps as `pipelines.definitions`, on one row:

- `raw/one_row`: ingest one row into a DuckDB file;
- `marts/floor_mart`: `dbt build` of a one-model project with one test
  (dagster-dbt `@dbt_assets`, `DbtCliResource`, a duckdb profile whose path
  comes from `JEJAK_FLOOR_DB`);
- `floor_row_present`: one GX suite, validated the way the pipeline's checks
  are (`pipelines.quality.gx_runner`: a file-backed GX context, a pandas
  frame read from DuckDB, results stored and Data Docs updated);
- `published/floor`: copy the DuckDB file (the publish).

Run:  dagster job execute -m bench.floor.definitions -j floor
with JEJAK_FLOOR_DIR set to an empty folder (everything the run writes goes
there: the DuckDB files, dbt's target and logs, the GX context).
`bench/run_bench.py` does this in a subprocess with a fresh DAGSTER_HOME.
"""

# No `from __future__ import annotations`: Dagster reads the `context` annotation at runtime.
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
from dagster import AssetExecutionContext
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets
from dagster_duckdb import DuckDBResource

from pipelines.quality.gx_runner import load_suite, query_frame, validate

FLOOR_DIR = Path(__file__).resolve().parent
DBT_DIR = FLOOR_DIR / "dbt_project"
SUITE_FILE = FLOOR_DIR / "expectations" / "floor_row_present.json"

WORK_DIR = Path(
    os.environ.get("JEJAK_FLOOR_DIR") or Path(tempfile.gettempdir()) / "jejak_floor"
).resolve()
WORK_DB = WORK_DIR / "floor.duckdb"
PUBLISHED_DB = WORK_DIR / "published" / "floor.duckdb"
GX_ROOT = WORK_DIR / "gx"
DBT_TARGET = WORK_DIR / "dbt_target"

# dbt reads the database path from the environment (profiles.yml); dagster-dbt puts each
# invocation's target and logs under DBT_TARGET_PATH. Nothing is written into the checkout.
WORK_DIR.mkdir(parents=True, exist_ok=True)
os.environ["JEJAK_FLOOR_DB"] = str(WORK_DB)
os.environ["DBT_TARGET_PATH"] = str(DBT_TARGET)
os.environ["DBT_LOG_PATH"] = str(DBT_TARGET / "logs")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

DBT_EXECUTABLE = (
    str(Path(sys.executable).with_name("dbt"))
    if Path(sys.executable).with_name("dbt").exists()
    else (shutil.which("dbt") or "dbt")
)

floor_project = DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR, target_path=DBT_TARGET)
if not floor_project.manifest_path.exists():
    # Like pipelines/transform/project.py: a missing manifest is parsed when the definitions
    # load. The benchmark loads them once before the timed run, so the floor does not pay it.
    DbtCliResource(project_dir=floor_project, dbt_executable=DBT_EXECUTABLE).cli(
        ["parse", "--quiet"], target_path=DBT_TARGET
    ).wait()

SUITE = load_suite(SUITE_FILE)
MART_KEY = dg.AssetKey(SUITE.asset)


@dg.asset(key=["raw", "one_row"], group_name="floor")
def one_row(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Ingest: one row into the working DuckDB file, in a transaction, as the loader does."""
    with duckdb.get_connection() as con:
        con.execute("begin")
        con.execute("create schema if not exists raw")
        con.execute(
            "create or replace table raw.one_row as "
            "select 1 as id, 'satu' as label, 1000.00::decimal(18, 2) as nilai"
        )
        con.execute("commit")
    return dg.MaterializeResult(metadata={"rows": 1})


@dbt_assets(manifest=floor_project.manifest_path, project=floor_project)
def floor_dbt(context: AssetExecutionContext, dbt: DbtCliResource) -> Iterator[Any]:
    """`dbt build`: the one model and its one test."""
    yield from dbt.cli(["build"], context=context).stream()


@dg.asset_check(asset=MART_KEY, name=SUITE.name, blocking=SUITE.blocking)
def floor_row_present(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    """One GX suite on a frame read from DuckDB (the pipeline's own validation code)."""
    with duckdb.get_connection() as con:
        frame = query_frame(con, SUITE.query)
    outcome = validate(SUITE, frame, GX_ROOT)
    return dg.AssetCheckResult(
        passed=outcome.success, metadata={"rows_checked": outcome.rows_checked}
    )


@dg.asset(key=["published", "floor"], deps=[MART_KEY], group_name="floor")
def published_floor() -> dg.MaterializeResult:
    """Publish: copy the DuckDB file beside the working one and swap it in atomically."""
    PUBLISHED_DB.parent.mkdir(parents=True, exist_ok=True)
    tmp = PUBLISHED_DB.with_name(f".{PUBLISHED_DB.name}.tmp")
    shutil.copyfile(WORK_DB, tmp)
    os.replace(tmp, PUBLISHED_DB)
    return dg.MaterializeResult(metadata={"bytes": PUBLISHED_DB.stat().st_size})


floor = dg.define_asset_job(
    name="floor",
    selection=dg.AssetSelection.all(),
    description="The stack floor: one row through ingest, dbt, one GX suite and publish.",
    executor_def=dg.in_process_executor,
)

defs = dg.Definitions(
    assets=[one_row, floor_dbt, published_floor],
    asset_checks=[floor_row_present],
    jobs=[floor],
    resources={
        "duckdb": DuckDBResource(database=str(WORK_DB)),
        "dbt": DbtCliResource(project_dir=floor_project, dbt_executable=DBT_EXECUTABLE),
    },
    executor=dg.in_process_executor,
)
