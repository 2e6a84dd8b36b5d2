"""The scorecard report: right content from the marts, and it really renders and prints in Chromium.

The report is what people look at and print, so a test that only greps the
HTML is not enough: the page is opened in a real headless Chromium, whose DOM
must hold no element that the data smuggled in, and printed to PDF, whose
pages must all be A4 with exactly one page per office after the national
section.

The published file is a small hand-written DuckDB with the contract's columns
and types: one office in each `orientasi` quadrant and each `rapor_vs_hasil`
value, one whose ratios and plan are NULL, one office code missing from the
reference list, one office whose name and untraced lines are markup and
formula text, and an earlier year that must not show.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest
from pypdf import PdfReader

from pipelines.publish.report import (
    build_report,
    format_percent,
    format_rupiah,
    format_rupiah_short,
)

CHROMIUM = Path("/usr/bin/chromium")
THANG = 2026
M = 6
CENT = Decimal("0.01")

SCORECARD_COLUMNS = """
thang integer, kdsatker varchar, nama_satker varchar, bulan_berjalan integer,
pagu decimal(18,2), blokir decimal(18,2), realisasi decimal(18,2), penyerapan_pct decimal(9,2),
realisasi_traced decimal(18,2), realisasi_untraced decimal(18,2), untraced_pct decimal(9,2),
realisasi_tanpa_dipa decimal(18,2), realisasi_dukungan decimal(18,2),
realisasi_langsung decimal(18,2), kasus_diterima integer, kasus_selesai integer,
kasus_selesai_pct decimal(9,2), hak_dipulihkan_rp decimal(18,2), pmi_dipulangkan integer,
biaya_per_kasus_selesai decimal(18,2), rp_hak_per_rp_belanja decimal(9,4),
rasio_serapan decimal(9,4), rasio_hasil decimal(9,4), orientasi varchar
"""
TRACE_COLUMNS = """
thang integer, kdsatker varchar, nama_satker varchar, kode_anggaran varchar, kode_ro varchar,
kdakun varchar, jenis_belanja varchar, uraian varchar, pagu decimal(18,2), blokir decimal(18,2),
realisasi decimal(18,2), indikator_id varchar, porsi_pct decimal(9,2),
realisasi_dialokasikan decimal(18,2), is_traced boolean, ada_di_dipa boolean
"""
MONTH_COLUMNS = """
thang integer, bulan integer, kdsatker varchar, nama_satker varchar, pagu decimal(18,2),
realisasi_bulan decimal(18,2), realisasi_kumulatif decimal(18,2),
penyerapan_kumulatif_pct decimal(9,2), kasus_diterima_bulan integer, kasus_selesai_bulan integer
"""
INDICATOR_COLUMNS = """
thang integer, kdsatker varchar, indikator_id varchar, nama_indikator varchar, tingkat varchar,
satuan varchar, arah varchar, ukuran varchar, nilai decimal(18,2), target decimal(18,4),
target_prorata decimal(18,4), capaian_pct decimal(9,2), realisasi_dialokasikan decimal(18,2),
biaya_per_unit decimal(18,2)
"""
EXECUTION_COLUMNS = """
thang integer, kdsatker varchar, nama_satker varchar, bulan_berjalan integer,
deviasi_rpd_pct decimal(9,2), nilai_deviasi decimal(9,2), triwulan_selesai integer,
nilai_penyerapan decimal(9,2), nilai_capaian_output decimal(9,2), nilai_eksekusi decimal(9,2),
predikat_eksekusi varchar, rasio_hasil decimal(9,4), orientasi varchar, rapor_vs_hasil varchar,
realisasi_perjalanan_rapat_honor decimal(18,2), perjalanan_rapat_honor_pct decimal(9,2),
perjalanan_rapat_honor_per_kasus_selesai decimal(18,2)
"""
EXECUTION_MONTH_COLUMNS = """
thang integer, bulan integer, kdsatker varchar, jenis_belanja varchar,
pagu_efektif decimal(18,2), rencana_bulan decimal(18,2), realisasi_bulan decimal(18,2),
rencana_kumulatif decimal(18,2), realisasi_kumulatif decimal(18,2), deviasi_pct decimal(9,2)
"""
COMPOSITION_COLUMNS = """
thang integer, kdsatker varchar, nama_satker varchar, kelompok_belanja varchar,
realisasi decimal(18,2), porsi_pct decimal(9,2), realisasi_traced decimal(18,2)
"""
REALISASI_LINES_COLUMNS = """
thang integer, bulan integer, kdsatker varchar, no_sp2d varchar, tgl_sp2d date,
kode_anggaran varchar, kode_ro varchar, kdakun varchar, jenis_belanja varchar,
kelompok_belanja varchar, nilai decimal(18,2), jenis_spm varchar, uraian varchar,
ada_di_dipa boolean, is_traced boolean, file_name varchar, baris integer, landed_at timestamp
"""
FILE_DELIVERIES_COLUMNS = """
feed varchar, file_name varchar, kdsatker varchar, thang integer, bulan integer,
landed_at timestamp, loaded_at timestamp, status varchar, "rows" integer, error varchar
"""
DELIVERY_STATUS_COLUMNS = """
thang integer, bulan integer, kdsatker varchar, nama_satker varchar, feed varchar,
tanggal_tenggat date, landed_at timestamp, file_name varchar, jumlah_berkas_ditolak integer,
status varchar, hari_terlambat integer, berlaku_sejak date
"""
NEW_MARTS = (
    "office_execution",
    "execution_month",
    "spending_composition",
    "realisasi_lines",
    "file_deliveries",
    "delivery_status",
)

SCRIPT_NAME = "<script>alert(1)</script> BP3MI"
# Untraced lines of the SCRIPT_NAME office, largest first: text, never markup or a formula.
HOSTILE_URAIAN = [
    '=HYPERLINK("http://x","y")',
    "<img src=x onerror=alert(1)>",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+62 rapat koordinasi",
    "-1 koreksi belanja",
]
HOSTILE_ERROR = "nilai '<script>alert(2)</script>' pada baris 4 kolom 'volume' bukan angka"


@dataclass(frozen=True)
class OfficeSpec:
    """One office of the fixture: the numbers the report must show."""

    kdsatker: str
    nama: str | None
    serapan: str | None
    hasil: str | None
    orientasi: str | None
    untraced: str
    kasus_selesai: int
    # office_execution: deviasi_rpd_pct (None: no RPD), nilai_penyerapan, nilai_capaian_output
    deviasi: str | None
    penyerapan: str
    capaian_output: str
    predikat: str | None
    rapor_vs_hasil: str | None
    perjalanan_rapat_honor: str
    bulan_berjalan: int | None = M


# nilai_eksekusi = (15 × nilai_deviasi + 20 × nilai_penyerapan + 25 × nilai_capaian_output) ÷ 60,
# nilai_deviasi = 100 − max(0, deviasi − 5):
#   900101: (15×100 + 20×95 + 25×95) ÷ 60 = 96,25 Sangat Baik, hasil 1,05 -> rapor baik, hasil nyata
#   900104: (15×97,82 + 20×90 + 25×90) ÷ 60 = 91,955 -> 91,96 Baik, hasil 0,45 -> rapor baik, hasil kosong
#   900111: (15×80 + 20×70 + 25×70) ÷ 60 = 72,50 Cukup, hasil 0,98 -> rapor kurang, hasil nyata
#   900115: (15×60 + 20×60 + 25×70) ÷ 60 = 64,17 Kurang, hasil 0,60 -> perlu pembinaan
#   900116: no RPD -> nilai_deviasi, nilai_eksekusi, predikat and rapor_vs_hasil NULL
#   900120: (15×95 + 20×90 + 25×85) ÷ 60 = 89,17 Baik, hasil 0,30 -> rapor baik, hasil kosong
#   900199: (15×100 + 20×88 + 25×88) ÷ 60 = 91,00 Baik, hasil 0,80 -> perlu pembinaan
OFFICES = [
    OfficeSpec(
        "900101", "BP3MI Aceh", "1.0200", "1.0500", "goal oriented", "0", 40,
        "3.00", "95", "95", "Sangat Baik", "rapor baik, hasil nyata", "450000000",
    ),
    OfficeSpec(
        "900104", "BP3MI Jawa Timur", "1.1500", "0.4500", "target oriented", "812345678.55", 12,
        "7.18", "90", "90", "Baik", "rapor baik, hasil kosong", "1900000000",
    ),
    OfficeSpec(
        "900111", "BP3MI Jawa Barat", "0.6200", "0.9800", "hemat", "95000000", 55,
        "25.00", "70", "70", "Cukup", "rapor kurang, hasil nyata", "300000000",
    ),
    OfficeSpec(
        "900115", "BP3MI Nusa Tenggara Barat", "0.5500", "0.6000", "tertinggal", "1250000000", 8,
        "45.00", "60", "70", "Kurang", "perlu pembinaan", "500000000",
    ),
    OfficeSpec(
        "900116", "BP3MI Nusa Tenggara Timur", "0.9500", None, None, "40000000", 0,
        None, "90", "80", None, None, "200000000",
    ),
    OfficeSpec(
        "900120", SCRIPT_NAME, "0.9800", "0.3000", "target oriented", "350000000", 5,
        "10.00", "90", "85", "Baik", "rapor baik, hasil kosong", "700000000",
    ),
    OfficeSpec(
        "900199", None, "1.0000", "0.8000", "tertinggal", "7500000", 3,
        "4.00", "88", "88", "Baik", "perlu pembinaan", "100000000",
    ),
]  # fmt: skip
PAGU = Decimal("12000000000.00")
BLOKIR = Decimal("1000000000.00")
# realisasi = (pagu − blokir) × rasio_serapan × m/12 = 5.500.000.000 × rasio_serapan:
#   5.610.000.000 + 6.325.000.000 + 3.410.000.000 + 3.025.000.000 + 5.225.000.000
#   + 5.390.000.000 + 5.500.000.000 = 34.485.000.000
TOTAL_REALISASI = "Rp 34.485.000.000"


def _name(o: OfficeSpec) -> str:
    return o.nama or f"Satker {o.kdsatker}"


def _realisasi(o: OfficeSpec) -> Decimal:
    serapan = Decimal(o.serapan) if o.serapan else Decimal(0)
    return ((PAGU - BLOKIR) * serapan * M / 12).quantize(CENT)


def _scorecard_row(o: OfficeSpec, thang: int = THANG) -> dict:
    serapan = Decimal(o.serapan) if o.serapan else None
    realisasi = _realisasi(o)
    hak = Decimal(o.kasus_selesai) * Decimal("15000000")
    return {
        "thang": thang,
        "kdsatker": o.kdsatker,
        "nama_satker": o.nama,
        "bulan_berjalan": o.bulan_berjalan,
        "pagu": PAGU,
        "blokir": BLOKIR,
        "realisasi": realisasi,
        "penyerapan_pct": (realisasi * 100 / (PAGU - BLOKIR)).quantize(CENT),
        "realisasi_untraced": Decimal(o.untraced),
        "untraced_pct": (Decimal(o.untraced) * 100 / realisasi).quantize(CENT),
        "kasus_diterima": o.kasus_selesai + 10,
        "kasus_selesai": o.kasus_selesai,
        "hak_dipulihkan_rp": hak,
        "biaya_per_kasus_selesai": (
            (realisasi / 3 / o.kasus_selesai).quantize(CENT) if o.kasus_selesai else None
        ),
        "rp_hak_per_rp_belanja": (hak / realisasi).quantize(Decimal("0.0001")),
        "rasio_serapan": serapan,
        "rasio_hasil": Decimal(o.hasil) if o.hasil else None,
        "orientasi": o.orientasi,
    }


def _execution_row(o: OfficeSpec) -> dict:
    deviasi = Decimal(o.deviasi) if o.deviasi else None
    nilai_deviasi = 100 - max(Decimal(0), deviasi - 5) if deviasi is not None else None
    penyerapan, capaian = Decimal(o.penyerapan), Decimal(o.capaian_output)
    eksekusi = (
        ((15 * nilai_deviasi + 20 * penyerapan + 25 * capaian) / 60).quantize(
            CENT, rounding=ROUND_HALF_EVEN
        )
        if nilai_deviasi is not None
        else None
    )
    prh = Decimal(o.perjalanan_rapat_honor)
    return {
        "thang": THANG,
        "kdsatker": o.kdsatker,
        "nama_satker": o.nama,
        "bulan_berjalan": o.bulan_berjalan,
        "deviasi_rpd_pct": deviasi,
        "nilai_deviasi": nilai_deviasi,
        "triwulan_selesai": M // 3,
        "nilai_penyerapan": penyerapan,
        "nilai_capaian_output": capaian,
        "nilai_eksekusi": eksekusi,
        "predikat_eksekusi": o.predikat,
        "rasio_hasil": Decimal(o.hasil) if o.hasil else None,
        "orientasi": o.orientasi,
        "rapor_vs_hasil": o.rapor_vs_hasil,
        "realisasi_perjalanan_rapat_honor": prh,
        "perjalanan_rapat_honor_pct": (prh * 100 / _realisasi(o)).quantize(CENT),
        "perjalanan_rapat_honor_per_kasus_selesai": (
            (prh / o.kasus_selesai).quantize(CENT) if o.kasus_selesai else None
        ),
    }


def _insert(con: duckdb.DuckDBPyConnection, table: str, row: dict) -> None:
    cols = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join("?" for _ in row)
    con.execute(f"insert into marts.{table} ({cols}) values ({marks})", list(row.values()))


def _untraced_lines(o: OfficeSpec) -> list[dict]:
    """Split an office's untraced total over up to 7 lines, so only the largest 5 show."""
    total = Decimal(o.untraced)
    if total == 0:
        return []
    n = 7 if total > 100_000_000 else 2
    shares = [Decimal(k) for k in range(n, 0, -1)]
    amounts = [(total * s / sum(shares)).quantize(CENT) for s in shares]
    amounts[0] += total - sum(amounts)
    hostile = o.nama == SCRIPT_NAME
    return [
        {
            "thang": THANG,
            "kdsatker": o.kdsatker,
            "nama_satker": o.nama,
            "kode_anggaran": f"068.01.CB.6011.QAH.{k:03d}.051.A.521211",
            "kode_ro": "CB.6011.QAH",
            "kdakun": "521211",
            "jenis_belanja": "52",
            "uraian": (
                HOSTILE_URAIAN[k - 1]
                if hostile and k <= len(HOSTILE_URAIAN)
                else f"Belanja <rapat> & konsumsi {o.kdsatker} baris {k}"
            ),
            "pagu": amount,
            "blokir": Decimal(0),
            "realisasi": amount,
            "realisasi_dialokasikan": amount,
            "is_traced": False,
            "ada_di_dipa": True,
        }
        for k, amount in enumerate(amounts, 1)
    ]


