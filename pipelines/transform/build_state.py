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
- the dbt target (DuckDB or PostgreSQL);
- the status period of `marts.delivery_status` (the only date-dependent mart;
  its statuses change on the 1st and the 11th, see `ops/freshness.py`).

The publish step writes the state into `meta.publication.build_state` of the
published file; the dbt step compares the working database's state with it
and, when they are equal, builds nothing, so the checks, the publish step and
the report are skipped too. A night whose blocking checks failed published
nothing, so its state differs from the published one and the next night
builds (and checks) again instead of hiding the failure.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import duckdb

from pipelines.config import DBT_PROJECT_DIR, EXPECTATIONS_DIR, REPO_ROOT
from pipelines.ops.freshness import reference_date, status_period_start

_CODE_GLOBS = [
    (DBT_PROJECT_DIR, ["dbt_project.yml", "models/**/*", "macros/**/*", "seeds/**/*",
                       "tests/**/*"]),
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


def build_state(con: duckdb.DuckDBPyConnection) -> str:
    """The fingerprint of everything the marts are computed from, as of now."""
    parts = [
        ledger_fingerprint(con),
        code_fingerprint(),
        os.environ.get("JEJAK_DBT_TARGET", "duckdb"),
        status_period_start(reference_date()).isoformat(),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def published_state(published: Path) -> str | None:
    """`meta.publication.build_state` of the published file; None when absent or older."""
    if not published.exists():
        return None
    try:
        con = duckdb.connect(str(published), read_only=True)
    except duckdb.Error:
        return None
    try:
        row = con.execute("select build_state from meta.publication").fetchone()
    except duckdb.Error:  # published before the column existed, or not ours
        return None
    finally:
        con.close()
    return row[0] if row else None


def marts_present(con: duckdb.DuckDBPyConnection) -> bool:
    """The working database still holds built marts (someone may have deleted the file)."""
    return bool(
        con.execute(
            "select count(*) from duckdb_tables() where schema_name = 'marts' "
            "and database_name = current_database()"
        ).fetchone()[0]
    )
