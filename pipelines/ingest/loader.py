"""Load one feed's new files from the landing folder into `raw`, file by file.

Each file is hashed, looked up in `raw.file_ledger`, parsed and written in one
transaction with its ledger row, so a run killed half-way leaves either the
whole file or nothing, and an unchanged file is never loaded twice. A file
outside the contract is recorded as `rejected` with the reason and stays in
the landing folder untouched; the other files go on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipelines.faults import die_if_requested
from pipelines.ingest.feeds import FEEDS, Feed
from pipelines.ingest.feeds.base import Context, NameFacts, Parsed
from pipelines.ingest.layout import locate_table
from pipelines.ingest.readers import SUPPORTED_SUFFIXES, FileProblem, read_rows

log = logging.getLogger(__name__)

LINEAGE_COLUMNS = [
    ("_file_id", "varchar"),
    ("_file_hash", "varchar"),
    ("_source_file", "varchar"),
    ("_row_number", "integer"),
]

LEDGER_COLUMNS = [
    ("file_id", "varchar primary key"),
    ("file_hash", "varchar not null"),
    ("feed", "varchar not null"),
    ("file_name", "varchar not null"),
    ("source_file", "varchar not null"),
    ("kdsatker", "varchar"),
    ("thang", "integer"),
    ("bulan", "integer"),
    ("revisi", "integer"),
    ("snapshot_date", "date"),
    ("delivery_key", "varchar"),
    ("landed_at", "timestamp not null"),
    ("loaded_at", "timestamp not null"),
    ("status", "varchar not null"),
    ("row_count", "integer not null"),
    ("amount_total", "decimal(18,2)"),
    ("error", "varchar"),
]

_ARROW_TYPES = {
    "varchar": pa.string(),
    "integer": pa.int32(),
    "date": pa.date32(),
    "decimal(18,2)": pa.decimal128(18, 2),
    "decimal(18,4)": pa.decimal128(18, 4),
    "decimal(9,2)": pa.decimal128(9, 2),
}


@dataclass
class FeedReport:
    """What one feed's load did, for the asset's metadata and the logs."""

    feed: str
    files_seen: int = 0
    already_loaded: int = 0
    loaded: list[str] = field(default_factory=list)
    rejected: dict[str, str] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)
    rows: int = 0
    amount_total: Decimal = Decimal("0.00")


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the `raw` schema, the ledger and every feed's table if missing."""
    con.execute("create schema if not exists raw")
    cols = ", ".join(f"{n} {t}" for n, t in LEDGER_COLUMNS)
    con.execute(f"create table if not exists raw.file_ledger ({cols})")
    for feed in FEEDS.values():
        cols = ", ".join(f"{n} {t}" for n, t in [*feed.raw_columns, *LINEAGE_COLUMNS])
        con.execute(f"create table if not exists raw.{feed.name} ({cols})")


def file_hash(data: bytes) -> str:
    """sha256 of the content."""
    return hashlib.sha256(data).hexdigest()


def file_id(source_file: str, digest: str) -> str:
    """Identity of one delivery: the content under its name.

    The same bytes under another name are another delivery (a `May` file
    copied as `June` must be examined, and rejected, not silently skipped);
    the same bytes under the same name are the file already loaded.
    """
    return hashlib.sha256(f"{source_file}\n{digest}".encode()).hexdigest()


