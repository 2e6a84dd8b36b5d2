"""Read a landing file (xlsx or csv) into numbered rows of raw cells.

The readers know nothing of feeds: they only turn bytes into rows, keeping the
row number a person sees in Excel or a text editor so that an error can point
at it. Encoding and delimiter are detected here because offices' systems
produce UTF-8, UTF-8 with BOM and Windows-1252, with `;` or `,`.

A file is opened without following a link (`inspection.open_regular`), and a
workbook is read in the time and memory of the cells it holds, not of the
range it claims: a stray cell at row 1,048,576 (common in real exports) would
make calamine, which builds a dense grid of the used range, allocate a cell
for every row and column of that range, and a cell at `XFD1048576` aborts the
process. So the first worksheet's XML is scanned first (streamed, bounded by
the declared sizes the zip directory gave): when the grid it spans is far
larger than its cells, the sheet is read by openpyxl in read-only mode, which
streams the rows that exist. Empty rows are not returned past the first
`HEADER_WINDOW` (their numbers are kept), so a long run of blank lines costs
neither path memory.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import posixpath
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from python_calamine import CalamineError, CalamineWorkbook

from pipelines.core.settings import settings_from_env
from pipelines.ingest.inspection import (
    MAX_ARCHIVE_PARTS,
    WORKBOOK_PART,
    EntryChanged,
    archive_part_count,
    open_regular,
    size_text,
    workbook_parts_problem,
)
from pipelines.ingest.values import ValueProblem

Cell = object


@dataclass(frozen=True)
class Row:
    """One row of a sheet: its 1-based number in the file and its cells."""

    number: int
    cells: list[Cell]


class FileProblem(Exception):
    """The whole file is outside the contract; the message is in Bahasa Indonesia."""


SUPPORTED_SUFFIXES = (".xlsx", ".csv")
HEADER_WINDOW = 15
"""Rows kept even when empty (layout looks for the header among the first 15 rows)."""
DENSE_CELL_BUDGET = 2_000_000
"""Grid cells calamine may always allocate (about 90 MB with the Python rows)."""
BYTES_PER_CELL = 20
"""Beyond the budget, a grid may have one cell per 20 bytes of sheet XML, about what a
written cell takes: the grid then costs about what the sheet's own cells would."""
CORRUPT_XLSX = (
    "file Excel rusak atau tidak dapat dibuka; simpan ulang sebagai .xlsx dan kirim kembali"
)
_SCAN_CHUNK = 1024 * 1024


def read_rows(path: Path, max_file_bytes: int | None = None) -> list[Row]:
    """Read every non-empty row of the file's first sheet (xlsx) or of the CSV.

    `max_file_bytes` is the run's `JEJAK_MAX_FILE_MB` (the loader passes it, in
    a worker process too); without it, the environment's."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise FileProblem(f"format file '{path.suffix}' tidak didukung: kirim .xlsx atau .csv")
    limit = settings_from_env().max_file_bytes if max_file_bytes is None else max_file_bytes
    try:
        with open_regular(path) as handle:
            size = handle.seek(0, io.SEEK_END)
            if size > limit:
                raise FileProblem(
                    f"file berukuran {size_text(size)}, melebihi batas {size_text(limit)}"
                )
            handle.seek(0)
            if suffix == ".xlsx":
                return list(_read_xlsx(handle, limit))
            return list(_read_csv(handle.read()))
    except EntryChanged as exc:
        raise FileProblem("bukan file biasa atau berubah saat dibaca; tidak dibaca") from exc


def _read_xlsx(handle: BinaryIO, limit: int) -> Iterator[Row]:
    """The first worksheet, by calamine when its grid is as small as its cells, else streamed."""
    try:
        parts = archive_part_count(handle)
        if parts is None:
            raise FileProblem(CORRUPT_XLSX)
        if parts > MAX_ARCHIVE_PARTS:
            raise FileProblem("file .xlsx berisi terlalu banyak bagian arsip untuk buku kerja")
        handle.seek(0)
        with zipfile.ZipFile(handle) as archive:
            problem = workbook_parts_problem(archive.infolist(), limit)
            if problem is not None:
                raise FileProblem(problem)
            extent = sheet_extent(archive)
    except FileProblem:
        raise
    except Exception as exc:  # zipfile raises many kinds for a broken archive
        raise FileProblem(CORRUPT_XLSX) from exc
    handle.seek(0)
    if extent is not None and extent.fits_dense_grid:
        return _read_xlsx_calamine(handle)
    return _read_xlsx_streamed(handle)


def _read_xlsx_calamine(handle: BinaryIO) -> Iterator[Row]:
    try:
        workbook = CalamineWorkbook.from_filelike(handle)
        if not workbook.sheet_names:
            raise FileProblem("file Excel tidak berisi lembar kerja")
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except FileProblem:
        raise
    except (CalamineError, ValueError, OSError) as exc:
        raise FileProblem(CORRUPT_XLSX) from exc
    except BaseException as exc:  # calamine's own error types; a Rust panic is a BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit | MemoryError):
            raise
        raise FileProblem(CORRUPT_XLSX) from exc
    return _non_empty(rows)


def _non_empty(rows: list[list[Cell]]) -> Iterator[Row]:
    for index, cells in enumerate(rows, start=1):
        # `"" in cells` scans in C; most rows have no empty cell to replace.
        if "" in cells:
            cells = [None if c == "" else c for c in cells]
            if index > HEADER_WINDOW and cells.count(None) == len(cells):
                continue
        yield Row(index, cells)


def _read_xlsx_streamed(handle: BinaryIO) -> Iterator[Row]:
    """The rows that exist, streamed by openpyxl: memory of the real rows, whatever the range."""
    import openpyxl  # only for the rare sparse sheet: import costs ~0.3 s

    rows: list[Row] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions, print areas, ...
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
            try:
                if not workbook.worksheets:
                    raise FileProblem("file Excel tidak berisi lembar kerja")
                sheet = workbook.worksheets[0]
                sheet.reset_dimensions()  # the declared range is what we do not trust
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                    cells = [_streamed_cell(v) for v in values] if values else []
                    if number > HEADER_WINDOW and cells.count(None) == len(cells):
                        continue
                    rows.append(Row(number, cells))
            finally:
                workbook.close()
    except FileProblem:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise FileProblem(CORRUPT_XLSX) from exc
    return iter(rows)


def _streamed_cell(value: object) -> Cell:
    """openpyxl's value as calamine would give it to the parsers ("" and spaces are empty)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value


