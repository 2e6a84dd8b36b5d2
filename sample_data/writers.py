"""Render tables as the CSV and XLSX variants the offices actually deliver.

Each variant in `shared/specs/source-exports.md` (title rows, total rows, money
and date spellings, numbers as text, delimiters, encodings, header spellings)
is a field of `Style`. Rendering also returns *tags* naming the variants that a
file really exercises (a negative amount, an August date, a quoted line break),
so the generator can prove every variant appears somewhere.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from itertools import chain
from typing import TypeVar

from sample_data import xlsx
from sample_data.reference import BULAN, BULAN_SHORT

T = TypeVar("T")

MONEY_FORMATS = ("id2", "id0", "rp2", "rp0", "dot2", "plain")
DATE_TEXT_FORMATS = ("dmy-", "dmy/", "iso", "long", "short")
HEADER_CASES = ("lower", "title", "upper", "snake", "dotted", "upper_snake", "spaced")
ACRONYMS = {
    "sp2d",
    "spm",
    "ro",
    "kro/ro",
    "pmi",
    "nik",
    "ktp",
    "hp",
    "l/p",
    "jk",
    "rp",
    "(rp)",
    "(%)",
    "kro",
}


@dataclass(frozen=True)
class Raw:
    """A value written literally as text (used to plant unparseable values)."""

    text: str


@dataclass(frozen=True)
class Column:
    """A column: its header text and how values are rendered.

    kind: "text", "money" (rupiah), "number" (volumes, targets, shares), "date".
    """

    header: str
    kind: str = "text"
    total: bool = False  # summed in the total row of xlsx files


@dataclass(frozen=True)
class Style:
    """Every formatting choice of one delivered file."""

    fmt: str = "csv"  # "csv" | "xlsx"
    delimiter: str = ";"
    encoding: str = "utf-8"  # "utf-8" | "utf-8-sig" | "cp1252"
    quote_all: bool = False
    crlf: bool = True
    title_rows: int = 0  # xlsx: 1..6 rows above the header
    merge_title: bool = False
    total_label: str = ""  # xlsx: "", "JUMLAH", "TOTAL", "Jumlah Total"
    total_in_second_col: bool = False
    numbers_as_text: bool = False  # xlsx: numbers (money, volumes) in text cells
    date_mode: str = "text"  # xlsx: "cell" | "serial" | "text"; csv is always text
    date_cell_style: int = xlsx.DATE_DMY_SLASH
    date_text: str = "dmy-"
    money_text: str = "id2"
    negative: str = "minus"  # "minus" | "paren"
    aug: str = "Agu"
    notes_sheet: bool = False  # xlsx: a second worksheet that must be ignored

    def tags(self) -> list[str]:
        """Variant tags implied by the file-level choices."""
        if self.fmt == "csv":
            delim = "semicolon" if self.delimiter == ";" else "comma"
            out = [f"csv:delimiter={delim}", f"csv:encoding={self.encoding}"]
            if self.quote_all:
                out.append("csv:quote_all")
            return out
        out = [f"xlsx:title_rows={self.title_rows}"]
        if self.merge_title:
            out.append("xlsx:merged_title")
        if self.total_label:
            out.append(f"xlsx:total_row={self.total_label}")
            if self.total_in_second_col:
                out.append("xlsx:total_label_in_second_column")
        if self.notes_sheet:
            out.append("xlsx:second_worksheet")
        return out


@dataclass
class Rendered:
    """The bytes of a file and the variant tags it exercises."""

    data: bytes
    tags: set[str] = field(default_factory=set)


def format_money(value: Decimal, kind: str, negative: str = "minus") -> str:
    """Spell a rupiah amount the way one export does (see MONEY_FORMATS)."""
    q = value.quantize(Decimal("0.01"))
    neg = q < 0
    whole, cents = f"{abs(q):.2f}".split(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    has_cents = cents != "00"
    if neg:
        body = f"{whole}.{cents}" if kind in ("dot2", "plain") else f"{grouped},{cents}"
        if kind == "id0" and not has_cents:
            body = grouped
        return f"({body})" if negative == "paren" and kind not in ("dot2", "plain") else f"-{body}"
    if kind == "id2":
        return f"{grouped},{cents}"
    if kind == "id0":
        return f"{grouped},{cents}" if has_cents else grouped
    if kind == "rp2":
        return f"Rp {grouped},{cents}"
    if kind == "rp0":
        return f"Rp{grouped},{cents}" if has_cents else f"Rp{grouped}"
    if kind == "dot2":
        return f"{whole}.{cents}"
    return f"{whole}.{cents}" if has_cents else whole


def format_date(d: date, kind: str, aug: str = "Agu") -> str:
    """Spell a date the way one export does (see DATE_TEXT_FORMATS)."""
    if kind == "dmy-":
        return d.strftime("%d-%m-%Y")
    if kind == "dmy/":
        return d.strftime("%d/%m/%Y")
    if kind == "iso":
        return d.isoformat()
    if kind == "long":
        return f"{d.day} {BULAN[d.month]} {d.year}"
    short = aug if d.month == 8 else BULAN_SHORT[d.month]
    return f"{d.day} {short} {d.year}"


def format_number(value: int | Decimal) -> str:
    """A plain number literal (volumes, targets, shares): no grouping."""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)


def header_text(name: str, case: str, money: bool = False, bracket: bool = False) -> str:
    """Spell a header name in one of the case/space/dot/underscore variants.

    `name` is a header as listed in the spec (e.g. "no sp2d", "pagu (rp)").
    `bracket` appends "(Rp)" to money columns that have no bracket word yet.
    """
    words = name.split()
    if money and bracket and not any(w.startswith("(") for w in words):
        words.append("(rp)")

    def cap(w: str) -> str:
        if w in ACRONYMS:
            return "(Rp)" if w == "(rp)" else w.upper()
        return w[:1].upper() + w[1:]

    if case == "lower":
        return " ".join(words)
    if case == "title":
        return " ".join(cap(w) for w in words)
    if case == "upper":
        return " ".join(words).upper()
    if case == "snake":
        return "_".join(w for w in words if not w.startswith("(")) + (
            " " + " ".join(w for w in words if w.startswith("("))
            if any(w.startswith("(") for w in words)
            else ""
        )
    if case == "dotted":
        return " ".join(cap(w) + "." if w in ("no", "tgl", "kd") else cap(w) for w in words)
    if case == "upper_snake":
        plain = "_".join(w for w in words if not w.startswith("(")).upper()
        brackets = [w.upper() if w != "(rp)" else "(Rp)" for w in words if w.startswith("(")]
        return " ".join([plain, *brackets])
    # "spaced": stray and doubled spaces, as hand-edited headers have
    return " " + "  ".join(cap(w) for w in words) + " "


def _render_value(value: object, col: Column, style: Style, tags: set[str]) -> str | None:
    """Text form of a value (CSV, and XLSX text cells)."""
    if value is None:
        return None
    if isinstance(value, Raw):
        tags.add("raw_value")
        return value.text
    if col.kind == "money":
        assert isinstance(value, Decimal)
        text = format_money(value, style.money_text, style.negative)
        tags.add(f"money:{style.money_text}")
        if value.quantize(Decimal("0.01")) != value.quantize(Decimal("1")):
            tags.add("money:with_cents")
        if value < 0:
            tags.add("money:negative_paren" if text.startswith("(") else "money:negative_minus")
        return text
    if col.kind == "number":
        return format_number(value)  # type: ignore[arg-type]
    if col.kind == "date":
        assert isinstance(value, date)
        tags.add(f"date:{style.date_text}")
        if style.date_text == "short" and value.month == 8:
            tags.add(f"date:short_august={style.aug}")
        return format_date(value, style.date_text, style.aug)
    return str(value)


def _column_values(rows: list[list[object]], width: int) -> list[list[object]]:
    """The rows as columns (rendering decides a column's kind once, not per cell)."""
    for row in rows:
        if len(row) != width:
            raise ValueError(f"row has {len(row)} values for {width} columns: {row!r}")
    return [list(col) for col in zip(*rows, strict=True)] if rows else [[] for _ in range(width)]


def _by_value(values: list[object], render: Callable[[object], T]) -> list[T]:
    """`render` of each value, once per distinct value (dates repeat; rendering adds tags)."""
    done: dict[object, T] = {}
    out = []
    for v in values:
        if v in done:
            out.append(done[v])
        else:
            out.append(done.setdefault(v, render(v)))
    return out


def _csv_texts(values: list[object], col: Column, style: Style, tags: set[str]) -> list[str]:
    """CSV text of one column's values (`_render_value`; None is an empty field)."""

    def slow(v: object) -> str:
        return _render_value(v, col, style, tags) or ""

    if col.kind == "text":  # almost every value is already its own text
        return [v if v.__class__ is str else slow(v) for v in values]  # type: ignore[misc]
    if col.kind == "date":
        return _by_value(values, slow)
    return [slow(v) for v in values]


class _Lines:
    """A file-like target for `csv.writer` that keeps what is written in a list."""

    def __init__(self, lines: list[str]) -> None:
        self.write = lines.append


def render_csv(columns: list[Column], rows: list[list[object]], style: Style) -> Rendered:
    """CSV bytes in the style's delimiter, quoting, line ending and encoding."""
    tags = set(style.tags())
    # Lines are collected in a list, not a StringIO (whose buffer takes four bytes a
    # character): a case snapshot at x1000 is tens of megabytes of text.
    lines: list[str] = []
    writer = csv.writer(
        _Lines(lines),
        delimiter=style.delimiter,
        quoting=csv.QUOTE_ALL if style.quote_all else csv.QUOTE_MINIMAL,
        lineterminator="\r\n" if style.crlf else "\n",
    )
    writer.writerow([c.header for c in columns])
    texts = [
        _csv_texts(values, col, style, tags)
        for values, col in zip(_column_values(rows, len(columns)), columns, strict=True)
    ]
    writer.writerows(zip(*texts, strict=True))
    # Which quoting cases occur in the data: one search over all fields joined by a
    # character that none of the searched ones is.
    fields = "\0".join(chain.from_iterable(texts))
    if style.delimiter in fields:
        tags.add("csv:quoted_delimiter")
    if "\n" in fields:
        tags.add("csv:quoted_line_break")
    if '"' in fields:
        tags.add("csv:quoted_quote")
    content = "".join(lines)
    del lines[:]
    if not content.isascii():
        tags.add(f"csv:non_ascii_in_{style.encoding}")
    return Rendered(content.encode(style.encoding), tags)


def _xlsx_cell(value: object, col: Column, style: Style, tags: set[str]) -> xlsx.XCell | None:
    if value is None:
        return None
    if isinstance(value, Raw):
        tags.add("raw_value")
        return xlsx.text(value.text)
    if col.kind in ("money", "number"):
        if style.numbers_as_text:
            tags.add("xlsx:numbers_as_text")
            rendered = _render_value(value, col, style, tags)
            return xlsx.text(rendered or "", xlsx.TEXT if col.kind == "number" else xlsx.GENERAL)
        tags.add("xlsx:numbers_as_numeric")
        if col.kind == "money":
            assert isinstance(value, Decimal)
            if value < 0:
                tags.add("xlsx:negative_numeric")
            return xlsx.number(format(value.normalize(), "f"), xlsx.MONEY)
        return xlsx.number(format_number(value), xlsx.GENERAL)  # type: ignore[arg-type]
    if col.kind == "date":
        assert isinstance(value, date)
        if style.date_mode == "cell":
            tags.add(f"xlsx:date_cell_style={style.date_cell_style}")
            return xlsx.number(str(xlsx.date_serial(value)), style.date_cell_style)
        if style.date_mode == "serial":
            tags.add("xlsx:date_serial_number")
            return xlsx.number(str(xlsx.date_serial(value)))
        tags.add("xlsx:date_text")
        return xlsx.text(_render_value(value, col, style, tags) or "")
    return xlsx.text(str(value))


def _xlsx_cells(
    values: list[object], col: Column, style: Style, tags: set[str]
) -> list[xlsx.Cell | None]:
    """The cells of one column's values (`_xlsx_cell`, with the kind decided once)."""

    def slow(v: object) -> xlsx.Cell | None:
        return _xlsx_cell(v, col, style, tags)

    if col.kind == "text":  # a str is a text cell of itself (`xlsx.Cell`): no object per cell
        return [v if v.__class__ is str else slow(v) for v in values]  # type: ignore[misc]
    if col.kind == "date":
        return _by_value(values, slow)
    return [slow(v) for v in values]


def title_block(title: str, satker: str, periode: str, n: int, printed: str) -> list[str]:
    """The 1..6 rows above the header of a SAKTI/OM-SPAN download ("" = blank row)."""
    blocks = {
        1: [title],
        2: [title, ""],
        3: [title, satker, ""],
        4: [title, satker, periode, ""],
        5: ["KEMENTERIAN PELINDUNGAN PEKERJA MIGRAN INDONESIA", title, satker, periode, ""],
        6: [
            "KEMENTERIAN PELINDUNGAN PEKERJA MIGRAN INDONESIA",
            title,
            satker,
            periode,
            printed,
            "",
        ],
    }
    return blocks[n] if n else []


def render_xlsx(
    columns: list[Column],
    rows: list[list[object]],
    style: Style,
    titles: list[str],
    stamp: datetime,
    creator: str = "SAKTI",
) -> Rendered:
    """XLSX bytes: title rows, header, data, optional total row and notes sheet."""
    tags = set(style.tags())
    width = len(columns)
    sheet_rows: list[Sequence[xlsx.Cell | None]] = []
    merges: list[str] = []
    for i, line in enumerate(titles, start=1):
        if line:
            sheet_rows.append([xlsx.text(line, xlsx.BOLD if i == 1 else xlsx.GENERAL)])
            if style.merge_title:
                merges.append(f"A{i}:{xlsx.col_letter(width - 1)}{i}")
        else:
            sheet_rows.append([])
    sheet_rows.append([xlsx.text(c.header, xlsx.BOLD) for c in columns])
    cells = [
        _xlsx_cells(values, col, style, tags)
        for values, col in zip(_column_values(rows, width), columns, strict=True)
    ]
    sheet_rows.extend(zip(*cells, strict=True))
    del cells  # the rows hold the cells now
    if style.total_label:
        total: list[xlsx.Cell | None] = [None] * width
        total[1 if style.total_in_second_col else 0] = xlsx.text(style.total_label, xlsx.BOLD)
        for j, col in enumerate(columns):
            if col.total and j > 1:
                values = [r[j] for r in rows if isinstance(r[j], (int, Decimal))]
                s = sum(values, Decimal(0))
                total[j] = _xlsx_cell(Decimal(s) if col.kind == "money" else s, col, style, tags)
        sheet_rows.append(total)
    sheets = [
        xlsx.Sheet("Sheet1" if style.title_rows % 2 else "Laporan", sheet_rows, tuple(merges))
    ]
    if style.notes_sheet:
        notes = [
            [xlsx.text("Keterangan", xlsx.BOLD)],
            [xlsx.text("Data bersumber dari aplikasi; angka pada lembar ini bukan data.")],
            [xlsx.text("Nilai"), xlsx.number("999999999")],
        ]
        sheets.append(xlsx.Sheet("Keterangan", notes))
    return Rendered(xlsx.workbook_bytes(sheets, stamp, creator), tags)
