"""The Yardsticks marts on the hand-computed fixture (see tests/landing_fixture.py).

Every expected number is worked out in the fixture's docstring: the plan in
force of 900104 (a January plan in the long layout, an April update in the
wide layout whose January-March values must be ignored), the month-by-month
deviation, the capped output score, the spending that leaves photos,
receipts and reports, and an office without a plan (NULL, not 0).
"""

from __future__ import annotations

import json
from decimal import Decimal

import duckdb
import pytest

from tests.conftest import NightlyRun
from tests.landing_fixture import EXPECTED

pytestmark = pytest.mark.slow  # runs the whole nightly job on the fixture

D = Decimal


def _published(nightly: NightlyRun) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(nightly.warehouse), read_only=True)


def test_rpd_deliveries_load_and_count_ignored_months(nightly: NightlyRun) -> None:
    work = duckdb.connect(str(nightly.work_db), read_only=True)
    ledger = {
        name: (status, bulan, rows, counts)
        for name, status, bulan, rows, counts in work.execute(
            "select file_name, status, bulan, row_count, counts from raw.file_ledger "
            "where feed = 'rpd'"
        ).fetchall()
    }
    work.close()
    # 12 months of 52 + 11 of 53 (no February row); the update: 9 months x 2 types.
    assert ledger["RPD_900104_2026.csv"][:3] == ("loaded", 1, 23)
    assert ledger["RPD_900104_2026.csv"][3] is None
    assert ledger["RPD_900104_2026_revisi.xlsx"][:3] == ("loaded", 4, 18)
    assert json.loads(ledger["RPD_900104_2026_revisi.xlsx"][3]) == {
        "rencana_sebelum_berlaku_mulai": 6
    }


def test_execution_month(nightly: NightlyRun) -> None:
    con = _published(nightly)
    rows = con.execute(
        "select kdsatker, bulan, jenis_belanja, pagu_efektif, rencana_bulan, realisasi_bulan, "
        "rencana_kumulatif, realisasi_kumulatif, deviasi_pct from marts.execution_month "
        "order by all"
    ).fetchall()
    assert rows == [
        ("900104", 1, "52", D("160000000.00"), D("40000000.00"), D("38999999.50"),
         D("40000000.00"), D("38999999.50"), D("2.50")),
        ("900104", 1, "53", D("20000000.00"), D("4000000.00"), D("5000000.00"),
         D("4000000.00"), D("5000000.00"), D("25.00")),
        ("900104", 2, "52", D("160000000.00"), D("30000000.00"), D("28000000.01"),
         D("70000000.00"), D("66999999.51"), D("6.67")),
        ("900104", 2, "53", D("20000000.00"), D("0.00"), D("0.00"),
         D("4000000.00"), D("5000000.00"), D("0.00")),
        # No DIPA and no plan: pagu_efektif 0, plan and deviation NULL.
        ("900110", 1, "52", D("0.00"), None, D("1000000.00"), None, D("1000000.00"), None),
    ]  # fmt: skip


def test_office_execution(nightly: NightlyRun) -> None:
    con = _published(nightly)
    row = con.execute(
        "select bulan_berjalan, deviasi_rpd_pct, nilai_deviasi, triwulan_selesai, "
        "nilai_penyerapan, nilai_capaian_output, nilai_eksekusi, predikat_eksekusi, "
        "rapor_vs_hasil, realisasi_perjalanan_rapat_honor, perjalanan_rapat_honor_pct, "
        "perjalanan_rapat_honor_per_kasus_selesai from marts.office_execution "
        "where kdsatker = '900104'"
    ).fetchone()
    assert row == (
        2, D("5.46"), D("99.54"), 0, None, D("100.00"), None, None, None,
        D("56999999.51"), D("79.17"), D("28499999.76"),
    )  # fmt: skip
    # The same rows as the scorecard; an office without a plan has NULL, not 0.
    same_rows = con.execute(
        "select count(*) from marts.office_execution e full outer join marts.office_scorecard s "
        "using (thang, kdsatker) where e.kdsatker is null or s.kdsatker is null"
    ).fetchone()[0]
    assert same_rows == 0
    no_plan = con.execute(
        "select deviasi_rpd_pct, nilai_deviasi, nilai_eksekusi from marts.office_execution "
        "where kdsatker = '900110'"
    ).fetchone()
    assert no_plan == (None, None, None)


def test_spending_composition(nightly: NightlyRun) -> None:
    con = _published(nightly)
    rows = con.execute(
        "select kdsatker, kelompok_belanja, realisasi, porsi_pct, realisasi_traced "
        "from marts.spending_composition order by all"
    ).fetchall()
    assert rows == [
        # 532111 (L3, RO 6013.EBB.951 unmapped): modal, untraced.
        ("900104", "modal", D("5000000.00"), D("6.94"), D("0.00")),
        # 521111 (L2, traced to DK-01): prefix 5211.
        ("900104", "operasional kantor", D("10000000.00"), D("13.89"), D("10000000.00")),
        # 524111: L1 (traced) + X (not in DIPA, RO mapped to 80 %: untraced).
        ("900104", "perjalanan dan rapat", D("56999999.51"), D("79.17"), D("53999999.51")),
        ("900110", "operasional kantor", D("1000000.00"), D("100.00"), D("1000000.00")),
    ]


def test_realisasi_lines_lead_back_to_file_and_row(nightly: NightlyRun) -> None:
    con = _published(nightly)
    totals = dict(
        con.execute("select kdsatker, sum(nilai) from marts.realisasi_lines group by 1").fetchall()
    )
    assert totals == {
        "900104": EXPECTED["realisasi_900104"],
        "900110": EXPECTED["realisasi_900110"],
    }
    february = con.execute(
        "select no_sp2d, kode_anggaran, nilai, kelompok_belanja, ada_di_dipa, is_traced, "
        "file_name, baris from marts.realisasi_lines where kdsatker = '900104' and bulan = 2 "
        "order by baris"
    ).fetchall()
    # The correction replaced the xlsx: its two rows, as numbered in that csv.
    assert february == [
        ("260000000000010", "DL.6011.QAH.001.051.A.524111", D("25000000.01"),
         "perjalanan dan rapat", True, True, "SP2D_900104_202602_koreksi.csv", 2),
        ("260000000000011", "DL.6012.PBM.001.051.A.524111", D("3000000.00"),
         "perjalanan dan rapat", False, False, "SP2D_900104_202602_koreksi.csv", 3),
    ]  # fmt: skip


def test_yardstick_checks(nightly: NightlyRun) -> None:
    evaluations = {e.check_name: e for e in nightly.result.get_asset_check_evaluations()}
    assert evaluations["realisasi_lines_sum_to_office_month"].passed
    lainnya = evaluations["realisasi_lainnya_by_account"]
    assert lainnya.passed  # every fixture account has a group
    plan = evaluations["rpd_plan_matches_pagu"]
    assert not plan.passed  # a warning: the night still published
    report = json.loads(
        (nightly.warehouse.parent / "reports" / "checks" / "rpd_plan_matches_pagu.json").read_text()
    )
    assert report["unexpected_sample"] == [
        {
            "thang": "2026",
            "kdsatker": "900104",
            "rencana_tahun": "207000000.00",
            "pagu_efektif": "180000000.00",
            "selisih": "27000000.00",
            "selisih_pct": "15.0",
        }
    ]
