"""A throwaway Spark warehouse for the tests, from `scripts/spark.sh`.

The fixture is session-scoped: the first test that asks for it installs what
the dbt project's `spark` target needs when missing (Java from Debian, the
project's `spark` extra: dbt-spark[session] and pyspark, into the running
Python) and makes a fresh folder under the system temporary directory for a
Hive warehouse and its embedded Derby metastore (JEJAK_SPARK_DIR of
dbt_project/profiles.yml), removed at the end of the session. When they
cannot be installed the tests FAIL (they do not skip): CI must exercise the
Spark path.

Use it from a test module with

    pytest_plugins = ["tests.spark_fixture"]

and a test argument named `spark` (a `SparkWarehouse`).

Spark runs inside each process that uses it (dbt-spark's `session` method),
and an embedded Derby metastore admits one process at a time, so every step
is its own process, one after the other: `load-raw` and `read` below (run as
`python -m tests.spark_fixture ...`; only they import pyspark), and `dbt`
between them. Their Spark sessions take the settings of the profile's
`spark` output, so they see the same databases as dbt.
"""

from __future__ import annotations

import argparse
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SPARK_SH = REPO_ROOT / "scripts" / "spark.sh"
PROFILES = REPO_ROOT / "dbt_project" / "profiles.yml"
INSTALL_TIMEOUT_S = 1200  # pip (pyspark is about 400 MB) and apt-get on a clean machine
STEP_TIMEOUT_S = 600

# Spark's type names (DataType.simpleString) as DuckDB's information_schema
# spells them.
SPARK_TYPE_NAMES = {
    "string": "VARCHAR",
    "int": "INTEGER",
    "bigint": "BIGINT",
    "smallint": "SMALLINT",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp_ntz": "TIMESTAMP",
    "timestamp": "TIMESTAMP WITH TIME ZONE",
    "double": "DOUBLE",
    "float": "FLOAT",
}


@dataclass(frozen=True)
class SparkWarehouse:
    """Where the test warehouse lives (JEJAK_SPARK_DIR) and how to reach it."""

    root: Path
    python: Path

    def env(self) -> dict[str, str]:
        """The environment of a process that uses this warehouse (dbt or a step)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JEJAK_", "DBT_"))}
        env.update(
            {
                "JEJAK_SPARK_DIR": str(self.root),
                # the steps import tests.*; the driver's Python is the workers' Python
                "PYTHONPATH": str(REPO_ROOT),
                "PYSPARK_PYTHON": str(self.python),
                "TZ": "UTC",
            }
        )
        return env

    def step(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run `python -m tests.spark_fixture ARGS` on this warehouse; fail on error."""
        proc = subprocess.Popen(
            [str(self.python), "-m", "tests.spark_fixture", *args],
            cwd=REPO_ROOT,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        out, err = proc.communicate(timeout=STEP_TIMEOUT_S)
        wait_for_process_group(proc.pid)
        assert proc.returncode == 0, (
            f"tests.spark_fixture {args[0]} failed (exit {proc.returncode}):\n"
            f"{out[-3000:]}\n{err[-6000:]}"
        )
        return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)

    def wait_for_exit(self, pid: int) -> None:
        """After process `pid` (started with start_new_session=True) ended, wait
        for its children too: see wait_for_process_group."""
        wait_for_process_group(pid)

    def load_raw(self) -> None:
        """(Re)create the `raw` database with the rows of tests/dbt/make_raw_fixture.py."""
        self.step("load-raw")

    def read(self, out: Path, sql_file: Path | None = None) -> dict[str, Any]:
        """Every table of `marts` (columns with DuckDB's type names, rows) and
        the rows of the query in `sql_file` (if any), as {"marts", "query"}."""
        self.step("read", str(out), *([str(sql_file)] if sql_file else []))
        with out.open("rb") as f:
            return pickle.load(f)


