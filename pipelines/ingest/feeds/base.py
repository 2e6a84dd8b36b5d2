"""What every feed has in common: its file-name rule, columns, raw table and checks.

A feed module declares a `Feed`: the file-name pattern, the columns with
their synonyms, the typed `raw` table it fills, and a `parse` function that
turns the located table into typed rows or raises `FileProblem`. The loader
(`pipelines.ingest.loader`) runs any feed the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pipelines.ingest.layout import Column, Record, Table
from pipelines.ingest.readers import FileProblem
from pipelines.ingest.values import (
    ValueProblem,
    budget_code_from_parts,
    is_blank,
    parse_budget_code,
    quoted,
)

MAX_ERRORS_SHOWN = 5
MAX_ROWS_SHOWN = 5
NAME_SUFFIX = r"(?:[ _-](?:koreksi|perbaikan|revisi|\d{1,3})| ?\(\d{1,3}\))*"


@dataclass(frozen=True)
class NameFacts:
    """What a file name promises; the rows must agree with it."""

    kdsatker: str | None = None
    thang: int | None = None
    bulan: int | None = None
    revisi: int | None = None
    snapshot_date: dt.date | None = None


@dataclass
class Parsed:
    """A file parsed to typed rows plus the facts the ledger records."""

    rows: list[dict[str, Any]]
    facts: NameFacts
    delivery_key: str
    amount_total: Decimal | None = None
    counts: dict[str, int] = field(default_factory=dict)
    """Per-file tallies the ledger keeps (values ignored or replaced, per column): counts
    only, never the values themselves."""


@dataclass(frozen=True)
class Context:
    """What a parser may need besides the file: the PII key, the name facts."""

    name: NameFacts
    pii_key: bytes | None


@dataclass(frozen=True)
class Feed:
    """One landing folder and how its files become rows of `raw.<name>`."""

    name: str
    name_pattern: re.Pattern[str]
    name_hint: str
    columns: Sequence[Column]
    raw_columns: Sequence[tuple[str, str]]
    parse: Callable[[Table, Context], Parsed]
    name_facts: Callable[[re.Match[str]], NameFacts]
    alternatives: Sequence[Sequence[str]] = field(default_factory=tuple)
    needs_pii_key: bool = False

    def facts_from_name(self, file_name: str) -> NameFacts:
        """Read office, year, month, revision or date from the file name."""
        m = self.name_pattern.fullmatch(file_name)
        if not m:
            raise FileProblem(
                f"nama file '{file_name}' tidak sesuai pola {self.name_hint} (.xlsx atau .csv)"
            )
        try:
            return self.name_facts(m)
        except ValueError as exc:
            raise FileProblem(
                f"nama file '{file_name}' memuat tanggal/periode yang tidak sah"
            ) from exc


def name_pattern(stem: str) -> re.Pattern[str]:
    """Compile a file-name pattern allowing the contract's suffixes and extensions."""
    return re.compile(stem + NAME_SUFFIX + r"\.(?:xlsx|csv)", re.IGNORECASE)


class RowErrors:
    """Collects per-cell problems so one rejection lists them all, grouped.

    The same problem on many rows (a file of another office, say) is named
    once with its rows, so the message stays short enough to act on.
    """

    def __init__(self, table: Table) -> None:
        self.table = table
        self._problems: dict[tuple[str | None, str], list[int]] = {}

    @property
    def problems(self) -> list[str]:
        """Every distinct problem with the rows it occurs on."""
        out = []
        for (column, message), rows in self._problems.items():
            shown = ", ".join(str(r) for r in rows[:MAX_ROWS_SHOWN])
            if len(rows) > MAX_ROWS_SHOWN:
                shown += f" dan {len(rows) - MAX_ROWS_SHOWN} baris lain"
            where = f"baris {shown}"
            if column:
                where += f", kolom '{self.table.label(column)}'"
            out.append(f"{where}: {message}")
        return out

    def value(self, record: Record, name: str, parser: Callable[[Any], Any]) -> Any:
        """Parse a required cell; on failure remember where and return None."""
        cell = record.get(name)
        try:
            return parser(cell)
        except ValueProblem as exc:
            self.add(record, name, str(exc))
            return None

    def optional(self, record: Record, name: str, parser: Callable[[Any], Any]) -> Any:
        """Parse a cell that may be empty (None then)."""
        cell = record.get(name)
        if is_blank(cell):
            return None
        return self.value(record, name, parser)

    def add(self, record: Record | int, name: str | None, message: str) -> None:
        """Record a problem at a row (and column)."""
        number = record.number if isinstance(record, Record) else record
        self._problems.setdefault((name, message), []).append(number)

    def raise_if_any(self) -> None:
        """Reject the whole file with the problems found."""
        problems = self.problems
        if not problems:
            return
        shown = "; ".join(problems[:MAX_ERRORS_SHOWN])
        more = len(problems) - MAX_ERRORS_SHOWN
        if more > 0:
            shown += f"; dan {more} masalah lain"
        raise FileProblem(shown)


