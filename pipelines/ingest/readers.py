"""Read a landing file (xlsx or csv) into numbered rows of raw cells.

The readers know nothing of feeds: they only turn bytes into rows, keeping the
row number a person sees in Excel or a text editor so that an error can point
at it. Encoding and delimiter are detected here because offices' systems
produce UTF-8, UTF-8 with BOM and Windows-1252, with `;` or `,`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

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


def read_rows(path: Path) -> list[Row]:
    """Read every row of the file's first sheet (xlsx) or of the CSV."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return list(_read_xlsx(path))
    if suffix == ".csv":
        return list(_read_csv(path.read_bytes()))
    raise FileProblem(f"format file '{path.suffix}' tidak didukung: kirim .xlsx atau .csv")


def _read_xlsx(path: Path) -> Iterator[Row]:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        if not workbook.sheet_names:
            raise FileProblem("file Excel tidak berisi lembar kerja")
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError) as exc:
        raise FileProblem(
            "file Excel rusak atau tidak dapat dibuka; simpan ulang sebagai .xlsx dan kirim kembali"
        ) from exc
    except Exception as exc:  # calamine raises its own error types for broken zips
        raise FileProblem(
            "file Excel rusak atau tidak dapat dibuka; simpan ulang sebagai .xlsx dan kirim kembali"
        ) from exc
    for index, cells in enumerate(rows, start=1):
        # `"" in cells` scans in C; most rows have no empty cell to replace.
        yield Row(index, [None if c == "" else c for c in cells] if "" in cells else cells)


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
            yield Row(index, [None if not c or c.isspace() else c for c in cells])
    except csv.Error as exc:
        raise FileProblem(f"file CSV tidak dapat dibaca: {exc}") from exc


__all__ = ["Cell", "FileProblem", "Row", "ValueProblem", "decode_text", "read_rows"]