def _months(o: OfficeSpec, row: dict) -> list[dict]:
    if o.bulan_berjalan is None:
        return []
    out, cum = [], Decimal(0)
    per_month = (row["realisasi"] / o.bulan_berjalan).quantize(CENT)
    for bulan in range(1, o.bulan_berjalan + 1):
        spent = per_month if bulan < o.bulan_berjalan else row["realisasi"] - cum
        cum += spent
        out.append(
            {
                "thang": THANG,
                "bulan": bulan,
                "kdsatker": o.kdsatker,
                "nama_satker": o.nama,
                "pagu": PAGU,
                "realisasi_bulan": spent,
                "realisasi_kumulatif": cum,
                "penyerapan_kumulatif_pct": (cum * 100 / (PAGU - BLOKIR)).quantize(CENT),
                "kasus_diterima_bulan": 3,
                "kasus_selesai_bulan": o.kasus_selesai // o.bulan_berjalan,
            }
        )
    return out


def _execution_months(o: OfficeSpec, months: list[dict]) -> list[dict]:
    """Each month's realisasi split 40/60 over types 51 and 52; the plan 10% over, then 5% under."""
    out = []
    cumulative: dict[str, list[Decimal]] = {"51": [Decimal(0)] * 2, "52": [Decimal(0)] * 2}
    for month in months:
        real_51 = (month["realisasi_bulan"] * Decimal("0.4")).quantize(CENT)
        for jenis, pagu_efektif, real in (
            ("51", Decimal("4400000000.00"), real_51),
            ("52", Decimal("6600000000.00"), month["realisasi_bulan"] - real_51),
        ):
            factor = Decimal("1.10") if month["bulan"] % 2 else Decimal("0.95")
            plan = (real * factor).quantize(CENT) if o.deviasi is not None else None
            cumulative[jenis][1] += real
            if plan is not None:
                cumulative[jenis][0] += plan
            out.append(
                {
                    "thang": THANG,
                    "bulan": month["bulan"],
                    "kdsatker": o.kdsatker,
                    "jenis_belanja": jenis,
                    "pagu_efektif": pagu_efektif,
                    "rencana_bulan": plan,
                    "realisasi_bulan": real,
                    "rencana_kumulatif": cumulative[jenis][0] if plan is not None else None,
                    "realisasi_kumulatif": cumulative[jenis][1],
                    "deviasi_pct": (
                        min(Decimal(100), abs(real - plan) * 100 / plan).quantize(CENT)
                        if plan
                        else None
                    ),
                }
            )
    return out


