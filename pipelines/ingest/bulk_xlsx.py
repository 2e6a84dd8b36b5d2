"""A workbook's data records as columns, for the bulk rules, or decline it.

The workbook is read by the row-wise reader itself (`readers.read_rows`:
calamine, or openpyxl streaming for a sparse sheet, with every safety check
of a landing file), so the cells and row numbers are the ones the row-wise
path sees. What is saved is the rest of the row-wise path: `locate_table`'s
dict per record and the feed parser's work per cell. The records kept are
`layout._records`': after the header (found by `locate_table` itself), empty
rows skipped, stop at the first `JUMLAH`/`TOTAL` row, rows whose mapped cells
are all empty skipped; a value beyond the header's last column declines the
file (the row-wise path rejects it with its message).

A column whose cells are all text becomes an Arrow string column (`""` for an
empty cell), for the same column rules as a CSV; any other column (numeric,
date cells) stays a list of cells, parsed per distinct cell by the row-wise
parsers (`distinct_values.Cells`).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.ingest.bulk_columns import Columns
from pipelines.ingest.distinct_values import Cells
from pipelines.ingest.layout import HEADER_SEARCH_ROWS, Column, is_total_row, locate_table
from pipelines.ingest.readers import FileProblem, Row, read_rows
from pipelines.ingest.vector_values import Declined

_DIGIT = re.compile(r"[0-9]")


def read_columns(
    path: Path,
    columns: Sequence[Column],
    alternatives: Sequence[Sequence[str]],
    max_file_bytes: int,
) -> Columns:
    """Read `path` (a workbook landing file) into columns, or raise `Declined`."""
    try:
        rows = read_rows(path, max_file_bytes)
        table = locate_table(rows[:HEADER_SEARCH_ROWS], columns, alternatives)
    except FileProblem:
        raise Declined("the row-wise reader or layout rejects it") from None
    header = next(r for r in rows if r.number == table.header_row)
    width = max(i for i, c in enumerate(header.cells) if c is not None) + 1
    numbers, picked = _records(rows, table.header_row, width, list(table.columns.values()))
    if not numbers:
        raise Declined("no data record")
    fields = {
        name: _column(cells)
        for name, cells in zip(table.columns, zip(*picked, strict=True), strict=True)
    }
    return Columns(
        fields=fields,
        numbers=pa.array(np.array(numbers, dtype=np.int32)),
        labels=table.labels,
    )


def _records(
    rows: list[Row], header_row: int, width: int, positions: list[int]
) -> tuple[list[int], list[tuple[Any, ...]]]:
    """`layout._records` without a dict per record: row numbers and the mapped cells.

    The per-row work is C-level list operations; `is_total_row` is asked only
    about a row whose first non-empty cell could be a label (text without a
    digit, or with a bracket): its own fast path says no to the others.
    """
    need = max(positions) + 1
    pick = operator.itemgetter(*positions)
    single = len(positions) == 1
    numbers: list[int] = []
    picked: list[tuple[Any, ...]] = []
    for row in rows:
        if row.number <= header_row:
            continue
        cells = row.cells
        size = len(cells)
        empty = cells.count(None)
        if empty == size:
            continue
        first = cells[0] if cells[0] is not None else next(c for c in cells if c is not None)
        if (
            type(first) is str
            and ("(" in first or "[" in first or not _DIGIT.search(first))
            and is_total_row(cells)
        ):
            break
        if size > width and cells[width:].count(None) != size - width:
            raise Declined("a value beyond the header's last column")
        if size < need:
            cells = cells + [None] * (need - size)
        values = (pick(cells),) if single else pick(cells)
        if values.count(None) == len(values):
            continue
        numbers.append(row.number)
        picked.append(values)
    return numbers, picked


def _column(cells: tuple[Any, ...]) -> Cells:
    """An Arrow string column when every cell is text (or empty), else the cells themselves."""
    try:
        values = pc.fill_null(pa.array(cells, type=pa.string()), "")
    except (pa.ArrowTypeError, pa.ArrowInvalid):  # a number or date cell: not a text column
        return list(cells)
    # (Arrow would also take bytes as text; neither sheet reader ever gives a bytes cell.)
    if pc.any(pc.match_substring(values, "\x00")).as_py():
        raise Declined("a NUL character in a cell")
    return values
