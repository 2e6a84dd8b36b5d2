"""The scorecard report: right content from the marts, and it really renders in Chromium.

The report is what people look at, so a test that only greps the HTML is not
enough: the page is opened in a real headless Chromium, which must lay out its
SVG charts and show every office. The published file is a small hand-written
DuckDB with the contract's columns: one office in each `orientasi` quadrant,
one whose ratios are NULL, one office code missing from the reference list,
and an earlier year that must not show.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from pipelines.publish.report import (
    build_report,
    format_persen,
    format_rupiah,
    format_rupiah_ringkas,
)

CHROMIUM = Path("/usr/bin/chromium")
THANG = 2026
M = 6

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
    bulan_berjalan: int | None = M


OFFICES = [
    OfficeSpec("900101", "BP3MI Aceh", "1.0200", "1.0500", "goal oriented", "0", 40),
    OfficeSpec(
        "900104", "BP3MI Jawa Timur", "1.1500", "0.4500", "target oriented", "812345678.55", 12
    ),
    OfficeSpec("900111", "BP3MI Jawa Barat", "0.6200", "0.9800", "hemat", "95000000", 55),
    OfficeSpec(
        "900115", "BP3MI Nusa Tenggara Barat", "0.5500", "0.6000", "tertinggal", "1250000000", 8
    ),
    OfficeSpec("900116", "BP3MI Nusa Tenggara Timur", "0.9500", None, None, "40000000", 0),
    OfficeSpec("900199", None, "1.0000", "0.8000", "tertinggal", "7500000", 3),
]
PAGU = Decimal("12000000000.00")
BLOKIR = Decimal("1000000000.00")


def _scorecard_row(o: OfficeSpec, thang: int = THANG) -> dict:
    serapan = Decimal(o.serapan) if o.serapan else None
    realisasi = (PAGU - BLOKIR) * serapan * M / 12 if serapan else Decimal(0)
    realisasi = realisasi.quantize(Decimal("0.01"))
    hak = Decimal(o.kasus_selesai) * Decimal("15000000")
    return {
        "thang": thang,
        "kdsatker": o.kdsatker,
        "nama_satker": o.nama,
        "bulan_berjalan": o.bulan_berjalan,
        "pagu": PAGU,
        "blokir": BLOKIR,
        "realisasi": realisasi,
        "penyerapan_pct": (realisasi * 100 / (PAGU - BLOKIR)).quantize(Decimal("0.01")),
        "realisasi_untraced": Decimal(o.untraced),
        "untraced_pct": (Decimal(o.untraced) * 100 / realisasi).quantize(Decimal("0.01")),
        "kasus_diterima": o.kasus_selesai + 10,
        "kasus_selesai": o.kasus_selesai,
        "hak_dipulihkan_rp": hak,
        "biaya_per_kasus_selesai": (
            (realisasi / 3 / o.kasus_selesai).quantize(Decimal("0.01")) if o.kasus_selesai else None
        ),
        "rp_hak_per_rp_belanja": (hak / realisasi).quantize(Decimal("0.0001")),
        "rasio_serapan": serapan,
        "rasio_hasil": Decimal(o.hasil) if o.hasil else None,
        "orientasi": o.orientasi,
    }


def _insert(con: duckdb.DuckDBPyConnection, table: str, row: dict) -> None:
    cols = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    con.execute(f"insert into marts.{table} ({cols}) values ({marks})", list(row.values()))


def _untraced_lines(o: OfficeSpec) -> list[dict]:
    """Split an office's untraced total over up to 7 lines, so only the largest 5 show."""
    total = Decimal(o.untraced)
    if total == 0:
        return []
    n = 7 if total > 100_000_000 else 2
    shares = [Decimal(k) for k in range(n, 0, -1)]
    amounts = [(total * s / sum(shares)).quantize(Decimal("0.01")) for s in shares]
    amounts[0] += total - sum(amounts)
    return [
        {
            "thang": THANG,
            "kdsatker": o.kdsatker,
            "nama_satker": o.nama,
            "kode_anggaran": f"068.01.CB.6011.QAH.{k:03d}.051.A.521211",
            "kode_ro": "CB.6011.QAH",
            "kdakun": "521211",
            "jenis_belanja": "barang",
            "uraian": f"Belanja <rapat> & konsumsi {o.kdsatker} baris {k}",
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
    per_month = (row["realisasi"] / o.bulan_berjalan).quantize(Decimal("0.01"))
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
                "penyerapan_kumulatif_pct": (cum * 100 / (PAGU - BLOKIR)).quantize(Decimal("0.01")),
                "kasus_diterima_bulan": 3,
                "kasus_selesai_bulan": o.kasus_selesai // o.bulan_berjalan,
            }
        )
    return out


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