def landing_files(folder: Path) -> list[Path]:
    """The files of a feed folder, skipping hidden files and Excel lock files."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~$")))


def load_feed(
    con: duckdb.DuckDBPyConnection,
    feed_name: str,
    landing_dir: Path,
    pii_key: bytes | None,
    now: dt.datetime | None = None,
    only: Callable[[Path], bool] | None = None,
    reexamine: bool = False,
) -> FeedReport:
    """Load every new file of one feed (or of the files `only` accepts); report what happened.

    With `reexamine`, a file already in the ledger is examined again instead of
    skipped (the office-month backfill): its old ledger row and raw rows are
    replaced in the same transaction that writes the new verdict, and it keeps
    the landing time first recorded (the file's mtime may have moved since, and
    punctuality must not).
    """
    feed = FEEDS[feed_name]
    ensure_raw_schema(con)
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    report = FeedReport(feed=feed.name)
    seen = dict(con.execute("select file_id, landed_at from raw.file_ledger").fetchall())
    for path in landing_files(landing_dir / feed.name):
        if only is not None and not only(path):
            continue
        report.files_seen += 1
        data = path.read_bytes()
        digest = file_hash(data)
        source = f"{feed.name}/{path.name}"
        identity = file_id(source, digest)
        replaces = identity in seen
        if replaces and not reexamine:
            report.already_loaded += 1
            continue
        if feed.needs_pii_key and pii_key is None:
            # Refuse rather than store identifiers; not recorded, so the file
            # loads on the first night that has a key.
            report.refused.append(path.name)
            continue
        landed = seen.get(identity) or dt.datetime.fromtimestamp(
            path.stat().st_mtime, dt.UTC
        ).replace(tzinfo=None)
        seen[identity] = landed
        facts = NameFacts()
        try:
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise FileProblem(
                    f"format file '{path.suffix}' tidak didukung: kirim .xlsx atau .csv"
                )
            facts = feed.facts_from_name(path.name)
            table = locate_table(read_rows(path), feed.columns, feed.alternatives)
            parsed = feed.parse(table, Context(name=facts, pii_key=pii_key))
        except FileProblem as problem:
            _record(
                con, feed, identity, digest, path, source, landed, now, facts, None, str(problem),
                replaces=replaces,
            )  # fmt: skip
            report.rejected[path.name] = str(problem)
            log.warning("file %s ditolak: %s", source, problem)
            continue
        _record(
            con, feed, identity, digest, path, source, landed, now, parsed.facts, parsed, None,
            replaces=replaces,
        )  # fmt: skip
        report.loaded.append(path.name)
        report.rows += len(parsed.rows)
        if parsed.amount_total is not None:
            report.amount_total += parsed.amount_total
    return report


def _record(
    con: duckdb.DuckDBPyConnection,
    feed: Feed,
    identity: str,
    digest: str,
    path: Path,
    source: str,
    landed: dt.datetime,
    now: dt.datetime,
    facts: NameFacts,
    parsed: Parsed | None,
    error: str | None,
    replaces: bool = False,
) -> None:
    """Write a file's rows and its ledger row atomically (replacing an earlier verdict)."""
    ledger = {
        "file_id": identity,
        "file_hash": digest,
        "feed": feed.name,
        "file_name": path.name,
        "source_file": source,
        "kdsatker": facts.kdsatker,
        "thang": facts.thang,
        "bulan": facts.bulan,
        "revisi": facts.revisi,
        "snapshot_date": facts.snapshot_date,
        "delivery_key": parsed.delivery_key if parsed else None,
        "landed_at": landed,
        "loaded_at": now,
        "status": "loaded" if parsed else "rejected",
        "row_count": len(parsed.rows) if parsed else 0,
        "amount_total": parsed.amount_total if parsed else None,
        "error": error,
    }
    con.execute("begin transaction")
    try:
        if replaces:
            con.execute(f"delete from raw.{feed.name} where _file_id = ?", [identity])
            con.execute("delete from raw.file_ledger where file_id = ?", [identity])
        if parsed and parsed.rows:
            batch = _arrow(feed, parsed.rows, identity, digest, source)  # noqa: F841 - read by duckdb
            con.execute(f"insert into raw.{feed.name} by name select * from batch")
        names = ", ".join(ledger)
        marks = ", ".join("?" for _ in ledger)
        con.execute(
            f"insert into raw.file_ledger ({names}) values ({marks})", list(ledger.values())
        )
        die_if_requested("ingest")  # test-only: rows written, transaction not committed
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def _arrow(
    feed: Feed, rows: list[dict[str, Any]], identity: str, digest: str, source: str
) -> pa.Table:
    """Typed columns (exact decimals) plus lineage, as an Arrow table DuckDB reads."""
    arrays = {}
    for name, sql_type in feed.raw_columns:
        arrays[name] = pa.array([r[name] for r in rows], type=_ARROW_TYPES[sql_type])
    arrays["_file_id"] = pa.array([identity] * len(rows), type=pa.string())
    arrays["_file_hash"] = pa.array([digest] * len(rows), type=pa.string())
    arrays["_source_file"] = pa.array([source] * len(rows), type=pa.string())
    arrays["_row_number"] = pa.array([r["_row_number"] for r in rows], type=pa.int32())
    return pa.table(arrays)
