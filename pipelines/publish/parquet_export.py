"""Every published mart as Parquet, for tools that read files rather than DuckDB.

Layout beside the published warehouse:

    parquet/<run_id>/<mart>.parquet      one file per mart
    parquet/<run_id>/manifest.json       table, rows, sha256 of each file, the night
    parquet/latest -> <run_id>           symlink, swapped atomically

`stage` writes a complete export (files, audit, manifest) into a hidden
`.<run_id>.tmp` folder from the audited candidate DuckDB file, before that file
goes live, so a failed export publishes nothing. After the DuckDB swap,
`point_latest` renames the folder to `<run_id>` and re-points `latest` (a new
symlink renamed over the old one with `os.replace`), so a reader following
`latest` never sees a half-written night. A run that dies in between leaves
only the hidden folder, removed by the next export. Money columns stay
DECIMAL(18,2) (Parquet decimal logical type), checked after writing: a float
would silently lose cents. The last `KEEP_EXPORTS` nights are kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.core.publication import (
    MANIFEST,
    current_latest,
    fsync,
    parquet_root,
    point_latest_to,
)

KEEP_EXPORTS = 5


class ParquetExportError(RuntimeError):
    """The Parquet files do not match the warehouse: nothing was exported."""


@dataclass(frozen=True)
class ParquetExport:
    """One night's export: staged in a hidden folder, then renamed to `folder`."""

    staging: Path
    folder: Path
    run_id: str
    published_at: dt.datetime
    tables: dict[str, int]


def sha256_file(path: Path) -> str:
    """sha256 hex of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _arrow_type(duckdb_type: str) -> pa.DataType | None:
    """The Parquet/Arrow type a DECIMAL column must keep (None for other types)."""
    if duckdb_type.startswith("DECIMAL("):
        precision, scale = duckdb_type[len("DECIMAL(") : -1].split(",")
        return pa.decimal128(int(precision), int(scale))
    return None


def stage(database: Path, published: Path) -> ParquetExport:
    """Export every mart of `database` into a hidden `parquet/.<run_id>.tmp/` folder."""
    root = parquet_root(published)
    root.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(root)
    con = duckdb.connect(str(database), read_only=True)
    try:
        run_id, published_at = con.execute(
            "select run_id, published_at from meta.publication"
        ).fetchone()
        staging = root / f".{run_id}.tmp"
        try:
            entries = _write_tables(con, staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    finally:
        con.close()
    night = {"run_id": run_id, "published_at": published_at.isoformat()}
    manifest = {"night": night, "source": published.name, "tables": entries}
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    for path in staging.iterdir():
        fsync(path)
    fsync(staging)
    counts = {str(e["table"]): int(e["rows"]) for e in entries}
    return ParquetExport(staging, root / run_id, run_id, published_at, counts)


def _write_tables(con: duckdb.DuckDBPyConnection, staging: Path) -> list[dict[str, object]]:
    """One audited Parquet file per mart; the manifest entries."""
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    tables = [
        t
        for (t,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts' order by table_name"
        ).fetchall()
    ]
    entries: list[dict[str, object]] = []
    for table in tables:
        path = staging / f"{table}.parquet"
        con.execute(
            f"copy (select * from marts.{table}) to '{path}' (format parquet, compression zstd)"
        )
        rows = con.execute(f"select count(*) from marts.{table}").fetchone()[0]
        columns = con.execute(
            "select column_name, data_type from duckdb_columns() where schema_name = 'marts' "
            "and table_name = ? order by column_index",
            [table],
        ).fetchall()
        _audit(path, table, rows, columns)
        entries.append(
            {
                "table": table,
                "file": path.name,
                "rows": rows,
                "sha256": sha256_file(path),
                "columns": [{"name": n, "type": t} for n, t in columns],
            }
        )
    return entries


def _audit(path: Path, table: str, rows: int, columns: list[tuple[str, str]]) -> None:
    """Rows and decimal types as written, read back from the file itself."""
    meta = pq.read_metadata(path)
    if meta.num_rows != rows:
        raise ParquetExportError(
            f"{path.name}: {meta.num_rows} baris di Parquet, {rows} baris di marts.{table}"
        )
    schema = pq.read_schema(path)
    for name, duckdb_type in columns:
        expected = _arrow_type(duckdb_type)
        if expected is not None and schema.field(name).type != expected:
            raise ParquetExportError(
                f"{path.name}: kolom '{name}' bertipe {schema.field(name).type} di Parquet, "
                f"seharusnya {duckdb_type}"
            )


def point_latest(export: ParquetExport) -> None:
    """Make the staged export `<run_id>/`, atomically re-point `latest`, prune old exports."""
    root = export.folder.parent
    if export.folder.exists():  # only when a run id is published twice
        shutil.rmtree(export.folder)
    os.rename(export.staging, export.folder)
    fsync(root)
    point_latest_to(root, export.folder.name)
    prune(root)


def exports(root: Path) -> list[Path]:
    """Complete export folders (with a manifest), oldest night first."""
    found = []
    for folder in root.iterdir() if root.is_dir() else []:
        manifest = folder / MANIFEST
        if folder.name.startswith(".") or folder.is_symlink() or not manifest.exists():
            continue
        published_at = json.loads(manifest.read_text())["night"]["published_at"]
        found.append((published_at, folder.name, folder))
    return [folder for _, _, folder in sorted(found)]


def prune(root: Path, keep: int = KEEP_EXPORTS) -> list[Path]:
    """Delete all but the newest `keep` exports; never the one `latest` points at."""
    latest = current_latest(root)
    removed = []
    for folder in exports(root)[:-keep]:
        if folder.name != latest:
            shutil.rmtree(folder)
            removed.append(folder)
    return removed


def _remove_leftovers(root: Path) -> None:
    """Half-written exports and symlinks of runs that died."""
    for path in root.glob(".*.tmp"):
        if path.is_symlink() or path.is_file():
            path.unlink()
        else:
            shutil.rmtree(path, ignore_errors=True)
