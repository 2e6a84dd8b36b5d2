"""Read a CSV landing file into whole columns with pyarrow, or decline it.

The row-wise reader (`readers._read_csv` then `layout.locate_table`) builds a
Python list per line and a dict per record: at national scale that, not the
parsing of bytes, is the cost. Here pyarrow's C++ reader tokenises the file
into one string column per field, and the layout rules are applied to whole
columns. The result must be what the row-wise reader would give, row numbers
included, so everything the columns cannot reproduce for certain declines the
file (`Declined`) and the row-wise path reads it as before:

- decoding is `readers.decode_text` itself (UTF-8 with or without BOM, else
  Windows-1252), and the delimiter is `readers.detect_delimiter`'s;
- the header must be the first record, found by `layout.locate_table` on that
  record as Python's `csv` reads it (title rows above it: declined);
- every record must have as many fields as the header (pyarrow refuses
  otherwise): `csv` numbers records, not lines, so a quoted line break keeps
  the numbering, and an empty line is a record of empty fields in both;
- no NUL byte, no field as long as `csv.field_size_limit()`, no value beyond
  the header's last named column, no `JUMLAH`/`TOTAL` row.

Where pyarrow's tokeniser accepts a file it splits it exactly as Python's
`csv` module does with the reader's settings (double quotes, no escape
character, quoted line breaks); `tests/test_ingest_bulk.py` checks that
claim on arbitrary text.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from pipelines.ingest import vector_values as vv
from pipelines.ingest.bulk_columns import Columns
from pipelines.ingest.inspection import EntryChanged, open_regular
from pipelines.ingest.layout import Column, is_total_row, locate_table
from pipelines.ingest.readers import FileProblem, Row, decode_text, detect_delimiter
from pipelines.ingest.vector_values import Declined

HEADER_ROW = 1
BLOCK_BYTES = 8 * 1024 * 1024
"""pyarrow's read block; a record longer than this declines the file (the row-wise path reads it)."""


def read_columns(
    path: Path,
    columns: Sequence[Column],
    alternatives: Sequence[Sequence[str]],
    max_file_bytes: int,
) -> Columns:
    """Read `path` (a CSV landing file) into columns, or raise `Declined`."""
    try:
        with open_regular(path) as handle:
            data = handle.read(max_file_bytes + 1)
    except (EntryChanged, OSError) as exc:
        raise Declined(f"not readable as a regular file: {exc}") from None
    if len(data) > max_file_bytes:
        raise Declined("larger than the size limit")
    if b"\x00" in data:
        raise Declined("NUL byte")
    text, utf8 = _decoded(data)
    del data
    delimiter = detect_delimiter(text)
    first = _first_record(text, delimiter)
    header: list[str | None] = [None if not c or c.isspace() else c for c in first]
    try:
        table = locate_table([Row(HEADER_ROW, header)], columns, alternatives)
    except FileProblem:
        raise Declined("the header is not the first record") from None
    width = max(i for i, c in enumerate(header) if c is not None) + 1
    del text
    body = _tokenise(utf8, delimiter, len(first))
    if body.num_rows < 1 or [c[0].as_py() for c in body.columns] != first:
        raise Declined("pyarrow and csv disagree on the header")
    body = body.slice(1)
    return _records(body, table.columns, table.labels, width)


def _decoded(data: bytes) -> tuple[str, bytes]:
    """`readers.decode_text`'s text, and the same text as UTF-8 for pyarrow.

    A UTF-8 file is handed to pyarrow as it is (less its BOM), not copied.
    """
    try:
        return data.decode("utf-8-sig"), data.removeprefix(codecs.BOM_UTF8)
    except UnicodeDecodeError:
        pass
    try:
        text = decode_text(data)  # Windows-1252, as the row-wise reader falls back
    except FileProblem:
        raise Declined("neither UTF-8 nor Windows-1252") from None
    return text, text.encode("utf-8")


def _first_record(text: str, delimiter: str) -> list[str]:
    """The first record as Python's `csv` reads it (the row-wise reader's tokeniser)."""
    try:
        first = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), None)
    except csv.Error:
        raise Declined("csv cannot read the first record") from None
    if not first:
        raise Declined("the first record is empty")
    return first


def _tokenise(data: bytes, delimiter: str, count: int) -> pa.Table:
    """All records (header included) as string columns `f0`..; declined on any irregularity."""
    names = [f"f{i}" for i in range(count)]
    try:
        return pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(
                use_threads=False, block_size=BLOCK_BYTES, column_names=names
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values=True,
                ignore_empty_lines=False,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        # Not pyarrow's message: it quotes the record, which may hold personal data.
        raise Declined("pyarrow does not tokenise it (ragged records, a long record)") from None


def _records(body: pa.Table, found: dict[str, int], labels: dict[str, str], width: int) -> Columns:
    """`layout._records` on whole columns: skip empty records, refuse totals and extra values."""
    raw = [body.column(i).combine_chunks() for i in range(body.num_columns)]
    limit = csv.field_size_limit()
    for column in raw:
        longest = pc.max(pc.utf8_length(column)).as_py() if len(column) else 0
        vv.require((longest or 0) < limit, "a field as long as csv's field size limit")
    blanks = [vv.blank(column) for column in raw]
    for blank in blanks[width:]:
        vv.require(blank, "a value beyond the header's last column")
    all_blank = _all(blanks, len(body))
    if len(body):
        _refuse_total_rows(raw, blanks, all_blank)
    mapped_blank = _all([blanks[i] for i in found.values()], len(body))
    keep = pc.invert(mapped_blank)
    numbers = pa.array(np.arange(HEADER_ROW + 1, HEADER_ROW + 1 + len(body), dtype=np.int32))
    kept = numbers.filter(keep)
    vv.require(len(kept) > 0, "no data record")
    fields = {name: raw[i].filter(keep) for name, i in found.items()}
    return Columns(fields=fields, numbers=kept, labels=labels)


def _refuse_total_rows(raw: list[pa.Array], blanks: list[pa.Array], all_blank: pa.Array) -> None:
    """Decline when a record's first non-empty cell is a total label (`layout.is_total_row`).

    Only cells the row-wise test could call a total reach it: one with a digit
    and no bracket never is (its own fast path), which leaves a few distinct values.
    """
    empty = pa.scalar(None, pa.string())
    first = pc.coalesce(*(pc.if_else(b, empty, c) for c, b in zip(raw, blanks, strict=True)))
    first = first.filter(pc.invert(all_blank))
    maybe = pc.or_(
        pc.match_substring_regex(first, r"[(\[]"),
        pc.invert(pc.match_substring_regex(first, "[0-9]")),
    )
    candidates = pc.unique(first.filter(maybe)).to_pylist()
    vv.require(not any(is_total_row([cell]) for cell in candidates), "a total row")


def _all(masks: list[pa.Array], length: int) -> pa.Array:
    """Row-wise AND of boolean columns (all True for no column)."""
    result = pa.repeat(pa.scalar(True), length)
    for mask in masks:
        result = pc.and_(result, mask)
    return result
