"""The dbt project builds on Apache Spark and gives exactly the DuckDB marts.

The raw fixture of tests/dbt/make_raw_fixture.py is written to a DuckDB file
and to Spark tables `raw.*` (a Hive warehouse with an embedded Derby metastore
in a temporary folder: tests/spark_fixture.py); `dbt build` runs on both
targets (models, seeds, data tests and unit tests; on Spark through
dbt-spark's `session` method, local[2]); then every mart is compared row for
row, as tests/test_postgres_dbt.py does for PostgreSQL: same tables, same
columns and column types (Spark's names mapped to DuckDB's: string = VARCHAR,
int = INTEGER, timestamp_ntz = TIMESTAMP; money DECIMAL(18,2), never a float),
and the same values, Decimals to the last digit and scale.

The exact-arithmetic macros are also compiled for Spark on the grid of edge
cases of tests/test_postgres_dbt.py and must match Python's Decimal with
ROUND_HALF_EVEN (the PostgreSQL test holds DuckDB to the same grid).

Slow (Spark starts three times: load, build, read; a few minutes on two
cores). When the `spark` extra or Java is missing, scripts/spark.sh installs
them: the test fails rather than skips when it cannot.
"""

from __future__ import annotations

import collections
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.dbt.make_raw_fixture import build
from tests.test_postgres_dbt import (
    AS_OF_DATE,
    CONTRACT_MARTS,
    FLOAT_TYPES,
    _duckdb_marts,
    _grid,
    _row_key,
    _same_digits,
)

if TYPE_CHECKING:
    from tests.spark_fixture import SparkWarehouse

pytest_plugins = ["tests.spark_fixture"]
pytestmark = pytest.mark.slow  # starts Spark three times and builds dbt on two engines (minutes)

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
DBT = Path(sys.executable).with_name("dbt")
DBT_TIMEOUT_S = 900


def _dbt(
    args: list[str], target: str, tmp_path: Path, env: dict[str, str]
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            str(DBT),
            *args,
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target",
            target,
            "--target-path",
            str(tmp_path / f"target-{target}"),
            "--log-path",
            str(tmp_path / f"logs-{target}"),
        ],
        cwd=DBT_PROJECT_DIR,
        env={
            **env,
            "JEJAK_DBT_TARGET": target,
            # marts that depend on "today" (delivery_status) see the same day on both
            "JEJAK_AS_OF_DATE": AS_OF_DATE,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _wait(proc: subprocess.Popen[str], what: str, spark: SparkWarehouse) -> str:
    out, err = proc.communicate(timeout=DBT_TIMEOUT_S)
    spark.wait_for_exit(proc.pid)  # Spark's JVM has let go of the metastore
    assert proc.returncode == 0, f"{what} failed:\n{out[-8000:]}\n{err[-3000:]}"
    return out


def test_marts_identical_on_duckdb_and_spark(spark: SparkWarehouse, tmp_path: Path) -> None:
    started = time.monotonic()
    fixture = build()
    work_db = tmp_path / "jejak_rupiah.work.duckdb"
    fixture.write(work_db)
    env = spark.env()
    # DuckDB builds while Spark loads raw (one Spark process at a time: Derby).
    duckdb_build = _dbt(["build"], "duckdb", tmp_path, {**env, "JEJAK_WORK_DB": str(work_db)})
    spark.load_raw()
    spark_build = _dbt(["build"], "spark", tmp_path, env)
    build_log = _wait(spark_build, "dbt build --target spark", spark)
    _wait(duckdb_build, "dbt build --target duckdb", spark)

    # The grid of edge cases, compiled for Spark (no connection needed) and
    # run by the reader; its results are text: VARCHAR is STRING on Spark.
    grid_sql, expected = _grid()
    compiled = _wait(
        _dbt(
            [
                "--quiet",
                "compile",
                "--no-populate-cache",
                "--inline",
                grid_sql.replace(" as varchar)", " as string)"),
            ],
            "spark",
            tmp_path,
            env,
        ),
        "dbt compile --inline --target spark",
        spark,
    )
    grid_file = tmp_path / "grid.sql"
    grid_file.write_text(compiled.strip())
    read = spark.read(tmp_path / "spark.pickle", grid_file)

    dd = _duckdb_marts(work_db)
    sp = read["marts"]
    assert sorted(sp) == sorted(dd)
    assert len(dd) >= 9, sorted(dd)
    differences = 0
    report = []
    for table in sorted(dd):
        assert sp[table]["columns"] == dd[table]["columns"], table
        floats = [c for c, t in sp[table]["columns"] if t in FLOAT_TYPES]
        assert not floats, f"{table}: float columns {floats}"
        left = collections.Counter(map(_row_key, dd[table]["rows"]))
        right = collections.Counter(map(_row_key, sp[table]["rows"]))
        only_dd, only_sp = left - right, right - left
        assert not only_dd and not only_sp, (
            f"{table}: only in DuckDB {list(only_dd)[:3]}, only in Spark {list(only_sp)[:3]}"
        )
        differences += sum(only_dd.values()) + sum(only_sp.values())
        report.append(f"{table} {len(dd[table]['rows'])}")
    empty = [t for t in CONTRACT_MARTS if not dd.get(t, {}).get("rows")]
    assert not empty, f"empty on the fixture, the comparison would prove nothing: {empty}"
    money = sum(t == "DECIMAL(18,2)" for m in sp.values() for _, t in m["columns"])

    results = {(kind, i): result for kind, i, result in read["query"]}
    assert set(results) == set(expected)
    wrong = {
        key: (results[key], want)
        for key, want in expected.items()
        if not _same_digits(results[key], want)
    }
    assert not wrong, f"{len(wrong)} wrong (spark, expected): {list(wrong.items())[:5]}"

    summary = re.search(r"PASS=\d+ .*TOTAL=\d+", build_log)
    print(
        f"\nspark vs duckdb: {len(dd)} marts compared row for row "
        f"({', '.join(report)}; {sum(len(m['rows']) for m in dd.values())} rows, "
        f"{money} DECIMAL(18,2) columns, column names and types equal), differences: {differences}; "
        f"exact-arithmetic grid: {len(expected)} cases equal to Python Decimal half-even on "
        f"Spark, differences: 0; dbt build on Spark: {summary and summary.group(0)}; "
        f"{time.monotonic() - started:.0f} s"
    )