def wait_for_process_group(pgid: int, timeout: float = 120) -> None:
    """Wait until no live process is left in process group `pgid` (a process
    started with start_new_session=True and its children): the JVM of a
    pyspark or dbt process outlives it by a moment, and the next process can
    only open the Derby metastore once that JVM has closed it. Zombies do not
    count (they hold nothing)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = False
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # after "pid (comm)": state, ppid, pgrp
            if fields[0] != "Z" and int(fields[2]) == pgid:
                alive = True
                break
        if not alive:
            return
        time.sleep(0.2)
    raise AssertionError(f"processes of group {pgid} still running after {timeout} s")


def _install() -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SPARK_SH), "install", sys.executable],
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT_S,
        check=False,
    )


@pytest.fixture(scope="session", name="spark")
def spark_warehouse() -> Iterator[SparkWarehouse]:
    """An empty warehouse folder for the whole session, removed at the end."""
    install = _install()
    if install.returncode != 0:
        pytest.fail(
            f"Spark for the tests: installing Java and the `spark` extra failed "
            f"(scripts/spark.sh, exit {install.returncode}).\n"
            f"{install.stderr.strip()[-4000:]}\n{install.stdout.strip()[-2000:]}",
            pytrace=False,
        )
    root = Path(tempfile.mkdtemp(prefix="jejak-spark-"))
    try:
        yield SparkWarehouse(root=root, python=Path(sys.executable))
    finally:
        shutil.rmtree(root, ignore_errors=True)


# --- the steps, each in its own process -------------------------------------------


def profile_spark_conf() -> dict[str, str]:
    """server_side_parameters of the `spark` output of dbt_project/profiles.yml,
    rendered as dbt renders them (env_var), relative paths from dbt_project/
    (where dbt runs) made absolute."""
    import jinja2
    import yaml

    profile = yaml.safe_load(PROFILES.read_text())
    params = profile["jejak_rupiah"]["outputs"]["spark"]["server_side_parameters"]

    def env_var(name: str, default: str | None = None) -> str:
        value = os.environ.get(name, default)
        if value is None:
            raise KeyError(f"{name} is not set")
        if name == "JEJAK_SPARK_DIR":
            value = str((PROFILES.parent / value).resolve())
        return value

    env = jinja2.Environment()
    return {
        key: env.from_string(str(value)).render(env_var=env_var) for key, value in params.items()
    }


def _spark_session():  # noqa: ANN202 (pyspark is imported here only)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.enableHiveSupport()
    # as dbt-spark does for the session method
    for key, value in {**profile_spark_conf(), "spark.sql.ansi.enabled": "false"}.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


# DuckDB's type names (information_schema) as Spark DDL spells them.
def _spark_type(duckdb_type: str) -> str:
    t = duckdb_type.upper()
    if t == "VARCHAR":
        return "string"
    if t == "TIMESTAMP":
        return "timestamp_ntz"
    if t.startswith("DECIMAL"):
        return t.lower().replace(" ", "")
    return {"INTEGER": "int", "BIGINT": "bigint", "DATE": "date", "BOOLEAN": "boolean"}[t]


def load_raw() -> None:
    """The raw fixture's rows in Spark tables raw.*, with the columns and types
    of tests/dbt/make_raw_fixture.py's DDL (read back from DuckDB)."""
    import duckdb
    from pyspark.sql.types import _parse_datatype_string

    from tests.dbt.make_raw_fixture import DDL, build

    con = duckdb.connect()
    con.execute(DDL)
    spark = _spark_session()
    spark.sql("create database if not exists raw")
    for table, rows in build().raw_tables().items():
        columns = [
            (name, _spark_type(t))
            for name, t, *_ in con.execute(f"describe raw.{table}").fetchall()
        ]
        schema = _parse_datatype_string(", ".join(f"{name}: {t}" for name, t in columns))
        frame = spark.createDataFrame([tuple(r.get(c) for c, _ in columns) for r in rows], schema)
        spark.sql(f"drop table if exists raw.{table}")
        frame.write.format("parquet").saveAsTable(f"raw.{table}")
        print(f"raw.{table}: {len(rows)} rows")
    spark.stop()


def read(out: Path, sql_file: Path | None) -> None:
    spark = _spark_session()
    marts = {}
    for table in sorted(t.name for t in spark.catalog.listTables("marts")):
        frame = spark.table(f"marts.`{table}`")
        columns = []
        for field in frame.schema.fields:
            name = field.dataType.simpleString()
            columns.append((field.name, SPARK_TYPE_NAMES.get(name, name.upper().replace(" ", ""))))
        marts[table] = {"columns": columns, "rows": [tuple(row) for row in frame.collect()]}
    query = None
    if sql_file is not None:
        query = [tuple(row) for row in spark.sql(sql_file.read_text()).collect()]
    with out.open("wb") as f:
        pickle.dump({"marts": marts, "query": query}, f)
    spark.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="Steps of the Spark test warehouse")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("load-raw", help="(re)create raw.* from tests/dbt/make_raw_fixture.py")
    reader = sub.add_parser("read", help="pickle the marts (and a query's rows) to OUT")
    reader.add_argument("out", type=Path)
    reader.add_argument("sql_file", type=Path, nargs="?")
    args = parser.parse_args()
    if args.command == "load-raw":
        load_raw()
    else:
        read(args.out, args.sql_file)


if __name__ == "__main__":
    main()