def _composition(o: OfficeSpec) -> list[dict]:
    """Pegawai 35%, operasional 15%, travel 70% and honoraria 30% of the office's
    realisasi_perjalanan_rapat_honor, the rest direct services."""
    realisasi = _realisasi(o)
    prh = Decimal(o.perjalanan_rapat_honor)
    parts = {
        "pegawai": (realisasi * Decimal("0.35")).quantize(CENT),
        "operasional kantor": (realisasi * Decimal("0.15")).quantize(CENT),
        "perjalanan dan rapat": (prh * Decimal("0.7")).quantize(CENT),
        "honorarium": prh - (prh * Decimal("0.7")).quantize(CENT),
    }
    parts["layanan langsung"] = realisasi - sum(parts.values())
    return [
        {
            "thang": THANG,
            "kdsatker": o.kdsatker,
            "nama_satker": o.nama,
            "kelompok_belanja": group,
            "realisasi": amount,
            "porsi_pct": (amount * 100 / realisasi).quantize(CENT),
            "realisasi_traced": amount if group != "perjalanan dan rapat" else Decimal(0),
        }
        for group, amount in parts.items()
    ]


def _delivery(feed: str, name: str, kd: str, thang, bulan, landed: str, status: str, error=None):
    at = dt.datetime.fromisoformat(landed)
    return {
        "feed": feed,
        "file_name": name,
        "kdsatker": kd,
        "thang": thang,
        "bulan": bulan,
        "landed_at": at,
        "loaded_at": at + dt.timedelta(hours=1),
        "status": status,
        "rows": 0 if status == "rejected" else 120,
        "error": error,
    }


