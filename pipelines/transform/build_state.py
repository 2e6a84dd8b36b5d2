"""Has anything the marts depend on changed since the warehouse was last published?

A night with no new files must do almost no work and change nothing. The
marts are a pure function of four things, so their fingerprint is the build
state:

- the deliveries: every row of `raw.file_ledger` (a new, re-sent, rejected or
  backfilled file changes it; rows of `raw.<feed>` only change together with
  their ledger row, in the same transaction);
- the code that turns them into marts and checks them: the dbt project
  (models, macros, seeds, tests, `dbt_project.yml`), the GX suites and the
  `pipelines` package;
- the dbt target and the installed versions of the tools that compute and
  check (dbt-core, dbt-duckdb, duckdb, great-expectations);
- the status period of `marts.delivery_status` (the only date-dependent mart;
  its statuses change on the 1st and the 11th, see `ops/freshness.py`).

The dbt step computes the state *before* it builds, pins dbt to the same
reference date (`JEJAK_AS_OF_DATE` in dbt's environment), and records the state in the working database
(`meta.build`) only after a build of the whole project succeeded (a partial
build records NULL). The publish step copies that record into
`meta.publication.build_state` of the published file. The next run compares
its own state with the published one and, when they are equal and the Parquet
export and the report of that publication are in place, builds nothing, so the
checks, the publish step and the report are skipped too. A night whose
blocking checks failed published nothing, so its state differs from the
published one and the next night builds (and checks) again instead of hiding
the failure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import os
from pathlib import Path

import duckdb

from pipelines.config import DBT_PROJECT_DIR, EXPECTATIONS_DIR, REPO_ROOT
from pipelines.ops.freshness import status_period_start

_CODE_GLOBS = [
    (DBT_PROJECT_DIR, ["dbt_project.yml", "profiles.yml", "models/**/*", "macros/**/*",
                       "seeds/**/*", "tests/**/*"]),
    (EXPECTATIONS_DIR, ["*.json"]),
    (REPO_ROOT / "pipelines", ["**/*.py"]),
]  # fmt: skip


def code_fingerprint() -> str:
    """sha256 over the path and bytes of every file that shapes or checks the marts."""
    digest = hashlib.sha256()
    for base, patterns in _CODE_GLOBS:
        files = sorted({p for pattern in patterns for p in base.glob(pattern) if p.is_file()})
        for path in files:
            if "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(REPO_ROOT)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def ledger_fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """sha256 over every ledger row, in file_id order."""
    digest = hashlib.sha256()
    exists = con.execute(
        "select count(*) from duckdb_tables() where schema_name = 'raw' "
        "and table_name = 'file_ledger' and database_name = current_database()"
    ).fetchone()[0]
    if exists:
        for row in con.execute("select * from raw.file_ledger order by file_id").fetchall():
            digest.update(repr(row).encode() + b"\n")
    return digest.hexdigest()


_TOOLS = ("dbt-core", "dbt-duckdb", "dbt-postgres", "duckdb", "great-expectations")


def _tool_versions() -> str:
    versions = []
    for name in _TOOLS:
        try:
            versions.append(f"{name}=={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} absent")
    return ",".join(versions)


def build_state(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> str:
    """The fingerprint of everything the marts are computed from, for reference date `as_of`."""
    parts = [
        ledger_fingerprint(con),
        code_fingerprint(),
        os.environ.get("JEJAK_DBT_TARGET", "duckdb"),
        _tool_versions(),
        status_period_start(as_of).isoformat(),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def record_build(con: duckdb.DuckDBPyConnection, state: str | None, run_id: str) -> None:
    """Remember in the working database what the marts there were built from (None: unknown)."""
    con.execute("create schema if not exists meta")
    con.execute(
        "create table if not exists meta.build (build_state varchar, run_id varchar, "
        "recorded_at timestamp)"
    )
    con.execute("delete from meta.build")
    con.execute(
        "insert into meta.build values (?, ?, current_timestamp::timestamp)", [state, run_id]
    )


def published_record(published: Path) -> tuple[str | None, str | None]:
    """(`build_state`, `run_id`) of the published file's `meta.publication`; Nones if absent."""
    if not published.exists():
        return None, None
    try:
        con = duckdb.connect(str(published), read_only=True)
    except duckdb.Error:
        return None, None
    try:
        row = con.execute("select build_state, run_id from meta.publication").fetchone()
    except duckdb.Error:  # published before the column existed, or not ours
        return None, None
    finally:
        con.close()
    return (row[0], row[1]) if row else (None, None)


def marts_present(con: duckdb.DuckDBPyConnection) -> bool:
    """The working database still holds built marts (someone may have deleted the file)."""
    return bool(
        con.execute(
            "select count(*) from duckdb_tables() where schema_name = 'marts' "
            "and database_name = current_database()"
        ).fetchone()[0]
    )
