"""Write-audit-publish: copy the checked marts into a new file, audit it, swap it in.

BI tools hold the published file open all day. The run never writes that file:
it builds a complete new DuckDB file beside it, checks that every mart arrived
with the same rows and rupiah as in the working database, and only then
renames it over the published one (`os.replace` is atomic on one filesystem).
A reader sees last night's file or tonight's, never a mix; a run that dies
leaves the published file untouched.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

KEEP_VERSIONS = 5


class PublishAuditError(RuntimeError):
    """The copy differs from the working database: nothing was published."""


@dataclass(frozen=True)
class PublishReport:
    """What was published where."""

    path: Path
    tables: dict[str, int]
    previous_version: Path | None


def _money_fingerprint(con: duckdb.DuckDBPyConnection, catalog: str, table: str) -> str:
    cols = con.execute(
        "select column_name from duckdb_columns() where database_name = ? and schema_name = 'marts' "
        "and table_name = ? and data_type like 'DECIMAL(18,2)' order by column_index",
        [catalog, table],
    ).fetchall()
    if not cols:
        return ""
    sums = ", ".join(f"coalesce(sum({c}), 0)::varchar" for (c,) in cols)
    return "|".join(con.execute(f"select {sums} from {catalog}.marts.{table}").fetchone())


def publish(work_db: Path, published: Path, run_id: str, checks: dict[str, str]) -> PublishReport:
    """Copy `marts` from the working file to a new file, audit, and atomically replace."""
    published.parent.mkdir(parents=True, exist_ok=True)
    tmp = published.with_name(f".{published.stem}.{run_id}.tmp{published.suffix}")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        con.execute(f"attach '{work_db}' as work (read_only)")
        tables = [
            t
            for (t,) in con.execute(
                "select table_name from duckdb_tables() where database_name = 'work' "
                "and schema_name = 'marts' order by table_name"
            ).fetchall()
        ]
        if not tables:
            raise PublishAuditError(
                "skema marts di database kerja kosong: tidak ada yang diterbitkan"
            )
        con.execute("create schema marts")
        counts: dict[str, int] = {}
        for table in tables:
            con.execute(f"create table marts.{table} as select * from work.marts.{table}")
            src = con.execute(f"select count(*) from work.marts.{table}").fetchone()[0]
            dst = con.execute(f"select count(*) from marts.{table}").fetchone()[0]
            if src != dst or _money_fingerprint(con, "work", table) != _money_fingerprint(
                con, _catalog(con), table
            ):
                raise PublishAuditError(f"salinan marts.{table} berbeda dari database kerja")
            counts[table] = dst
        con.execute("create schema meta")
        con.execute(
            "create table meta.publication as select ?::varchar as run_id, "
            "?::timestamp as published_at",
            [run_id, dt.datetime.now(dt.UTC).replace(tzinfo=None)],
        )
        con.execute("create table meta.tables (table_name varchar, row_count bigint)")
        con.executemany("insert into meta.tables values (?, ?)", list(counts.items()))
        con.execute("create table meta.checks (check_name varchar, outcome varchar)")
        con.executemany("insert into meta.checks values (?, ?)", sorted(checks.items()))
        con.execute("detach work")
        con.execute("checkpoint")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    _fsync(tmp)
    previous = _keep_previous(published)
    os.replace(tmp, published)
    _fsync(published.parent)
    return PublishReport(path=published, tables=counts, previous_version=previous)


def _catalog(con: duckdb.DuckDBPyConnection) -> str:
    return con.execute("select current_database()").fetchone()[0]


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def versions_dir(published: Path) -> Path:
    """Where earlier published files are kept for rollback."""
    return published.parent / "versions"


def _keep_previous(published: Path) -> Path | None:
    """Hard-link the current published file into `versions/` and prune old ones."""
    if not published.exists():
        return None
    folder = versions_dir(published)
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    target = folder / f"{published.stem}.{stamp}{published.suffix}"
    os.link(published, target)
    kept = sorted(folder.glob(f"{published.stem}.*{published.suffix}"))
    for old in kept[:-KEEP_VERSIONS]:
        old.unlink()
    return target
