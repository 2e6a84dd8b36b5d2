"""NIK decoding (day+40 for women), age bands, keyed hash."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest import pii
from pipelines.ingest.loader import load_feed
from pipelines.ingest.values import WITHHELD, ValueProblem, parse_money, values_withheld


def test_nik_woman_day_plus_40() -> None:
    facts = pii.nik_facts("3578015203900001", dt.date(2026, 1, 5))
    assert facts is not None
    assert facts.jenis_kelamin == "P"
    assert facts.tanggal_lahir == dt.date(1990, 3, 12)
    assert facts.kode_provinsi == "35"


def test_nik_man_and_century() -> None:
    facts = pii.nik_facts("3301011204050007", dt.date(2026, 1, 5))
    assert facts is not None
    assert (facts.jenis_kelamin, facts.tanggal_lahir) == ("L", dt.date(2005, 4, 12))


def test_malformed_nik() -> None:
    assert pii.nik_facts("12345", dt.date(2026, 1, 1)) is None
    assert pii.nik_facts("3578013213900001", dt.date(2026, 1, 1)) is None  # month 13
    assert pii.nik_facts("0078011203900001", dt.date(2026, 1, 1)) is None  # province 00
    # Other scripts' digits (Arabic-Indic here) are not a NIK: malformed, not a crash.
    arabic = "٣٥٧٨٠١٥٢٠٣٩٠٠٠٠١"
    assert pii.nik_facts(arabic, dt.date(2026, 1, 1)) is None
    assert pii.pmi_key(b"k", arabic, "C1234567", valid_nik=False) == pii.pmi_key(
        b"k", None, "C1234567", valid_nik=False
    )


def test_age_bands() -> None:
    born = dt.date(2000, 6, 15)
    assert pii.age_band(born, dt.date(2020, 6, 14)) == "<20"
    assert pii.age_band(born, dt.date(2020, 6, 15)) == "20-29"
    assert pii.age_band(born, dt.date(2045, 1, 1)) == "40-49"
    assert pii.age_band(born, dt.date(2050, 6, 15)) == "50+"


def test_pmi_key_links_and_hides() -> None:
    key = b"secret"
    a = pii.pmi_key(key, "3578015203900001", "C1234567", True)
    b = pii.pmi_key(key, "3578015203900001", None, True)
    assert a == b  # same worker, another office without passport: same key
    assert "3578015203900001" not in a and len(a) == 64
    assert pii.pmi_key(b"other", "3578015203900001", None, True) != a
    assert pii.pmi_key(key, "12345", "C1234567", False) == pii.pmi_key(
        key, None, pii.normalise_passport("c 1234567"), False
    )
    assert pii.pmi_key(key, None, None, False) is None


def test_rejection_of_a_case_file_quotes_no_cell_value(tmp_path: Path) -> None:
    """A row missing its `Kanal` field shifts every later cell one column left: the name
    lands in `Unit Penanganan` (the office code). The file is rejected, and the reason,
    which reaches the ledger, `marts.file_deliveries` and the logs, names the row and the
    column but withholds the value; an SP2D file's reason still quotes its value."""
    header = (
        "No Aduan;Tanggal Pengaduan;Kanal;Unit Penanganan;Nama PMI;NIK;No Paspor;No HP;"
        "Jenis Kelamin;Negara Penempatan;Jenis Masalah;Status;Tanggal Selesai;"
        "Hasil Penyelesaian;Nilai Hak Dipulihkan;Kode RO Pembiayaan\n"
    )
    shifted = (
        "PGD-2026-000001;05-01-2026;900104;Siti Ma'rifah;3578015203900001;;081234567890;"
        "P;Taiwan;Gaji tidak dibayar;Selesai;25-01-2026;Gaji dibayar;Rp 15.000.000,00;6011.QAH.001\n"
    )
    landing = tmp_path / "landing"
    (landing / "pengaduan").mkdir(parents=True)
    (landing / "pengaduan" / "PENGADUAN_900104_20260131.csv").write_text(header + shifted)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    report = load_feed(con, "pengaduan", landing, b"kunci")
    (error,) = report.rejected.values()
    stored = con.execute("select status, error from raw.file_ledger").fetchone()
    con.close()
    assert stored == ("rejected", error)
    assert "baris 2" in error and "Unit Penanganan" in error and WITHHELD in error
    for secret in ("Siti", "rifah", "3578015203900001", "081234567890"):
        assert secret not in error
    # Files without personal data keep the value: the office needs to see what it sent.
    with values_withheld(False), pytest.raises(ValueProblem, match=r"'12\.34,5x'"):
        parse_money("12.34,5x")