MISSING_NILAI = "kolom wajib 'nilai' tidak ditemukan (judul kolom di baris 1)"
FILE_DELIVERIES = [
    _delivery("sp2d", "SP2D_900104_202601.csv", "900104", THANG, 1, "2026-02-03 02:00", "loaded"),
    # rejected, then corrected by a later accepted delivery of the same month: nothing to send
    _delivery("sp2d", "SP2D_900104_202603.xlsx", "900104", THANG, 3, "2026-04-03 02:00",
              "rejected", "file Excel rusak atau tidak dapat dibuka"),
    _delivery("sp2d", "SP2D_900104_202603_koreksi.csv", "900104", THANG, 3, "2026-04-06 02:00",
              "loaded"),
    # rejected and never replaced: must be sent again
    _delivery("sp2d", "SP2D_900104_202605.csv", "900104", THANG, 5, "2026-06-04 02:00",
              "rejected", MISSING_NILAI),
    _delivery("capaian_ro", "CAPAIAN_900120_202604.xlsx", "900120", THANG, 4, "2026-05-04 02:00",
              "rejected", HOSTILE_ERROR),
    _delivery("sp2d", "SP2D_900115_202604.csv", "900115", THANG, 4, "2026-05-02 02:00",
              "rejected", MISSING_NILAI),
    _delivery("sp2d", "SP2D_900115_202605.csv", "900115", THANG, 5, "2026-06-02 02:00",
              "rejected", "tanggal '31-02-2026' pada baris 17 kolom 'tgl_sp2d' tidak ada di kalender"),
    _delivery("pengaduan", "PENGADUAN_900115_20260531.csv", "900115", None, None,
              "2026-06-01 02:00", "rejected", "kolom wajib 'no_aduan' kosong pada baris 3"),
    # an earlier year's rejection does not show
    _delivery("sp2d", "SP2D_900101_202512.csv", "900101", THANG - 1, 12, "2026-01-05 02:00",
              "rejected", MISSING_NILAI),
]  # fmt: skip


def _status(kd: str, feed: str, bulan: int, status: str, ditolak: int = 0) -> dict:
    return {
        "thang": THANG,
        "bulan": bulan,
        "kdsatker": kd,
        "nama_satker": None,
        "feed": feed,
        "tanggal_tenggat": dt.date(THANG, bulan + 1, 10),
        "landed_at": None,
        "file_name": None,
        "jumlah_berkas_ditolak": ditolak,
        "status": status,
        "hari_terlambat": None if status == "lewat tenggat" else 0,
        "berlaku_sejak": dt.date(THANG, 7, 11),
    }


