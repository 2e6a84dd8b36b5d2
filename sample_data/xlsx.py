"""A minimal, byte-deterministic .xlsx writer using only the standard library.

Why not openpyxl: its writer stamps the current time into the zip entries and
the document properties, so two runs never give identical bytes, and it decides
cell types for us. The sample needs exact control over what a SAKTI/OM-SPAN
download looks like (numbers stored as text, dates as serials, merged title
rows) and identical bytes for the same seed.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import NamedTuple
from xml.sax.saxutils import escape

# Cell style ids (index into cellXfs of STYLES_XML below).
GENERAL = 0
DATE_BUILTIN = 1  # numFmtId 14 (locale short date)
DATE_DMY_SLASH = 2  # dd/mm/yyyy
DATE_DMY_DASH = 3  # dd-mm-yyyy
MONEY = 4  # #,##0.00
INTEGER = 5  # #,##0
BOLD = 6
TEXT = 7  # "@": how SAKTI marks numbers kept as text

EXCEL_EPOCH = date(1899, 12, 30)

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

STYLES_XML = (
    _HEAD + f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
    '<numFmt numFmtId="165" formatCode="dd-mm-yyyy"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="8">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


class XCell(NamedTuple):
    """One cell: `kind` "s" (text) or "n" (number, `value` is its literal).

    A named tuple, not a dataclass: a large workbook has millions of cells and
    a tuple is several times cheaper to create. A sheet's rows may also hold
    plain `(kind, value, style)` tuples, the cheapest of all.
    """

    kind: str
    value: str
    style: int = GENERAL


def text(value: str, style: int = GENERAL) -> XCell:
    """A text (shared string) cell."""
    return XCell("s", value, style)


def number(literal: str, style: int = GENERAL) -> XCell:
    """A numeric cell; `literal` is written as is, so exact decimals survive."""
    return XCell("n", literal, style)


def date_serial(d: date) -> int:
    """Excel's serial day number (1900 date system) of a date."""
    return (d - EXCEL_EPOCH).days


# A cell in a sheet's rows: an XCell or a plain (kind, value, style) tuple, or a bare
# str for a text cell in the default style (most cells of a large sheet: no object at all).
Cell = tuple[str, str, int] | str


@dataclass
class Sheet:
    """A worksheet: rows of cells (None = empty) and merged ranges like `A1:F1`."""

    name: str
    rows: Sequence[Sequence[Cell | None]]
    merges: tuple[str, ...] = ()
    widths: tuple[float, ...] = ()