@dataclass(frozen=True)
class SheetExtent:
    """What the first worksheet's valued cells span, and how big its XML is, without parsing."""

    max_row: int
    max_column: int
    sheet_bytes: int
    """Size of the sheet's XML: a cell takes 20 bytes or more of it (`<c r="A1"><v>1</v></c>`)."""
    ordered: bool = True
    """False when rows are out of order or not numbered first: the scan is then not trusted."""

    @property
    def fits_dense_grid(self) -> bool:
        """Calamine's grid (rows x columns of the used range) costs about what the XML holds."""
        if not self.ordered:
            return False
        grid = self.max_row * self.max_column
        return grid <= max(DENSE_CELL_BUDGET, self.sheet_bytes // BYTES_PER_CELL)


_ATTRIBUTE = re.compile(rb'([\w.:-]+)\s*=\s*"([^"]*)"')
_SHEET = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheet\b([^>]*)>")
_RELATIONSHIP = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Relationship\b([^>]*)>")
_ROOT_PREFIX = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet\b")
_NUMBER_AT = re.compile(rb'[^>]*?\sr="([0-9]{1,9})"')


def first_sheet_part(archive: zipfile.ZipFile) -> str | None:
    """The zip path of the first worksheet (workbook order), as calamine and openpyxl pick it."""
    names = set(archive.namelist())
    rels_name = "xl/_rels/workbook.xml.rels"
    if WORKBOOK_PART not in names or rels_name not in names:
        return None
    sheet = _SHEET.search(archive.read(WORKBOOK_PART))
    if sheet is None:
        return None
    attributes = dict(_ATTRIBUTE.findall(sheet.group(1)))
    rid = next((v for k, v in attributes.items() if k.endswith(b":id")), None)
    for match in _RELATIONSHIP.finditer(archive.read(rels_name)):
        relationship = dict(_ATTRIBUTE.findall(match.group(1)))
        if relationship.get(b"Id") != rid:
            continue
        target = relationship.get(b"Target", b"").decode("utf-8", "replace")
        if target.startswith("/"):
            part = target.lstrip("/")
        else:
            part = posixpath.normpath(posixpath.join("xl", target))
        return part if part in names else None
    return None


def sheet_extent(archive: zipfile.ZipFile) -> SheetExtent | None:
    """Scan the first worksheet's XML for the last row and column holding a value.

    Streamed in 1 MB chunks with byte-level searches and counts (no per-cell
    Python work), so it costs a fraction of parsing (about a quarter of
    calamine's time on a 200,000-row sheet). Cells without a value (a stray
    formatted cell, written `<c r="P1048576" s="1"/>`) are skipped as calamine
    skips them. Rows are numbered in order in every writer's output; a sheet
    whose rows are out of order or unnumbered is reported as not `ordered`.
    None when the sheet cannot be located (the streamed reader is used then).
    """
    part = first_sheet_part(archive)
    if part is None:
        return None
    scan = _ExtentScan(archive.getinfo(part).file_size)
    with archive.open(part) as stream:
        carry = b""
        while chunk := stream.read(_SCAN_CHUNK):
            data = carry + chunk
            cut = data.rfind(b"<")
            if cut <= 0 and len(data) < 4 * _SCAN_CHUNK:
                carry = data
                continue
            cut = cut if cut > 0 else len(data)
            scan.feed(data[:cut])
            carry = data[cut:]
        scan.feed(carry)
    return SheetExtent(scan.max_row, scan.max_column, scan.sheet_bytes, scan.ordered)


class _ExtentScan:
    """Running state of one sheet's scan; fed text that ends before a tag starts."""

    def __init__(self, sheet_bytes: int) -> None:
        self.row_tag = b"<row "
        self.cell_end = b"</c>"
        self.prefix: bytes | None = None
        self.current_row = 0  # the last row element seen
        self.max_row = 0  # the last row holding a value
        self.max_column = 0
        self.ordered = True
        self.sheet_bytes = sheet_bytes

    def feed(self, data: bytes) -> None:
        if not data:
            return
        if self.prefix is None:
            root = _ROOT_PREFIX.search(data)
            self.prefix = (root.group(1) or b"") if root else b""
            self.row_tag = b"<" + self.prefix + b"row "
            self.cell_end = b"</" + self.prefix + b"c>"
        numbers = _row_numbers(self.row_tag).findall(data)
        if len(numbers) != data.count(self.row_tag):
            self.ordered = False  # a row whose number is not its first attribute: not trusted
        previous = self.current_row
        if numbers:
            values = list(map(int, numbers))
            if values[0] <= previous or any(a >= b for a, b in itertools.pairwise(values)):
                self.ordered = False
            self.current_row = values[-1]
        last_value = data.rfind(self.cell_end)
        if last_value >= 0:
            row_start = data.rfind(self.row_tag, 0, last_value)
            if row_start >= 0:
                number = _NUMBER_AT.match(data, row_start + len(self.row_tag) - 1)
                self.max_row = max(self.max_row, int(number.group(1)) if number else 0)
            else:  # the row holding it began in an earlier chunk
                self.max_row = max(self.max_row, previous)
        self._outlying_cells(data)

    def _outlying_cells(self, data: bytes) -> None:
        """Valued cells beyond the widest column, or with a longer row number, seen so far."""
        position = 0
        while match := _outlying_ref(len(str(self.max_row)), self.max_column).search(
            data, position
        ):
            position = match.end()
            if not _holds_value(data, position):
                continue  # a formatted empty cell: calamine skips it too
            ref = _REF.match(data, match.start())
            if ref is None:
                continue
            self.max_column = max(self.max_column, _column_number(ref.group(1)))
            self.max_row = max(self.max_row, int(ref.group(2)))


def _holds_value(data: bytes, position: int) -> bool:
    """Is the cell whose tag contains `position` written with content (not `<c .../>`)?"""
    end = data.find(b">", position)
    return end < 0 or data[end - 1 : end] != b"/"


_REF = re.compile(rb'r="([A-Za-z]{1,3})([0-9]{1,9})"')


@functools.lru_cache(maxsize=4)
def _row_numbers(row_tag: bytes) -> re.Pattern[bytes]:
    return re.compile(re.escape(row_tag) + rb'r="([0-9]{1,9})"')


@functools.lru_cache(maxsize=512)
def _outlying_ref(row_digits: int, column: int) -> re.Pattern[bytes]:
    """A cell reference with more than `row_digits` row digits, or a column beyond `column`."""
    longer = f"[A-Za-z]{{1,3}}[0-9]{{{row_digits + 1},9}}"
    return re.compile(f'r="(?:{longer}|(?:{_wider_letters(column)})[0-9])'.encode())


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _wider_letters(column: int) -> str:
    """A regex for the column letters beyond `column` (1-based; 0: any column)."""
    if column <= 0:
        return "[A-Za-z]{1,3}"
    letters = _column_letters(column)
    n = len(letters)
    options = [f"[A-Za-z]{{{n + 1},3}}"] if n < 3 else []
    for i, letter in enumerate(letters):
        if letter == "Z":
            continue
        higher = chr(ord(letter) + 1)
        option = "".join(f"[{c}{c.lower()}]" for c in letters[:i])
        option += f"[{higher}-Z{higher.lower()}-z]"
        option += f"[A-Za-z]{{{n - i - 1}}}" if n - i - 1 else ""
        options.append(option)
    return "|".join(options) if options else "(?!)"  # XFD and beyond: nothing is wider


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), falling back to Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise FileProblem(
            f"file CSV bukan UTF-8 maupun Windows-1252 (byte tidak dikenal pada posisi {exc.start})"
        ) from exc


def detect_delimiter(text: str) -> str:
    """Pick `;` or `,` from the first non-empty line (the header)."""
    for line in text.splitlines():
        if line.strip():
            return ";" if line.count(";") >= line.count(",") and ";" in line else ","
    return ","


def _read_csv(data: bytes) -> Iterator[Row]:
    if b"\x00" in data[:4096]:
        raise FileProblem("file CSV berisi data biner (mungkin file Excel yang diberi nama .csv)")
    text = decode_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text))
    try:
        for index, cells in enumerate(reader, start=1):
            # `not c or c.isspace()` is `c.strip() == ""` without building the stripped copy.
            row = [None if not c or c.isspace() else c for c in cells]
            if index > HEADER_WINDOW and row.count(None) == len(row):
                continue  # a blank line: numbers are kept, memory is not spent
            yield Row(index, row)
    except csv.Error as exc:
        raise FileProblem(f"file CSV tidak dapat dibaca: {exc}") from exc


__all__ = ["Cell", "FileProblem", "Row", "ValueProblem", "decode_text", "read_rows"]
