"""What a publication is made of, where its parts live, and how to read its record.

A night's publication is three things beside `JEJAK_WAREHOUSE`: the DuckDB
file itself (with `meta.publication`: run id, time, build state), the Parquet
export that `parquet/latest` points at, and the scorecard report. The
publish stage writes them (`publish/warehouse.py`, `publish/parquet_export.py`,
`publish/report_asset.py`); the dbt step reads them to decide whether a night
has anything new to build (`transform/skip.py`). Both go through this module,
so the transform stage never imports the publish stage.

Reads open the published file read-only, like any BI reader, and never fail
the caller: a missing, foreign or older file simply has no record.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

REPORT_FILE = "laporan_scorecard.html"
PARQUET_DIR = "parquet"
LATEST = "latest"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Publication:
    """What the published file says about itself (None where it does not say)."""

    run_id: str | None
    build_state: str | None
    status_since: dt.date | None = None
    """`max(marts.delivery_status.berlaku_sejak)`: the start of the status period it shows."""
    deadlines: tuple[dt.date, ...] = ()
    """The distinct `marts.delivery_status.tanggal_tenggat` it lists."""


def report_path(published: Path) -> Path:
    """`<warehouse dir>/laporan_scorecard.html`."""
    return published.parent / REPORT_FILE


def parquet_root(published: Path) -> Path:
    """`<warehouse dir>/parquet`."""
    return published.parent / PARQUET_DIR


def current_latest(root: Path) -> str | None:
    """The export folder `latest` points at, if any."""
    link = root / LATEST
    return os.readlink(link) if link.is_symlink() else None


def point_latest_to(root: Path, folder_name: str) -> None:
    """Swap `root/latest` to `folder_name` with one `os.replace` of a new symlink."""
    tmp = root / f".{LATEST}.{folder_name}.tmp"
    tmp.unlink(missing_ok=True)
    os.symlink(folder_name, tmp)
    os.replace(tmp, root / LATEST)
    fsync(root)


def fsync(path: Path) -> None:
    """Flush a file or a folder (after a rename) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_publication(published: Path) -> Publication | None:
    """The published file's record; None when there is no readable `meta.publication`."""
    if not published.exists():
        return None
    try:
        con = duckdb.connect(str(published), read_only=True)
    except duckdb.Error:
        return None
    try:
        try:
            row = con.execute("select run_id, build_state from meta.publication").fetchone()
        except duckdb.Error:  # published before the column existed, or not ours
            return None
        if row is None:
            return None
        since, deadlines = _delivery_status_period(con)
    finally:
        con.close()
    return Publication(run_id=row[0], build_state=row[1], status_since=since, deadlines=deadlines)


def _delivery_status_period(
    con: duckdb.DuckDBPyConnection,
) -> tuple[dt.date | None, tuple[dt.date, ...]]:
    try:
        since = con.execute("select max(berlaku_sejak) from marts.delivery_status").fetchone()[0]
        deadlines = con.execute(
            "select distinct tanggal_tenggat from marts.delivery_status "
            "where tanggal_tenggat is not null order by 1"
        ).fetchall()
    except duckdb.Error:  # published before the mart existed
        return None, ()
    return since, tuple(d for (d,) in deadlines)


def outputs_in_place(published: Path, run_id: str | None) -> bool:
    """The whole publication is there: `parquet/latest` names its run, the report is as new.

    A publish that died after swapping the file in (before re-pointing the
    Parquet export or writing the report) leaves this False, so the next
    night rebuilds and finishes it rather than skipping."""
    if run_id is None or current_latest(parquet_root(published)) != run_id:
        return False
    report = report_path(published)
    return report.exists() and report.stat().st_mtime >= published.stat().st_mtime
