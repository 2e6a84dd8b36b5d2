"""CSV encodings and delimiters, xlsx title and total rows, header synonyms."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from pipelines.ingest.feeds import FEEDS
from pipelines.ingest.layout import locate_table, normalise_header
from pipelines.ingest.readers import FileProblem, read_rows

SP2D = FEEDS["sp2d"]


def _csv(tmp_path: Path, text: str, encoding: str) -> Path:
    path = tmp_path / "x.csv"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    d = delimiter
    text = f'nama{d}uraian\n"Fauzi Ma\'ruf"{d}"Ngurah Ra\'i{d} é\nbaris 2"\n'
    rows = read_rows(_csv(tmp_path, text, encoding))
    assert rows[0].cells == ["nama", "uraian"]
    assert rows[1].cells == ["Fauzi Ma'ruf", f"Ngurah Ra'i{d} é\nbaris 2"]


def test_header_normalisation() -> None:
    assert normalise_header("Pagu (Rp)") == "pagu"
    assert normalise_header("No. SP2D") == "nosp2d"
    assert normalise_header("KODE_SATKER") == "kodesatker"
    assert normalise_header("\ufeffkdsatker") == "kdsatker"


def test_xlsx_title_rows_and_total_row(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["LAPORAN REALISASI"])
    ws.append(["Satker : 900104 - BP3MI Jawa Timur"])
    ws.append(["Periode : Januari s.d. Maret 2026"])
    ws.append([])
    ws.append(
        ["Kode Satker", "Nomor SP2D", "Tanggal SP2D", "Kode Anggaran", "Nilai SP2D", "Catatan"]
    )
    ws.append(
        ["900104", "260000000000001", "5 Jan 2026", "DL.6011.QAH.002.051.A.524111", 1000, "x"]
    )
    ws.append(["Jumlah Total", None, None, None, 1000, None])
    path = tmp_path / "SP2D_900104_202601.xlsx"
    wb.save(path)
    table = locate_table(read_rows(path), SP2D.columns, SP2D.alternatives)
    assert table.header_row == 5
    assert [r.number for r in table.records] == [6]
    assert table.records[0].get("nilai") == 1000


def test_missing_required_column_is_named(tmp_path: Path) -> None:
    path = _csv(tmp_path, "kdsatker;no_sp2d;tgl_sp2d;kode_anggaran\n900104;1;2;3\n", "utf-8")
    with pytest.raises(FileProblem, match="kolom wajib 'nilai' tidak ditemukan"):
        locate_table(read_rows(path), SP2D.columns, SP2D.alternatives)


def test_unquoted_decimal_comma_in_comma_csv_is_refused(tmp_path: Path) -> None:
    text = "kdsatker,no_sp2d,tgl_sp2d,kode_anggaran,nilai\n900104,1,2026-01-05,x,1.234,00\n"
    path = _csv(tmp_path, text, "utf-8")
    with pytest.raises(FileProblem, match="pemisah kolom"):
        locate_table(read_rows(path), SP2D.columns, SP2D.alternatives)


def test_corrupt_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "SP2D_900104_202601.xlsx"
    path.write_bytes(b"PK\x03\x04garbage")
    with pytest.raises(FileProblem, match="rusak"):
        read_rows(path)


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "SP2D_900104_202601.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(FileProblem, match="tidak didukung"):
        read_rows(path)


@pytest.mark.parametrize(
    "name",
    [
        "SP2D_900104_202603.csv",
        "SP2D_900104_202603_koreksi.xlsx",
        "SP2D_900104_202603_2.csv",
        "SP2D_900104_202603 (1).csv",
    ],
)
def test_file_name_suffixes(name: str) -> None:
    facts = SP2D.facts_from_name(name)
    assert (facts.kdsatker, facts.thang, facts.bulan) == ("900104", 2026, 3)


@pytest.mark.parametrize("name", ["SP2D_900104_202613.csv", "SP2D_90010_202603.csv", "sp2d.csv"])
def test_bad_file_names(name: str) -> None:
    with pytest.raises(FileProblem):
        SP2D.facts_from_name(name)
