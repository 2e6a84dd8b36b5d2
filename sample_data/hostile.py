"""Careless and hostile things a landing folder receives, made on demand for tests and the bench.

None of these is committed (a zip bomb, a link to outside the folder, a
device): the test or the bench that needs one builds it in a temporary
folder. Every writer here keeps memory small, the zip bomb included: its
sheet is streamed into the archive, never held whole.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

MB = 1024 * 1024
OFFICE = "900199"
"""An office code in no seed: hostile deliveries never change the sample's offices' figures."""

SP2D_HEADER = ["Kdsatker", "Nomor SP2D", "Tanggal", "Kode Anggaran", "Nilai", "Jenis SPM", "Uraian"]
SP2D_LINE = "DL.6011.QAH.002.051.A.524111"

CASE_HEADER = (
    "No Aduan;Tanggal Pengaduan;Kanal;Unit Penanganan;Nama PMI;NIK;No Paspor;No HP;"
    "Jenis Kelamin;Negara Penempatan;Jenis Masalah;Status;Tanggal Selesai;"
    "Hasil Penyelesaian;Nilai Hak Dipulihkan;Kode RO Pembiayaan\n"
)
NAMES_IN_CODES = {
    "kanal": "dititipkan Sutrisno Wibowo",
    "negara_penempatan": "ikut majikan Lim Ah Kow",
    "jenis_masalah": "Suryani Handayani minta dipulangkan",
    "hasil": "diserahkan ke Bapak Darmaji Kusuma",
}
"""Free text with names typed into the coded columns: must reach no table, log or metadata."""

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="SP2D" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def zip_bomb_xlsx(path: Path, expanded_mb: int = 700) -> Path:
    """A valid workbook whose sheet XML is `expanded_mb` MB of repeated rows, ~1000x compressed.

    The sheet is written through `ZipFile.open(..., "w")` in 1 MB pieces, so
    making a 700 MB part costs seconds and a few MB of memory; the archive's
    directory declares the true size, as a zip bomb's does.
    """
    row = (
        '<row><c t="inlineStr"><is><t>'
        + "DL.6011.QAH.002.051.A.524111 " * 30
        + "</t></is></c></row>"
    ).encode()
    piece = row * max(1, MB // len(row))
    target = expanded_mb * MB
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="'
                b'http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            written = 0
            while written < target:
                sheet.write(piece)
                written += len(piece)
            sheet.write(b"</sheetData></worksheet>")
    return path


def sp2d_rows(kdsatker: str = OFFICE, month: int = 3, count: int = 20) -> list[list[object]]:
    """Valid SP2D lines of one office and month of 2026."""
    return [
        [
            kdsatker,
            f"26{month:02d}{i:011d}",
            f"{min(28, i + 1):02d}-{month:02d}-2026",
            SP2D_LINE,
            f"{i % 900 + 1}.{i % 1000:03d}.000,00",
            "LS",
            f"Perjalanan dinas {i}",
        ]
        for i in range(count)
    ]


def huge_range_xlsx(
    path: Path,
    stray_value: str | None = None,
    stray_cell: str = "A1048576",
    rows: int = 20,
    month: int = 3,
) -> Path:
    """A valid SP2D workbook with a stray cell at `stray_cell` (row 1,048,576 by default).

    With `stray_value` None the cell is formatted and empty (bold), as Excel
    leaves it after someone formats whole columns; with a value (a space, an
    empty string) it is the variant that makes a dense reader allocate the
    whole range. Its used range claims a million rows.
    """
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(SP2D_HEADER)
    for line in sp2d_rows(month=month, count=rows):
        sheet.append(line)
    sheet[stray_cell].font = Font(bold=True)
    if stray_value is not None:
        sheet[stray_cell].value = stray_value
    workbook.save(path)
    return path


def binary_csv(path: Path) -> Path:
    """A PNG image saved under a `.csv` name (NUL bytes in the first bytes)."""
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
        + bytes(range(256)) * 8
    )
    return path


def not_a_workbook_xlsx(path: Path) -> Path:
    """A zip archive (two text files) saved under an `.xlsx` name: no `xl/workbook.xml`."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("laporan.txt", "laporan bulanan\n")
        archive.writestr("catatan/isi.txt", "bukan buku kerja\n")
    return path


def text_as_xlsx(path: Path) -> Path:
    """A CSV export saved under an `.xlsx` name."""
    path.write_text(";".join(SP2D_HEADER) + "\n", encoding="utf-8")
    return path


def folder_named_like_a_file(path: Path) -> Path:
    """A folder whose name is a valid delivery name, with a file inside it."""
    path.mkdir()
    (path / "isi.csv").write_text("kdsatker;nilai\n900199;1\n", encoding="utf-8")
    return path


def link_outside(path: Path, target: Path) -> Path:
    """A symbolic link named like a delivery, pointing to a file outside the landing folder."""
    os.symlink(target, path)
    return path


def secret_outside(path: Path, marker: str, month: int = 3) -> Path:
    """A file outside the landing folder that parses as a valid SP2D delivery.

    If a link to it were followed, its rows (carrying `marker`) would reach `raw`.
    """
    lines = [";".join(SP2D_HEADER)]
    for row in sp2d_rows(month=month):
        row[6] = f"{marker} {row[6]}"
        lines.append(";".join(str(v) for v in row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def case_file_with_names_in_codes(path: Path, kdsatker: str = OFFICE) -> Path:
    """A case snapshot whose coded columns hold free text with names (and odd spellings)."""
    n = NAMES_IN_CODES
    rows = [
        # Every coded column typed as free text with a name in it.
        f"PGD-2026-000101;05-03-2026;{n['kanal']};{kdsatker};Siti Aminah;;;;P;"
        f"{n['negara_penempatan']};{n['jenis_masalah']};Selesai;20-03-2026;{n['hasil']};;\n",
        # Valid codes in another case, spacing and accents: normalised, not replaced.
        f"PGD-2026-000102;06-03-2026;  media   SOSIAL ;{kdsatker};Rudi;;;;L;hongkong;"
        f"gaji TIDAK dibayar;Dalam Proses;;;;\n",
        # An open case: empty hasil stays empty (NULL), it is not a replacement.
        f"PGD-2026-000103;07-03-2026;Telepon;{kdsatker};Ani;;;;P;Malaysia;Overstay;Diterima;;;;\n",
    ]
    path.write_text(CASE_HEADER + "".join(rows), encoding="utf-8")
    return path


def markup_sp2d_csv(path: Path, texts: list[str], month: int = 3) -> Path:
    """An SP2D delivery whose descriptions are markup and spreadsheet formulas."""
    lines = [";".join(SP2D_HEADER)]
    for row, text in zip(sp2d_rows(month=month, count=len(texts)), texts, strict=True):
        row[6] = '"' + text.replace('"', '""') + '"'
        lines.append(";".join(str(v) for v in row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