def text(value: object) -> str | None:
    """Trimmed text, or None when blank; numeric cells keep no `.0`."""
    if is_blank(value):
        return None
    if isinstance(value, float) and value == int(value):
        value = int(value)
    return " ".join(str(value).split())


def must_match_name(
    errors: RowErrors, record: Record, column: str, found: object, promised: object
) -> None:
    """A row that contradicts the file name rejects the file (spec: the content is the truth)."""
    if found is not None and promised is not None and found != promised:
        errors.add(
            record,
            column,
            f"nilai {quoted(found)} tidak sesuai dengan nama file ('{promised}'); "
            "periksa apakah file tertukar",
        )


def unique_rows(
    errors: RowErrors, rows: list[dict[str, Any]], key: Sequence[str], what: str
) -> None:
    """Reject duplicate keys, naming both rows."""
    seen: dict[tuple[Any, ...], int] = {}
    for row in rows:
        k = tuple(row[c] for c in key)
        if k in seen:
            shown = " / ".join(str(v) for v in k)
            errors.add(
                row["_row_number"], None, f"{what} {quoted(shown)} ganda (juga di baris {seen[k]})"
            )
        else:
            seen[k] = row["_row_number"]


def single_value(errors: RowErrors, rows: list[dict[str, Any]], column: str, label: str) -> Any:
    """The one value a column must hold on every row of the file (office, year)."""
    values = {r[column] for r in rows if r[column] is not None}
    if len(values) > 1:
        shown = ", ".join(sorted(str(v) for v in values))
        errors.add(
            rows[0]["_row_number"], column, f"satu file hanya boleh untuk satu {label}: {shown}"
        )
        return None
    return next(iter(values), None)


def money_total(rows: list[dict[str, Any]], column: str) -> Decimal:
    """Exact sum of a money column, for the conservation checks."""
    return sum((r[column] for r in rows if r[column] is not None), Decimal("0.00"))


# --- columns several feeds share -----------------------------------------

THANG = Column("thang", ["thang", "tahun anggaran", "tahun"])
KDSATKER = Column("kdsatker", ["kdsatker", "kode satker", "satker"])
CODE_PARTS = ("kdprogram", "kdgiat", "kdkro", "kdro", "kdkmpnen", "kdskmpnen", "kdakun")
BUDGET_CODE_COLUMNS = [
    Column("kode_anggaran", ["kode_anggaran", "kode akun lengkap"], required=False),
    *(Column(p, [p], required=False) for p in CODE_PARTS),
]
BUDGET_CODE_ALTERNATIVES = (("kode_anggaran",), CODE_PARTS)
BUDGET_CODE_RAW = [
    ("kode_anggaran", "varchar"),
    ("kdprogram", "varchar"),
    ("kdgiat", "varchar"),
    ("kdkro", "varchar"),
    ("kdro", "varchar"),
    ("kdkmpnen", "varchar"),
    ("kdskmpnen", "varchar"),
    ("kdakun", "varchar"),
    ("kode_ro", "varchar"),
]


def budget_code_fields(errors: RowErrors, record: Record) -> dict[str, str | None]:
    """The normalised code and its parts, from one string or the seven columns."""
    if not is_blank(record.get("kode_anggaran")):
        code = errors.value(record, "kode_anggaran", parse_budget_code)
    else:
        try:
            code = budget_code_from_parts([record.get(p) for p in CODE_PARTS])
        except ValueProblem as exc:
            errors.add(record, None, f"kode anggaran: {exc}")
            code = None
    if code is None:
        return {name: None for name, _ in BUDGET_CODE_RAW}
    return {
        "kode_anggaran": code.kode_anggaran,
        "kdprogram": code.program,
        "kdgiat": code.kegiatan,
        "kdkro": code.kro,
        "kdro": code.ro,
        "kdkmpnen": code.komponen,
        "kdskmpnen": code.subkomponen,
        "kdakun": code.akun,
        "kode_ro": code.kode_ro,
    }
