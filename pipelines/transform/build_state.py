"""The build state: a fingerprint of everything the marts are computed from.

A night with no new files must do almost no work and change nothing. Apart
from the reference date (below), the marts are a pure function of three
things, so their fingerprint is the build state:

- the deliveries: every row of `raw.file_ledger` (a new, re-sent, rejected or
  backfilled file changes it; rows of `raw.<feed>` only change together with
  their ledger row, in the same transaction);
- the code that turns them into marts and checks them: the dbt project
  (models, macros, seeds, tests, `dbt_project.yml`, `profiles.yml`), the GX
  suites and the `pipelines` package;
- the dbt target and the installed versions of the tools that compute and
  check (dbt-core, dbt-duckdb, duckdb, great-expectations).

The one date-dependent mart, `marts.delivery_status`, is not fingerprinted
here: whether its published statuses still hold today is read from the
published mart itself (`skip.statuses_current`), so the deadline rule lives
only in its SQL.

The dbt step computes the state *before* it builds and records it in the
working database (`meta.build`) only after a build of the whole project
succeeded (a partial build records NULL). The publish step copies that record
into `meta.publication.build_state` of the published file, and the next run
compares (`skip.py`). A night whose blocking checks failed published nothing,
so the published state stays the older one and the next night builds (and
checks) again instead of hiding the failure.
"""

from __future__ import annotations

import hashlib
import importlib.metadata

import duckdb

from pipelines.core.paths import DBT_PROJECT_DIR, EXPECTATIONS_DIR, REPO_ROOT

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


def build_state(con: duckdb.DuckDBPyConnection, dbt_target: str) -> str:
    """The fingerprint of everything the marts are computed from (the reference date aside)."""
    parts = [ledger_fingerprint(con), code_fingerprint(), dbt_target, _tool_versions()]
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


def marts_present(con: duckdb.DuckDBPyConnection) -> bool:
    """The working database still holds built marts (someone may have deleted the file)."""
    return bool(
        con.execute(
            "select count(*) from duckdb_tables() where schema_name = 'marts' "
            "and database_name = current_database()"
        ).fetchone()[0]
    )