DELIVERY_STATUS = [
    *(_status("900115", "capaian_ro", b, "lewat tenggat") for b in range(1, M + 1)),
    _status("900104", "sp2d", 5, "lewat tenggat", ditolak=1),
    *(_status("900101", "sp2d", b, "tepat waktu") for b in range(1, M + 1)),
]
# What each sheet must list: 900104 one rejected + one overdue, 900120 one rejected,
# 900115 three rejected + six overdue (five shown, "dan 4 lainnya").
ISSUES = {"900104": 2, "900115": 9, "900120": 1}


def build_published(
    path: Path, offices: list[OfficeSpec] = OFFICES, new_marts: bool = True
) -> Path:
    """A published warehouse as `published/warehouse` writes it: `marts` and `meta`.

    `new_marts=False` is an older warehouse, from before the yardstick and
    delivery marts and the parameter copies in `meta`: the report must still
    render (without guide lines).
    """
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    tables = {
        "office_scorecard": SCORECARD_COLUMNS,
        "untraced_spending": TRACE_COLUMNS,
        "office_month": MONTH_COLUMNS,
        "indicator_achievement": INDICATOR_COLUMNS,
        "office_execution": EXECUTION_COLUMNS,
        "execution_month": EXECUTION_MONTH_COLUMNS,
        "spending_composition": COMPOSITION_COLUMNS,
        "realisasi_lines": REALISASI_LINES_COLUMNS,
        "file_deliveries": FILE_DELIVERIES_COLUMNS,
        "delivery_status": DELIVERY_STATUS_COLUMNS,
    }
    for table, columns in tables.items():
        if new_marts or table not in NEW_MARTS:
            con.execute(f"create table marts.{table} ({columns})")
    for o in offices:
        row = _scorecard_row(o)
        _insert(con, "office_scorecard", row)
        for line in _untraced_lines(o):
            _insert(con, "untraced_spending", line)
        months = _months(o, row)
        for month in months:
            _insert(con, "office_month", month)
        for ind in _indicators(o):
            _insert(con, "indicator_achievement", ind)
        if new_marts:
            _insert(con, "office_execution", _execution_row(o))
            for month in _execution_months(o, months):
                _insert(con, "execution_month", month)
            for group in _composition(o):
                _insert(con, "spending_composition", group)
    if new_marts:
        for delivery in FILE_DELIVERIES:
            _insert(con, "file_deliveries", delivery)
        for status in DELIVERY_STATUS:
            _insert(con, "delivery_status", status)
        # The report does not read realisasi_lines; it is here so the file has every mart.
        _insert(
            con,
            "realisasi_lines",
            {
                "thang": THANG,
                "bulan": 1,
                "kdsatker": "900120",
                "no_sp2d": "260001",
                "tgl_sp2d": dt.date(THANG, 1, 15),
                "kode_anggaran": "068.01.CB.6011.QAH.001.051.A.521211",
                "kode_ro": "CB.6011.QAH",
                "kdakun": "521211",
                "jenis_belanja": "52",
                "kelompok_belanja": "bahan dan persediaan",
                "nilai": Decimal("87500000.00"),
                "jenis_spm": "LS",
                "uraian": HOSTILE_URAIAN[0],
                "ada_di_dipa": True,
                "is_traced": False,
                "file_name": "SP2D_900120_202601.csv",
                "baris": 2,
                "landed_at": dt.datetime(THANG, 2, 3, 2),
            },
        )
    old = OfficeSpec(
        "900122", "BP3MI Kalimantan Timur", "1", "1", "goal oriented", "5", 1,
        "0", "100", "100", "Sangat Baik", "rapor baik, hasil nyata", "0",
    )  # fmt: skip
    _insert(con, "office_scorecard", _scorecard_row(old, thang=THANG - 1))
    con.execute("create schema meta")
    con.execute(
        "create table meta.publication as select 'run-uji'::varchar as run_id, "
        "timestamp '2026-07-03 18:30:00' as published_at"
    )
    if new_marts:
        # The copy of reference.ambang_klasifikasi; the 2030 row is not yet in force.
        con.execute(
            "create table meta.ambang_klasifikasi "
            "(thang_mulai integer, parameter varchar, nilai decimal(9,4))"
        )
        con.executemany(
            "insert into meta.ambang_klasifikasi values (?, ?, ?)",
            [(2024, name, Decimal(value)) for name, value in THRESHOLDS.items()]
            + [(2030, "orientasi_rasio_serapan_min", Decimal("0.5"))],
        )
    con.close()
    return path


THRESHOLDS = {
    "orientasi_rasio_serapan_min": "0.9",
    "orientasi_rasio_hasil_min": "0.9",
    "orientasi_rasio_hasil_di_bawah": "0.7",
    "rasio_hasil_capaian_pct_maks": "120",
    "rapor_vs_hasil_nilai_eksekusi_min": "89",
    "rapor_vs_hasil_rasio_hasil_min": "0.9",
    "rapor_vs_hasil_rasio_hasil_di_bawah": "0.7",
}


