"""Load one feed's new files from the landing folder into `raw`, file by file.

Each file is hashed, looked up in `raw.file_ledger`, parsed and written in one
transaction with its ledger row, so a run killed half-way leaves either the
whole file or nothing, and an unchanged file is never loaded twice. A file
outside the contract is recorded as `rejected` with the reason and stays in
the landing folder untouched; the other files go on.

Every entry of the folder is looked at before any parser touches it
(`pipelines.ingest.inspection`): a link, a folder named like a file, an
empty file, one over the size limit, binary content under `.csv`, anything
but a workbook under `.xlsx`, a zip bomb, are rejected there, like any
delivery. A file still being written (its size or modification time moved
between the look before reading it and the look after parsing it) is left
for the next night: logged, not entered in the ledger.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipelines.core.faults import die_if_requested
from pipelines.core.settings import settings_from_env
from pipelines.ingest.bulk import parse_in_bulk
from pipelines.ingest.bulk_feeds import BulkParsed
from pipelines.ingest.feeds import FEEDS, Feed
from pipelines.ingest.feeds.base import Context, NameFacts
from pipelines.ingest.inspection import Inspection, Look, inspect_entry, look
from pipelines.ingest.layout import locate_table
from pipelines.ingest.readers import SUPPORTED_SUFFIXES, FileProblem, read_rows
from pipelines.ingest.values import values_withheld

log = logging.getLogger(__name__)

# Below this much to parse, one process is faster than starting workers
# (~1 s each: they import the parsers, pyarrow and calamine). Measured on the
# benchmark's landing folders: at x10 (6 MB of SP2D) workers made ingest
# slower, at x100 (49 MB of SP2D, 24 MB of cases) 35 % faster.
PARALLEL_MIN_BYTES = 16 * 1024 * 1024

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
    ("counts", "varchar"),
]
"""`counts` is a JSON object of per-file tallies (e.g. RPD values before `berlaku_mulai`
ignored, coded case values replaced by `Lainnya`): numbers only, never a sent value."""

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
    still_written: list[str] = field(default_factory=list)
    """Files whose size or time changed while they were read: left for the next night."""
    rows: int = 0
    amount_total: Decimal = Decimal("0.00")


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the `raw` schema, the ledger and every feed's table if missing."""
    con.execute("create schema if not exists raw")
    cols = ", ".join(f"{n} {t}" for n, t in LEDGER_COLUMNS)
    con.execute(f"create table if not exists raw.file_ledger ({cols})")
    # Ledgers written before a column existed gain it (NULL for their rows).
    for name, sql_type in LEDGER_COLUMNS:
        if "primary key" not in sql_type and "not null" not in sql_type:
            con.execute(f"alter table raw.file_ledger add column if not exists {name} {sql_type}")
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
    """The entries of a feed folder to examine: files and anything posing as one.

    Hidden files and Excel lock files (`~$...`) are skipped. A plain
    sub-folder (no extension: an office's own archive) is skipped too; a
    folder named like a file, a link and any other non-regular entry are
    returned, for `inspection` to reject without opening them. Nothing here
    follows a link: `is_dir` would, so the entry type comes from `lstat`
    (`DirEntry.is_dir(follow_symlinks=False)`).
    """
    if not folder.is_dir():
        return []
    entries = []
    with os.scandir(folder) as scan:
        for entry in scan:
            if entry.name.startswith((".", "~$")):
                continue
            if entry.is_dir(follow_symlinks=False) and not Path(entry.name).suffix:
                continue
            entries.append(Path(entry.path))
    return sorted(entries)