def build_published(path: Path, offices: list[OfficeSpec] = OFFICES) -> Path:
    """A published warehouse as `published/warehouse` writes it: `marts` and `meta`."""
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute(f"create table marts.office_scorecard ({SCORECARD_COLUMNS})")
    con.execute(f"create table marts.untraced_spending ({TRACE_COLUMNS})")
    con.execute(f"create table marts.office_month ({MONTH_COLUMNS})")
    con.execute(f"create table marts.indicator_achievement ({INDICATOR_COLUMNS})")
    for o in offices:
        row = _scorecard_row(o)
        _insert(con, "office_scorecard", row)
        for line in _untraced_lines(o):
            _insert(con, "untraced_spending", line)
        for month in _months(o, row):
            _insert(con, "office_month", month)
        for ind in _indicators(o):
            _insert(con, "indicator_achievement", ind)
    old = OfficeSpec("900122", "BP3MI Kalimantan Timur", "1", "1", "goal oriented", "5", 1)
    _insert(con, "office_scorecard", _scorecard_row(old, thang=THANG - 1))
    con.execute("create schema meta")
    con.execute(
        "create table meta.publication as select 'run-uji'::varchar as run_id, "
        "timestamp '2026-07-03 18:30:00' as published_at"
    )
    con.close()
    return path


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("laporan")
    db = build_published(root / "jejak_rupiah.duckdb")
    summary = build_report(db, root / "laporan_scorecard.html")
    return summary, summary.path.read_text(encoding="utf-8")


def test_formats_are_indonesian() -> None:
    assert format_rupiah(Decimal("1234567890.49")) == "Rp 1.234.567.890"
    assert format_rupiah(Decimal("-1500.50")) == "-Rp 1.501"
    assert format_rupiah_ringkas(Decimal("1250000000")) == "Rp 1,3 M"
    assert format_rupiah_ringkas(Decimal("95000000")) == "Rp 95,0 jt"
    assert format_rupiah_ringkas(Decimal("999960000")) == "Rp 1,0 M"
    assert format_rupiah_ringkas(Decimal("949999")) == "Rp 949.999"
    assert format_rupiah_ringkas(Decimal("7500")) == "Rp 7.500"
    assert format_persen(Decimal("45.67")) == "45,7%"


def test_summary_counts_latest_year(report) -> None:
    summary, _ = report
    assert summary.thang == THANG
    assert summary.offices == len(OFFICES)
    assert summary.quadrants == {
        "goal oriented": 1,
        "target oriented": 1,
        "hemat": 1,
        "tertinggal": 2,
        "tanpa orientasi": 1,
    }


def test_content_every_office_and_section(report) -> None:
    _, page = report
    assert '<html lang="id">' in page
    for o in OFFICES:
        assert o.kdsatker in page
        assert (o.nama or f"Satker {o.kdsatker}") in page
    assert "Kalimantan Timur" not in page  # only the latest year
    for label in ("GOAL ORIENTED", "TARGET ORIENTED", "HEMAT", "TERTINGGAL"):
        assert label in page
    for heading in (
        "Orientasi satker",
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


def test_text_is_escaped_and_nothing_external(report) -> None:
    _, page = report
    assert "Belanja &lt;rapat&gt; &amp; konsumsi" in page
    assert "<rapat>" not in page
    assert "http://" not in page and "https://" not in page
    assert re.search(r"\bsrc\s*=", page) is None
    assert "@import" not in page and "@font-face" not in page
    assert set(re.findall(r'href="([^"]*)"', page)) <= {
        "#orientasi",
        "#tanpa-jejak",
        "#efisiensi",
        "#bulanan",
        "#indikator",
    }
    assert "url(" not in page


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
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=True)


def test_renders_in_headless_chromium(report, tmp_path: Path) -> None:
    summary, _ = report
    url = summary.path.resolve().as_uri()
    dom = _chromium(tmp_path, "--dump-dom", url).stdout
    assert "<svg" in dom and dom.count("<svg") >= 5 + len(OFFICES)  # 5 charts + sparklines
    charts = re.search(r'data-grafik-tampil="(\d+)/(\d+)"', dom)
    assert charts, "the page's script did not run"
    assert charts.group(1) == charts.group(2), "a chart has no size in the browser"
    placed = re.findall(r'<g class="titik" data-kdsatker="(\d+)"', dom)
    assert sorted(placed) == sorted(o.kdsatker for o in OFFICES if o.orientasi)
    for o in OFFICES:
        assert o.kdsatker in dom
        assert (o.nama or f"Satker {o.kdsatker}") in dom
        assert f'<g class="batang" data-kdsatker="{o.kdsatker}"' in dom

    shot = tmp_path / "report.png"
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2400", url)
    assert shot.exists()
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 60_000