def _indicators(o: OfficeSpec) -> list[dict]:
    if o.hasil is None:
        return []
    capaian = Decimal(o.hasil) * 100
    return [
        {
            "thang": THANG,
            "kdsatker": o.kdsatker,
            "indikator_id": ind,
            "nama_indikator": name,
            "tingkat": "outcome",
            "satuan": "%",
            "arah": "naik",
            "ukuran": "kasus_selesai_pct",
            "nilai": capaian,
            "target": Decimal(100),
            "target_prorata": Decimal(100),
            "capaian_pct": capaian,
            "realisasi_dialokasikan": Decimal(0),
        }
        for ind, name in (("IKU-01", "Persentase kasus PMI selesai"), ("IKU-02", "Hak PMI pulih"))
    ]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("laporan")
    db = build_published(root / "jejak_rupiah.duckdb")
    summary = build_report(db, root / "laporan_scorecard.html")
    return summary, summary.path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def old_report(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("laporan_lama")
    db = build_published(root / "jejak_rupiah.duckdb", new_marts=False)
    summary = build_report(db, root / "laporan_scorecard.html")
    return summary, summary.path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- content


def test_formats_are_indonesian() -> None:
    assert format_rupiah(Decimal("1234567890.49")) == "Rp 1.234.567.890"
    assert format_rupiah(Decimal("-1500.50")) == "-Rp 1.501"
    assert format_rupiah_short(Decimal("1250000000")) == "Rp 1,3 M"
    assert format_rupiah_short(Decimal("95000000")) == "Rp 95,0 jt"
    assert format_rupiah_short(Decimal("999960000")) == "Rp 1,0 M"
    assert format_rupiah_short(Decimal("949999")) == "Rp 949.999"
    assert format_rupiah_short(Decimal("7500")) == "Rp 7.500"
    assert format_percent(Decimal("45.67")) == "45,7%"
    assert format_rupiah(None) == "—"


def test_summary_counts_latest_year(report) -> None:
    summary, _ = report
    assert summary.thang == THANG
    assert summary.offices == len(OFFICES)
    assert summary.quadrants == {
        "goal oriented": 1,
        "target oriented": 2,
        "hemat": 1,
        "tertinggal": 2,
        "tanpa orientasi": 1,
    }
    assert summary.rapor_vs_hasil == {
        "rapor baik, hasil kosong": 2,  # 900104, 900120
        "rapor baik, hasil nyata": 1,  # 900101
        "rapor kurang, hasil nyata": 1,  # 900111
        "perlu pembinaan": 2,  # 900115, 900199
        "belum dapat dinilai": 1,  # 900116, no RPD
    }


def test_content_every_office_and_section(report) -> None:
    _, page = report
    assert '<html lang="id">' in page
    for o in OFFICES:
        assert o.kdsatker in page
        assert _escaped(_name(o)) in page
    assert "Kalimantan Timur" not in page  # only the latest year
    for label in ("GOAL ORIENTED", "TARGET ORIENTED", "HEMAT", "TERTINGGAL"):
        assert label in page  # area labels on the scatter chart
    for heading in (
        "Orientasi satker",
        "Rapor vs hasil",
        "Belanja tanpa jejak per satker",
        "Biaya per kasus selesai",
        "Kurva serapan bulanan dan hasil",
        "Capaian indikator outcome",
        "Cara membaca",
    ):
        assert heading in page
    assert "rasio hasil kosong: tidak ada indikator outcome yang bertarget" in page
    assert "4 Juli 2026, pukul 01.30 WIB" in page  # published_at is UTC, shown in WIB
    assert "Rp 1.250.000.000" in page  # full rupiah, Indonesian grouping
    assert "5 terbesar dari 7 baris" in page
    assert "belum ada di gudang data terbitan" not in page  # every mart is there


def test_national_figures_equal_the_marts(report) -> None:
    _, page = report
    assert re.search(r'id="total-realisasi">([^<]*)<', page).group(1) == TOTAL_REALISASI
    # 812.345.678,55 + 95.000.000 + 1.250.000.000 + 40.000.000 + 350.000.000 + 7.500.000
    assert re.search(r'id="total-tanpa-jejak">([^<]*)<', page).group(1) == "Rp 2.554.845.679"
    counts = dict(re.findall(r'<b data-rapor="([^"]+)">(\d+)</b>', page))
    assert counts == {
        "rapor baik, hasil kosong": "2",
        "rapor baik, hasil nyata": "1",
        "rapor kurang, hasil nyata": "1",
        "perlu pembinaan": "2",
        "belum dapat dinilai": "1",
    }
    table = re.search(r'<table id="tabel-rapor">(.*?)</table>', page, re.S).group(1)
    order = re.findall(r'<tr data-kdsatker="(\d+)"', table)
    # 'rapor baik, hasil kosong' first, lowest rasio_hasil first (900120: 0,30; 900104: 0,45),
    # then hasil nyata, rapor kurang, perlu pembinaan (by code), not assessable.
    assert order == ["900120", "900104", "900101", "900111", "900115", "900199", "900116"]
    assert re.findall(r'<tr data-kdsatker="\d+" class="lead">', table) == [
        '<tr data-kdsatker="900120" class="lead">',
        '<tr data-kdsatker="900104" class="lead">',
    ]


def _sheet(page: str, kdsatker: str) -> str:
    found = re.search(
        rf'<section class="sheet" id="lembar-\d+" data-kdsatker="{kdsatker}".*?</section>',
        page,
        re.S,
    )
    assert found, f"no sheet for {kdsatker}"
    return found.group(0)


def test_office_sheets_show_the_yardsticks(report) -> None:
    _, page = report
    sheets = re.findall(r'<section class="sheet" id="lembar-(\d+)" data-kdsatker="(\d+)"', page)
    assert sheets == [(str(n), o.kdsatker) for n, o in enumerate(OFFICES, 1)]

    jatim = _sheet(page, "900104")
    assert "Lembar satker 2 dari 7" in jatim
    assert "rapor baik, hasil kosong" in jatim and "target oriented" in jatim
    assert "91,96" in jatim and "Baik" in jatim  # nilai_eksekusi, predikat
    assert "97,82" in jatim and "(deviasi 7,2%)" in jatim  # nilai_deviasi, deviasi_rpd_pct
    assert "0,45" in jatim  # rasio_hasil
    assert "Rp 1.900.000.000" in jatim  # realisasi_perjalanan_rapat_honor
    assert "30,0%" in jatim  # 1.900.000.000 ÷ 6.325.000.000 = 30,04%
    assert "Rp 158.333.333" in jatim  # 1.900.000.000 ÷ 12 kasus selesai
    assert "SP2D_900104_202605.csv" in jatim and _escaped(MISSING_NILAI) in jatim
    assert "SP2D_900104_202603.xlsx" not in jatim  # corrected by a later accepted file
    assert "Lewat tenggat</b> 10 Juni 2026; 1 berkas ditolak" in jatim
    assert jatim.count("<tr data-issue=") == ISSUES["900104"]
    assert jatim.count("<svg") == 2  # plan vs realisasi, composition

    ntt = _sheet(page, "900116")  # no RPD: NULL deviation score, execution score and verdict
    assert "tidak ada RPD" in ntt
    assert "ada komponen yang kosong" in ntt
    assert "belum dapat dinilai" in ntt
    assert "tidak ada indikator outcome bertarget" in ntt
    assert "belum ada kasus selesai" in ntt

    ntb = _sheet(page, "900115")
    assert ntb.count("<tr data-issue=") == 5
    assert "dan 4 lainnya" in ntb
    assert "Pengaduan" in ntb

    aceh = _sheet(page, "900101")
    assert "Tidak ada belanja tanpa jejak." in aceh
    assert "SP2D_900101_202512.csv" not in aceh  # last year's rejection
    assert "Tidak ada berkas ditolak yang belum diganti" in aceh


FORBIDDEN_TAGS = {"script", "img", "iframe", "object", "embed", "link", "base"}


class _Dom(HTMLParser):
    """Element names, attribute names, links and text of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            self.attributes.add(name)
            if name in {"href", "xlink:href"}:
                self.links.append(value or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _escaped(text: str) -> str:
    """`text` as Jinja's autoescape writes it."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


def test_text_is_escaped_and_nothing_external(report) -> None:
    _, page = report
    assert "Belanja &lt;rapat&gt; &amp; konsumsi" in page
    assert "<rapat>" not in page
    assert _escaped(SCRIPT_NAME) in page
    for text in HOSTILE_URAIAN:
        assert _escaped(text) in page
    parsed = _Dom()
    parsed.feed(page)
    assert not parsed.tags & FORBIDDEN_TAGS
    assert not {a for a in parsed.attributes if a.startswith("on") or a in {"src", "srcset"}}
    assert parsed.links and all(link.startswith("#") for link in parsed.links)
    assert all(u.startswith("url(#") for u in re.findall(r"url\([^)]*\)", page))
    assert "@import" not in page and "@font-face" not in page
    assert "<?xml" not in page and "<!DOCTYPE svg" not in page
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "an id is used twice"


def test_report_is_deterministic(report, tmp_path: Path) -> None:
    summary, page = report
    db = build_published(tmp_path / "lagi.duckdb")
    again = build_report(db, tmp_path / "lagi.html")
    assert again.path.read_text(encoding="utf-8") == page


def test_older_warehouse_without_new_marts(old_report) -> None:
    summary, page = old_report
    assert summary.offices == len(OFFICES)
    assert summary.rapor_vs_hasil == {
        "rapor baik, hasil kosong": 0,
        "rapor baik, hasil nyata": 0,
        "rapor kurang, hasil nyata": 0,
        "perlu pembinaan": 0,
        "belum dapat dinilai": len(OFFICES),
    }
    assert "<code>marts.office_execution</code>, yang belum ada di gudang data terbitan" in page
    assert page.count('<section class="sheet"') == len(OFFICES)
    sheet = _sheet(page, "900104")
    for table in ("execution_month", "spending_composition", "office_execution"):
        assert f"marts.{table} belum ada di gudang data terbitan ini" in sheet
    assert "Tabel marts.file_deliveries dan marts.delivery_status belum ada" in sheet
    assert "data-issue=" not in sheet


def test_guide_lines_come_from_the_published_parameters(report, old_report) -> None:
    """Thresholds are read from `meta` (the seed the marts were classified with), for the
    report's year; a file without them shows the charts without guide lines."""
    _, page = report
    assert (
        "Garis putus-putus adalah ambang rasio serapan 0,9 serta rasio hasil 0,9 dan 0,7." in page
    )
    assert "rasio serapan ≥ 0,9 dan rasio hasil ≥ 0,9" in page
    assert "nilai eksekusi ≥ 89 tetapi rasio hasil &lt; 0,7" in page
    assert "setiap capaian dibatasi 120%" in page
    assert ">serapan 0,9<" in page and ">nilai 89<" in page  # the charts' guide labels
    assert "Ambangnya tidak tercatat" not in page
    _, old = old_report
    assert "Garis putus-putus adalah ambang" not in old and ">serapan 0,9<" not in old
    assert "Ambangnya tidak tercatat di gudang data terbitan ini" in old
    assert "rasio serapan ≥ ambang serapan" in old
    assert 'class="num good"' not in old and 'class="num good"' in page


def test_empty_warehouse_renders(tmp_path: Path) -> None:
    db = tmp_path / "kosong.duckdb"
    duckdb.connect(str(db)).close()  # no marts at all: a publish that never happened
    summary = build_report(db, tmp_path / "kosong.html")
    assert (summary.thang, summary.offices) == (None, 0)
    page = summary.path.read_text(encoding="utf-8")
    assert "Belum ada data kartu kinerja." in page
    assert '<section class="sheet"' not in page


# --------------------------------------------------------------------------- in Chromium


def _chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess:
    if not CHROMIUM.exists():
        pytest.fail(
            "Chromium tidak terpasang (/usr/bin/chromium): jalankan scripts/ensure_chromium.sh"
        )
    cmd = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={tmp / 'profil'}",
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.slow  # headless Chromium
def test_dom_in_headless_chromium_holds_text_not_markup(report, tmp_path: Path) -> None:
    summary, _ = report
    dom = _chromium(tmp_path, "--dump-dom", summary.path.resolve().as_uri()).stdout
    parsed = _Dom()
    parsed.feed(dom)
    assert "svg" in parsed.tags and "section" in parsed.tags
    assert not parsed.tags & FORBIDDEN_TAGS
    assert not {a for a in parsed.attributes if a.startswith("on")}
    text = "".join(parsed.text)
    assert SCRIPT_NAME in text  # shown verbatim, as text
    for uraian in HOSTILE_URAIAN:
        assert uraian in text
    assert HOSTILE_ERROR in text
    assert dom.count("<svg") == 6 + 3 * len(OFFICES)  # national charts, sparklines, sheets
    for o in OFFICES:
        assert _name(o) in text


def _pdf_pages(tmp: Path, html: Path) -> list:
    pdf = tmp / "laporan.pdf"
    _chromium(tmp, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html.resolve().as_uri())
    return PdfReader(pdf).pages


def _assert_a4_and_one_page_per_office(pages: list, offices: list[OfficeSpec]) -> None:
    for k, p in enumerate(pages, 1):
        w, h = float(p.mediabox.width), float(p.mediabox.height)
        assert abs(w - 595) <= 1 and abs(h - 842) <= 1, f"page {k} is {w}×{h} pt, not A4"
    texts = [" ".join(p.extract_text().split()) for p in pages]
    n = len(offices)
    where = []
    for number, o in enumerate(offices, 1):
        marker = f"Lembar satker {number} dari {n}"
        found = [k for k, t in enumerate(texts) if marker in t]
        assert len(found) == 1, f"{marker} on pages {found}"
        assert _name(o) in texts[found[0]]
        where.append(found[0])
    first = len(pages) - n
    assert first >= 1, "no page for the national section"
    assert where == list(range(first, len(pages))), "one page per office, in order, at the end"
    assert "Kartu Kinerja Anggaran dan Hasil BP3MI" in texts[0]
    assert not any("Lembar satker" in t for t in texts[:first])


@pytest.mark.slow  # headless Chromium
def test_prints_a4_with_one_page_per_office(report, tmp_path: Path) -> None:
    summary, _ = report
    pages = _pdf_pages(tmp_path, summary.path)
    _assert_a4_and_one_page_per_office(pages, OFFICES)
    national = " ".join(" ".join(p.extract_text().split()) for p in pages[: -len(OFFICES)])
    assert "Rasio serapan" in national  # chart text is text: the SVG was laid out
    assert "RAPOR BAIK, HASIL KOSONG" in national
    jatim = " ".join(pages[-len(OFFICES) + 1].extract_text().split())
    assert "Realisasi (SP2D)" in jatim and "Rencana (RPD)" in jatim  # the sheet's chart legend


@pytest.mark.slow  # headless Chromium
def test_older_warehouse_prints_one_page_per_office(old_report, tmp_path: Path) -> None:
    summary, _ = old_report
    _assert_a4_and_one_page_per_office(_pdf_pages(tmp_path, summary.path), OFFICES)


# Run by the test only, in a copy of the page: the report itself has no script.
FIT_PROBE = """<script>
var out = [];
document.querySelectorAll('section.sheet').forEach(function (s) {
  out.push(s.getAttribute('data-kdsatker') + ':' + s.scrollHeight + ':' + s.clientHeight);
});
document.body.setAttribute('data-fit', out.join(' '));
</script>"""


@pytest.mark.slow  # headless Chromium
def test_every_sheet_fits_its_page_without_clipping(report, tmp_path: Path) -> None:
    """A sheet is a fixed-height box that hides overflow, so one PDF page per office could
    still hide a clipped list: lay the sheets out with the print rules at the printable
    width of A4 (186 mm = 703 CSS px) and check that no content runs past the box."""
    _, page = report
    assert "@media print {" in page
    probe = tmp_path / "probe.html"
    probe.write_text(
        page.replace("@media print {", "@media all {").replace("</body>", FIT_PROBE + "</body>"),
        encoding="utf-8",
    )
    dom = _chromium(tmp_path, "--window-size=703,1000", "--dump-dom", probe.as_uri()).stdout
    fit = re.search(r'data-fit="([^"]*)"', dom).group(1).split()
    assert [f.split(":")[0] for f in fit] == [o.kdsatker for o in OFFICES]
    for entry in fit:
        kdsatker, content, box = entry.split(":")
        assert int(box) > 1000, "the sheet box is not the A4 page height"
        assert int(content) <= int(box), f"sheet {kdsatker} is clipped: {content} > {box} px"


@pytest.mark.slow  # headless Chromium
def test_screenshot_in_headless_chromium(report, tmp_path: Path) -> None:
    summary, _ = report
    shot = tmp_path / "report.png"
    url = summary.path.resolve().as_uri()
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2400", url)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 60_000
