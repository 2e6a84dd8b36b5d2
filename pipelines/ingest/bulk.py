"""When a file takes the bulk path, and the switch that turns it off.

The loader asks `parse_in_bulk` first. It answers with the file's typed
columns (`bulk_feeds.BulkParsed`) when the feed has column rules, the file is
big enough to gain from them, and the reader (`bulk_csv`, `bulk_xlsx`) and
every rule accept the whole file; otherwise None, and the loader reads the
file row by row as it always has. The two paths give the same rows, lineage,
ledger row and rejection (`tests/test_ingest_bulk.py`), so the choice only
changes the time.

Column rules cost a few milliseconds per file whatever its size (pyarrow's
reader, RE2 patterns compiled per call), the row-wise path a few microseconds
per cell: below `MIN_BYTES` (a few hundred rows) the row-wise path is the
faster one, and an incremental night's files are read row-wise anyway.

`JEJAK_INGEST_BULK` (read on every call, so a spawned worker follows the
environment it started in): unset or `1`, on for files of `MIN_BYTES` or
more; `0` (or `false`, `no`, `off`), off, for a comparison or should a
difference ever be suspected; `always`, on for every file, which is how the
tests prove the two paths equal on small files.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pipelines.ingest import bulk_csv, bulk_xlsx
from pipelines.ingest.bulk_feeds import PARSERS, BulkParsed
from pipelines.ingest.feeds.base import Context, Feed
from pipelines.ingest.values import values_withheld
from pipelines.ingest.vector_values import Declined

log = logging.getLogger(__name__)

BULK_ENV = "JEJAK_INGEST_BULK"
MIN_BYTES = 32 * 1024
"""Smaller files are parsed row-wise (measured: the two paths break even near 200 SP2D rows)."""
READERS = {".csv": bulk_csv.read_columns, ".xlsx": bulk_xlsx.read_columns}
"""How each file type becomes columns (`bulk_columns.Columns`)."""
_OFF = {"0", "false", "no", "off", "tidak"}


def bulk_min_bytes() -> int | None:
    """The size from which a file takes the bulk path; None when it is off."""
    setting = os.environ.get(BULK_ENV, "").strip().lower()
    if setting in _OFF:
        return None
    return 0 if setting == "always" else MIN_BYTES


def parse_in_bulk(feed: Feed, path: Path, ctx: Context, max_file_bytes: int) -> BulkParsed | None:
    """The file parsed column-wise, or None when the row-wise path must read it."""
    parser = PARSERS.get(feed.name)
    reader = READERS.get(path.suffix.lower())
    smallest = bulk_min_bytes()
    if parser is None or reader is None or smallest is None:
        return None
    try:
        if smallest and os.stat(path, follow_symlinks=False).st_size < smallest:
            return None
        with values_withheld(feed.needs_pii_key):
            return parser(reader(path, feed.columns, feed.alternatives, max_file_bytes), ctx)
    except Declined as reason:  # reasons name a rule, never a cell value
        log.debug("%s/%s: row-wise path (%s)", feed.name, path.name, reason)
    except Exception as exc:  # a flaw here may cost time, never a row: the row-wise path decides
        # A case file's exception text could quote a cell: only its type is logged then.
        detail = type(exc).__name__ if feed.needs_pii_key else repr(exc)
        log.warning("%s/%s: bulk path failed (%s); row-wise path", feed.name, path.name, detail)
    return None