@cache
def col_letter(index: int) -> str:
    """0-based column index to Excel letters (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# Characters XML 1.0 does not allow (control characters other than tab, LF, CR).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


class _SharedStrings:
    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.count = 0

    def add(self, value: str) -> int:
        self.count += 1
        if value not in self.index:
            self.index[value] = len(self.index)
        return self.index[value]

    def xml(self) -> str:
        items = "".join(f'<si><t xml:space="preserve">{_xml_text(s)}</t></si>' for s in self.index)
        return (
            _HEAD
            + f'<sst xmlns="{_MAIN}" count="{self.count}" uniqueCount="{len(self.index)}">{items}</sst>'
        )


CHUNK_ROWS = 2048  # rows of sheet XML encoded and compressed together


def _text_of(cell: Cell | None) -> str | None:
    """The text of a text cell (a shared string), None for any other cell."""
    if cell is None:
        return None
    if cell.__class__ is str:
        return cell  # type: ignore[return-value]
    return cell[1] if cell[0] == "s" else None


def _index_strings(sheet: Sheet, strings: _SharedStrings) -> None:
    """Number the sheet's texts in the shared-string table, in reading order.

    A first pass of its own because the table comes before the worksheets in
    the package: the worksheet XML can then be streamed into the zip entry
    instead of being held whole until the table is known.
    """
    index = strings.index
    texts = 0
    for row in sheet.rows:
        for cell in row:
            value = _text_of(cell)
            if value is None:
                continue
            texts += 1
            if value not in index:
                index[value] = len(index)
    strings.count += texts


def _sheet_xml(sheet: Sheet, strings: _SharedStrings) -> Iterator[bytes]:
    """The worksheet XML as UTF-8 chunks of `CHUNK_ROWS` rows (texts numbered already).

    Chunks, not one string: a sheet of 100,000 case rows is ~100 MB of XML.
    They are compressed into the zip entry as they come; deflate's output does
    not depend on how its input is split.
    """
    width = max((len(r) for r in sheet.rows), default=1) or 1
    dim = f"A1:{col_letter(width - 1)}{max(len(sheet.rows), 1)}"
    parts = [
        _HEAD,
        f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">',
        f'<dimension ref="{dim}"/>',
        '<sheetViews><sheetView workbookViewId="0"/></sheetViews>',
        '<sheetFormatPr defaultRowHeight="15"/>',
    ]
    if sheet.widths:
        cols = "".join(
            f'<col min="{i + 1}" max="{i + 1}" width="{w:g}" customWidth="1"/>'
            for i, w in enumerate(sheet.widths)
        )
        parts.append(f"<cols>{cols}</cols>")
    parts.append("<sheetData>")
    # The hot loop of a large workbook: column letters, style attributes and the
    # shared-string numbers are looked up, not recomputed, for every cell.
    letters = [col_letter(c) for c in range(width)]
    style_attr: dict[int, str] = {}
    index = strings.index
    for r, row in enumerate(sheet.rows, start=1):
        cells = []
        for c, cell in enumerate(row):
            if cell is None:
                continue
            if cell.__class__ is str:
                cells.append(f'<c r="{letters[c]}{r}" t="s"><v>{index[cell]}</v></c>')
                continue
            kind, value, style = cell  # type: ignore[misc]
            attr = style_attr.get(style)
            if attr is None:
                attr = style_attr[style] = f' s="{style}"' if style else ""
            if kind == "s":
                cells.append(f'<c r="{letters[c]}{r}" t="s"{attr}><v>{index[value]}</v></c>')
            else:
                cells.append(f'<c r="{letters[c]}{r}"{attr}><v>{value}</v></c>')
        parts.append(f'<row r="{r}">{"".join(cells)}</row>' if cells else f'<row r="{r}"/>')
        if len(parts) >= CHUNK_ROWS:
            yield "".join(parts).encode("utf-8")
            parts.clear()
    parts.append("</sheetData>")
    if sheet.merges:
        merged = "".join(f'<mergeCell ref="{m}"/>' for m in sheet.merges)
        parts.append(f'<mergeCells count="{len(sheet.merges)}">{merged}</mergeCells>')
    parts.append(
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    )
    parts.append("</worksheet>")
    yield "".join(parts).encode("utf-8")


def workbook_bytes(sheets: list[Sheet], stamp: datetime, creator: str = "SAKTI") -> bytes:
    """Serialise sheets to .xlsx bytes; `stamp` fixes every date inside the file."""
    strings = _SharedStrings()
    for sheet in sheets:
        _index_strings(sheet, strings)
    n = len(sheets)
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    content_types = (
        _HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, n + 1)
        )
        + '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>"
    )
    root_rels = (
        _HEAD + f'<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
        'Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>"
    )
    workbook = (
        _HEAD
        + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews><sheets>'
        + "".join(
            f'<sheet name="{escape(s.name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, s in enumerate(sheets, start=1)
        )
        + "</sheets></workbook>"
    )
    workbook_rels = (
        _HEAD
        + f'<Relationships xmlns="{_PKG_REL}">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        + f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId{n + 2}" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    )
    core = (
        _HEAD
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:creator>{escape(creator)}</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{iso}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{iso}</dcterms:modified>'
        "</cp:coreProperties>"
    )
    app = (
        _HEAD
        + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>Microsoft Excel</Application></Properties>"
    )
    parts = [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", root_rels),
        ("docProps/core.xml", core),
        ("docProps/app.xml", app),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", workbook_rels),
        ("xl/styles.xml", STYLES_XML),
        ("xl/sharedStrings.xml", strings.xml()),
        *(
            (f"xl/worksheets/sheet{i}.xml", _sheet_xml(sheet, strings))
            for i, sheet in enumerate(sheets, start=1)
        ),
    ]
    buf = io.BytesIO()
    zip_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=zip_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            # What `ZipFile.writestr` does, chunk by chunk: the header is rewritten with
            # the sizes and CRC when the entry closes, and the deflate stream is the same.
            with zf.open(info, mode="w") as dest:
                for chunk in [data.encode("utf-8")] if isinstance(data, str) else data:
                    dest.write(chunk)
    return buf.getvalue()
