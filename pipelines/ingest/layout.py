"""Find the header row, map header synonyms to fields and cut title/total rows.

SAKTI and OM-SPAN exports put report titles above the header and a `JUMLAH`
row below the data; planners rename columns freely. This module turns such a
sheet into records keyed by the contract's field names, so feed parsers never
see the layout.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipelines.ingest.readers import Cell, FileProblem, Row
from pipelines.ingest.values import quoted

HEADER_SEARCH_ROWS = 15
TOTAL_LABELS = {"jumlah", "total", "jumlahtotal", "grandtotal"}
_ASCII_DIGIT = re.compile(r"[0-9]")


def normalise_header(name: object) -> str:
    """Case-insensitive key ignoring spaces, dots, underscores and words in brackets."""
    text = "" if name is None else str(name)
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", "", text)
    return re.sub(r"[\s._]+", "", text.lower().replace("\ufeff", ""))


@dataclass(frozen=True)
class Column:
    """A field of a feed and the header names offices use for it."""

    field: str
    names: Sequence[str]
    required: bool = True
    keys: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", tuple(normalise_header(n) for n in self.names))


@dataclass(frozen=True)
class Record:
    """A data row keyed by field name, with its row number in the file."""

    number: int
    values: dict[str, Cell]

    def get(self, name: str) -> Cell:
        """The raw cell of a field, or None when the file has no such column."""
        return self.values.get(name)


@dataclass(frozen=True)
class Table:
    """The data part of a sheet: the columns found and the records below them."""

    header_row: int
    columns: dict[str, int]
    labels: dict[str, str]
    records: list[Record]

    def label(self, name: str) -> str:
        """The column's header as written in the file, for error messages."""
        return self.labels.get(name, name)


def _match(header: list[Cell], columns: Sequence[Column]) -> dict[str, int]:
    keys = [normalise_header(c) for c in header]
    found: dict[str, int] = {}
    used: set[int] = set()
    for column in columns:
        for key in column.keys:
            positions = [i for i, k in enumerate(keys) if k == key and i not in used]
            if positions:
                found[column.field] = positions[0]
                used.add(positions[0])
                break
    return found


def is_total_row(cells: list[Cell]) -> bool:
    """Is this the `JUMLAH`/`TOTAL` row that ends the data (its first non-empty cell says so)?"""
    for cell in cells:
        if cell is None:
            continue
        if not isinstance(cell, str):
            # A number or date cell never reads as a word of TOTAL_LABELS.
            return False
        if "(" not in cell and "[" not in cell and _ASCII_DIGIT.search(cell):
            # Fast path: without brackets normalising removes no digit, and no
            # total label has one (data rows start with a code or a number).
            return False
        return normalise_header(cell).rstrip(":") in TOTAL_LABELS
    return False


def locate_table(
    rows: list[Row],
    columns: Sequence[Column],
    alternatives: Sequence[Sequence[str]] = (),
) -> Table:
    """Locate the header among the first rows and return the data records.

    `alternatives` lists groups of fields of which one complete group must be
    present (e.g. the budget code as one string, or as seven columns).
    """
    required = [c.field for c in columns if c.required]
    best: tuple[int, int, dict[str, int]] | None = None
    for row in rows[:HEADER_SEARCH_ROWS]:
        found = _match(row.cells, columns)
        if best is None or len(found) > len(best[2]):
            best = (len(found), row.number, found)
        alt_ok = not alternatives or any(all(f in found for f in g) for g in alternatives)
        if all(f in found for f in required) and alt_ok:
            labels = {f: str(row.cells[i]).strip() for f, i in found.items()}
            width = max(i for i, c in enumerate(row.cells) if c is not None) + 1
            records = _records(rows, row.number, found, width)
            return Table(row.number, found, labels, records)
    if best is None or best[0] == 0:
        raise FileProblem(
            "baris judul kolom tidak ditemukan di 15 baris pertama; "
            f"kolom wajib: {', '.join(repr(f) for f in required)}"
        )
    _, header_row, found = best
    missing = [f for f in required if f not in found]
    if missing:
        names = ", ".join(f"'{m}'" for m in missing)
        raise FileProblem(
            f"kolom wajib {names} tidak ditemukan (judul kolom di baris {header_row})"
        )
    options = " atau ".join("+".join(g) for g in alternatives)
    raise FileProblem(
        f"kolom kode anggaran tidak ditemukan (judul kolom di baris {header_row}); perlu {options}"
    )


def _records(rows: list[Row], header_row: int, found: dict[str, int], width: int) -> list[Record]:
    records: list[Record] = []
    fields = list(found.items())
    for row in rows:
        if row.number <= header_row:
            continue
        cells = row.cells
        if cells.count(None) == len(cells):  # an empty row (no cell type equals None)
            continue
        if is_total_row(cells):
            break
        extra = [c for c in cells[width:] if c is not None] if len(cells) > width else None
        if extra:
            # An unquoted `1.234,00` in a comma-separated file splits a value in
            # two: loading it would silently change the amount, so refuse.
            raise FileProblem(
                f"baris {row.number} berisi {width + len(extra)} kolom atau lebih, padahal judul "
                f"kolom hanya {width}; periksa pemisah kolom dan tanda kutip (nilai {quoted(extra[0])})"
            )
        n = len(cells)
        values = {name: (cells[i] if i < n else None) for name, i in fields}
        if all(v is None for v in values.values()):
            continue
        records.append(Record(row.number, values))
    return records
