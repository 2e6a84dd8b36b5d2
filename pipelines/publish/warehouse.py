"""Write-audit-publish: copy the checked marts into a new file, audit it, swap it in.

BI tools hold the published file open all day. The run never writes that file:
it builds a complete new DuckDB file beside it (a hidden temp file named after
the run), checks that every mart arrived with the same rows and rupiah as in
the working database, and only then renames it over the published one
(`os.replace` is atomic on one filesystem). A reader that already has the file
open keeps reading last night's inode until it reconnects; a reader that
opens it gets last night's file or tonight's, never a mix. A run that dies
(even by SIGKILL) leaves the published file untouched; its temp file is
removed by the next publish.

The two halves are separate functions so that the Parquet export can be
built from the audited candidate before it goes live (see `assets.py`):
`build_candidate` writes and audits, `swap_in` keeps the current file as a
version and replaces it.

Besides `marts`, the file carries `meta`: the publication record, the row
count of every mart, the outcome of every check, and a copy of the dated
parameter seeds of `reference` (every seed with a `thang_mulai` column:
`ambang_rapor`, `bobot_eksekusi`, `target_penyerapan`, ...). The report and
BI tools read thresholds and weights from there, the very rows the marts were
computed with, instead of restating them.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.core.faults import die_if_requested
from pipelines.core.publication import fsync

KEEP_VERSIONS = 5
PARAMETER_COLUMN = "thang_mulai"
"""A seed of `reference` with this column is a dated parameter table, copied into `meta`."""
META_TABLES = frozenset({"publication", "tables", "checks"})


class PublishAuditError(RuntimeError):
    """The copy differs from the working database: nothing was published."""


@dataclass(frozen=True)
class Candidate:
    """An audited, checkpointed and fsynced DuckDB file waiting to be swapped in."""

    tmp: Path
    published: Path
    run_id: str
    published_at: dt.datetime
    tables: dict[str, int]


@dataclass(frozen=True)
class PublishReport:
    """What was published where."""

    path: Path
    tables: dict[str, int]
    previous_version: Path | None
    run_id: str = ""
    published_at: dt.datetime | None = None


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


def temp_path(published: Path, run_id: str) -> Path:
    """The hidden file a run builds beside the published one (unique per run)."""
    return published.with_name(f".{published.stem}.{run_id}.tmp{published.suffix}")


def stale_temp_files(published: Path) -> list[Path]:
    """Temp files (and their WALs) left by runs that died before swapping in."""
    pattern = f".{published.stem}.*.tmp{published.suffix}"
    found = [*published.parent.glob(pattern), *published.parent.glob(pattern + ".wal")]
    return sorted(found)


def remove_stale_temp_files(published: Path, keep: Path | None = None) -> list[Path]:
    """Delete what dead runs left; only one run writes at a time (the run lock), so
    any temp file other than this run's own belongs to a run that is gone."""
    removed = []
    for path in stale_temp_files(published):
        if keep is not None and path in (keep, keep.with_name(keep.name + ".wal")):
            continue
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def build_candidate(
    work_db: Path, published: Path, run_id: str, checks: dict[str, str]
) -> Candidate:
    """Copy `marts` from the working file into a new hidden file and audit it.

    `meta.publication.build_state` carries what the dbt step recorded it built
    from (`meta.build` of the working file; NULL after a partial build), so the
    next night can tell whether anything changed."""
    published.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(published, run_id)
    remove_stale_temp_files(published)
    published_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
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
        build_state = _recorded_build_state(con)
        con.execute("create schema meta")
        _copy_parameters(con)
        con.execute(
            "create table meta.publication as select ?::varchar as run_id, "
            "?::timestamp as published_at, ?::varchar as build_state",
            [run_id, published_at, build_state],
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
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
        raise
    con.close()
    fsync(tmp)
    return Candidate(tmp, published, run_id, published_at, counts)


def _copy_parameters(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Copy the dated parameter seeds of the working file's `reference` into `meta`."""
    tables = [
        t
        for (t,) in con.execute(
            "select distinct table_name from duckdb_columns() where database_name = 'work' "
            "and schema_name = 'reference' and column_name = ? order by table_name",
            [PARAMETER_COLUMN],
        ).fetchall()
    ]
    for table in tables:
        if table in META_TABLES:
            raise PublishAuditError(
                f"seed reference.{table} bernama sama dengan tabel meta.{table}"
            )
        con.execute(f"create table meta.{table} as select * from work.reference.{table}")
        src = con.execute(f"select count(*) from work.reference.{table}").fetchone()[0]
        dst = con.execute(f"select count(*) from meta.{table}").fetchone()[0]
        if src != dst:
            raise PublishAuditError(f"salinan reference.{table} berbeda dari database kerja")
    return tables


def _recorded_build_state(con: duckdb.DuckDBPyConnection) -> str | None:
    exists = con.execute(
        "select count(*) from duckdb_tables() where database_name = 'work' "
        "and schema_name = 'meta' and table_name = 'build'"
    ).fetchone()[0]
    if not exists:
        return None
    row = con.execute("select build_state from work.meta.build").fetchone()
    return row[0] if row else None


def swap_in(candidate: Candidate) -> PublishReport:
    """Keep the current file as a version, then atomically replace it with the candidate."""
    published = candidate.published
    previous = keep_current_version(published)
    die_if_requested("publish")  # test-only: new file complete, not yet swapped in
    os.replace(candidate.tmp, published)
    fsync(published.parent)
    return PublishReport(
        path=published,
        tables=candidate.tables,
        previous_version=previous,
        run_id=candidate.run_id,
        published_at=candidate.published_at,
    )


def discard(candidate: Candidate) -> None:
    """Remove a candidate that must not go live (e.g. its Parquet export failed)."""
    candidate.tmp.unlink(missing_ok=True)


def _catalog(con: duckdb.DuckDBPyConnection) -> str:
    return con.execute("select current_database()").fetchone()[0]


def versions_dir(published: Path) -> Path:
    """Where earlier published files are kept for rollback."""
    return published.parent / "versions"


def kept_versions(published: Path) -> list[Path]:
    """Kept versions, oldest first (the name carries the UTC time it was kept)."""
    folder = versions_dir(published)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{published.stem}.*{published.suffix}"))


def keep_current_version(published: Path) -> Path | None:
    """Hard-link the current published file into `versions/` and prune old ones.

    Idempotent: a run killed between keeping and swapping leaves the current
    file already kept, and the next run does not keep it twice. A WAL beside
    the published file means someone opened it read-write (the pipeline
    never does): DuckDB refuses to open a file with a WAL that is not its own,
    so the WAL goes with the version it belongs to instead of poisoning the
    new file for every reader.
    """
    if not published.exists():
        return None
    folder = versions_dir(published)
    folder.mkdir(exist_ok=True)
    kept = kept_versions(published)
    if kept and os.path.samefile(kept[-1], published):
        target = kept[-1]
    else:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        target = folder / f"{published.stem}.{stamp}{published.suffix}"
        os.link(published, target)
    stray_wal = published.with_name(published.name + ".wal")
    if stray_wal.exists():
        os.replace(stray_wal, target.with_name(target.name + ".wal"))
    for old in kept_versions(published)[:-KEEP_VERSIONS]:
        old.unlink()
        old.with_name(old.name + ".wal").unlink(missing_ok=True)
    fsync(folder)
    return target