def stored_name(path: Path) -> str | None:
    """The file name as the ledger stores it, or None when it is not valid UTF-8.

    A name saved by a tool with another code page arrives as undecodable
    bytes; it is stored with those bytes replaced (`\ufffd`) and rejected.
    """
    raw = os.fsencode(path.name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


@dataclass
class Examined:
    """One file read, located and parsed: its typed rows as Arrow, or why it was rejected."""

    facts: NameFacts
    batch: pa.Table | None = None
    row_count: int = 0
    amount_total: Decimal | None = None
    delivery_key: str | None = None
    error: str | None = None
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Candidate:
    path: Path
    source: str
    identity: str
    digest: str
    landed: dt.datetime
    replaces: bool
    size: int
    look: Look | None = None
    """The look before reading, compared with a look after parsing (still being written?)."""
    problem: str | None = None
    """Rejected before parsing (not data): no parser touches the file."""
    name: str = ""


def examine_file(
    feed_name: str,
    path: Path,
    identity: str,
    digest: str,
    source: str,
    pii_key: bytes | None,
    max_file_bytes: int,
) -> Examined:
    """Read, locate and parse one file; a `FileProblem` becomes the rejection reason.

    A pure function of the file (no database), so a big night can run it in
    worker processes while the main process writes the results in order.
    """
    feed = FEEDS[feed_name]
    facts = NameFacts()
    try:
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise FileProblem(f"format file '{path.suffix}' tidak didukung: kirim .xlsx atau .csv")
        facts = feed.facts_from_name(path.name)
        context = Context(name=facts, pii_key=pii_key)
        bulk = parse_in_bulk(feed, path, context, max_file_bytes)
        if bulk is not None:  # a big file of a big feed, typed column-wise (`bulk.py`)
            return _examined_in_bulk(feed, bulk, identity, digest, source)
        # A file with personal data never has a cell value quoted in its rejection reason.
        with values_withheld(feed.needs_pii_key):
            rows = read_rows(path, max_file_bytes)
            table = locate_table(rows, feed.columns, feed.alternatives)
            parsed = feed.parse(table, context)
    except FileProblem as problem:
        return Examined(facts=facts, error=str(problem))
    return Examined(
        facts=parsed.facts,
        batch=_arrow(feed, parsed.rows, identity, digest, source) if parsed.rows else None,
        row_count=len(parsed.rows),
        amount_total=parsed.amount_total,
        delivery_key=parsed.delivery_key,
        counts={k: v for k, v in parsed.counts.items() if v},
    )


def _examined_in_order(
    feed_name: str,
    todo: list[_Candidate],
    pii_key: bytes | None,
    max_file_bytes: int,
    workers: int,
) -> Iterator[tuple[_Candidate, Examined]]:
    """Examine the files, in parallel on a big night, and hand them back in landing order.

    Parsing is per-row Python and, at national scale, the largest part of a
    full load; it needs no database, so it spreads over the CPUs. Writing
    stays in this process, in the same order as a sequential load, so the
    ledger and `raw` come out identical. At most two files per worker are in
    flight, so memory stays bounded by a few files, never a feed. A small
    feed or night (an incremental one) is parsed here: starting workers would cost
    more than it saves. Workers are spawned, not forked (the Dagster process
    has threads), so the program's entry point must be import-safe (guarded
    by `if __name__ == "__main__"`), as the dagster and pytest commands are.
    """
    parse = [item for item in todo if item.problem is None]
    workers = min(workers, len(parse))
    if workers < 2 or sum(item.size for item in parse) < PARALLEL_MIN_BYTES:
        for item in todo:
            examined = _not_data(feed_name, item) or examine_file(
                feed_name, item.path, item.identity, item.digest, item.source, pii_key,
                max_file_bytes,
            )  # fmt: skip
            yield item, examined
        return
    context = multiprocessing.get_context("spawn")  # never fork a process with threads
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque[tuple[_Candidate, Future[Examined]]] = deque()
        queue = iter(todo)

        def submit(item: _Candidate) -> None:
            rejected = _not_data(feed_name, item)
            if rejected is not None:  # nothing to parse: no worker needed
                future: Future[Examined] = Future()
                future.set_result(rejected)
            else:
                future = pool.submit(
                    examine_file, feed_name, item.path, item.identity, item.digest, item.source,
                    pii_key, max_file_bytes,
                )  # fmt: skip
            pending.append((item, future))

        for item in itertools.islice(queue, 2 * workers):
            submit(item)
        while pending:
            item, future = pending.popleft()
            examined = future.result()
            following = next(queue, None)
            if following is not None:
                submit(following)
            yield item, examined


def _not_data(feed_name: str, item: _Candidate) -> Examined | None:
    """The rejection of an entry the inspection found not to be data (None: parse it).

    The name's facts (office, period) are still recorded when the name
    follows the pattern, so `file_deliveries` shows whose delivery to send again.
    """
    if item.problem is None:
        return None
    try:
        facts = FEEDS[feed_name].facts_from_name(item.name)
    except FileProblem:
        facts = NameFacts()
    return Examined(facts=facts, error=item.problem)


def load_feed(
    con: duckdb.DuckDBPyConnection,
    feed_name: str,
    landing_dir: Path,
    pii_key: bytes | None,
    now: dt.datetime | None = None,
    only: Callable[[Path], bool] | None = None,
    reexamine: bool = False,
    *,
    max_file_bytes: int | None = None,
    workers: int | None = None,
) -> FeedReport:
    """Load every new file of one feed (or of the files `only` accepts); report what happened.

    With `reexamine`, a file already in the ledger is examined again instead of
    skipped (the office-month backfill): its old ledger row and raw rows are
    replaced in the same transaction that writes the new verdict, and it keeps
    the landing time first recorded (the file's mtime may have moved since, and
    punctuality must not).

    `max_file_bytes` (`JEJAK_MAX_FILE_MB`) and `workers` (`JEJAK_INGEST_WORKERS`,
    parsing processes) come from the run's settings; a caller without them
    (a test, a benchmark script) gets the environment's.
    """
    feed = FEEDS[feed_name]
    ensure_raw_schema(con)
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    report = FeedReport(feed=feed.name)
    seen = dict(con.execute("select file_id, landed_at from raw.file_ledger").fetchall())
    if max_file_bytes is None or workers is None:
        from_env = settings_from_env()
        max_file_bytes = from_env.max_file_bytes if max_file_bytes is None else max_file_bytes
        workers = from_env.ingest_workers if workers is None else workers
    limit = max_file_bytes
    todo: list[_Candidate] = []
    for path in landing_files(landing_dir / feed.name):
        if only is not None and not only(path):
            continue
        report.files_seen += 1
        inspected = _inspect(path, limit)
        name = stored_name(path) or os.fsencode(path.name).decode("utf-8", "replace")
        if inspected is None:
            _still_written(report, feed.name, name)
            continue
        source = f"{feed.name}/{name}"
        identity = file_id(source, inspected.digest)
        replaces = identity in seen
        if replaces and not reexamine:
            report.already_loaded += 1
            continue
        if inspected.problem is None and feed.needs_pii_key and pii_key is None:
            # Refuse rather than store identifiers; not recorded, so the file
            # loads on the first night that has a key.
            report.refused.append(name)
            continue
        landed = seen.get(identity) or dt.datetime.fromtimestamp(
            inspected.look.mtime_ns / 1e9, dt.UTC
        ).replace(tzinfo=None)
        seen[identity] = landed
        todo.append(
            _Candidate(
                path=path,
                source=source,
                identity=identity,
                digest=inspected.digest,
                landed=landed,
                replaces=replaces,
                size=inspected.look.size,
                look=inspected.look,
                problem=inspected.problem,
                name=name,
            )
        )
    for item, examined in _examined_in_order(feed.name, todo, pii_key, limit, workers):
        if item.problem is None and not item.look.same_as(look(item.path)):
            # Changed while it was read and parsed: what was parsed may be half a
            # file. Nothing is recorded; the next night examines the finished file.
            _still_written(report, feed.name, item.name)
            continue
        _record(con, feed, item, now, examined)
        if examined.error is not None:
            report.rejected[item.name] = examined.error
            log.warning("file %s ditolak: %s", item.source, examined.error)
            continue
        report.loaded.append(item.name)
        report.rows += examined.row_count
        if examined.amount_total is not None:
            report.amount_total += examined.amount_total
    return report


def _inspect(path: Path, limit: int) -> Inspection | None:
    """The inspection of one entry; a name that is not UTF-8 is rejected unread."""
    inspected = inspect_entry(path, limit)
    if inspected is None or stored_name(path) is not None:
        return inspected
    return Inspection(
        inspected.look,
        "tidak-dibaca:nama-tidak-sah",
        "nama file memuat huruf yang tidak dapat dibaca (bukan UTF-8); ganti nama file "
        "dengan huruf, angka, '_' dan '-' saja lalu kirim kembali",
    )


def _still_written(report: FeedReport, feed_name: str, name: str) -> None:
    report.still_written.append(name)
    log.warning(
        "file %s/%s masih ditulis (ukuran atau waktu berubah saat dibaca): tidak dicatat, "
        "diperiksa lagi pada run berikutnya",
        feed_name,
        name,
    )


def _record(
    con: duckdb.DuckDBPyConnection,
    feed: Feed,
    item: _Candidate,
    now: dt.datetime,
    examined: Examined,
) -> None:
    """Write a file's rows and its ledger row atomically (replacing an earlier verdict)."""
    facts = examined.facts
    loaded = examined.error is None
    ledger = {
        "file_id": item.identity,
        "file_hash": item.digest,
        "feed": feed.name,
        "file_name": item.name,
        "source_file": item.source,
        "kdsatker": facts.kdsatker,
        "thang": facts.thang,
        "bulan": facts.bulan,
        "revisi": facts.revisi,
        "snapshot_date": facts.snapshot_date,
        "delivery_key": examined.delivery_key if loaded else None,
        "landed_at": item.landed,
        "loaded_at": now,
        "status": "loaded" if loaded else "rejected",
        "row_count": examined.row_count if loaded else 0,
        "amount_total": examined.amount_total if loaded else None,
        "error": examined.error,
        "counts": json.dumps(examined.counts, sort_keys=True) if examined.counts else None,
    }
    con.execute("begin transaction")
    try:
        if item.replaces:
            con.execute(f"delete from raw.{feed.name} where _file_id = ?", [item.identity])
            con.execute("delete from raw.file_ledger where file_id = ?", [item.identity])
        if loaded and examined.batch is not None:
            batch = examined.batch  # noqa: F841 - read by duckdb
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


def _examined_in_bulk(
    feed: Feed, bulk: BulkParsed, identity: str, digest: str, source: str
) -> Examined:
    """What `examine_file` returns for a file the bulk path parsed: the same table and facts."""
    return Examined(
        facts=bulk.facts,
        batch=_arrow_columns(feed, bulk.columns, bulk.numbers, identity, digest, source)
        if bulk.row_count
        else None,
        row_count=bulk.row_count,
        amount_total=bulk.amount_total,
        delivery_key=bulk.delivery_key,
        counts={k: v for k, v in bulk.counts.items() if v},
    )


def _arrow_columns(
    feed: Feed,
    arrays: dict[str, pa.Array],
    numbers: pa.Array,
    identity: str,
    digest: str,
    source: str,
) -> pa.Table:
    """`_arrow` for columns already typed: the same schema, column for column."""
    n = len(numbers)
    columns = {
        name: arrays[name].cast(_ARROW_TYPES[sql_type]) for name, sql_type in feed.raw_columns
    }
    columns["_file_id"] = pa.repeat(pa.scalar(identity, pa.string()), n)
    columns["_file_hash"] = pa.repeat(pa.scalar(digest, pa.string()), n)
    columns["_source_file"] = pa.repeat(pa.scalar(source, pa.string()), n)
    columns["_row_number"] = numbers.cast(pa.int32())
    return pa.table(columns)


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
