"""End to end: the nightly job on the hand-computed fixture (see tests/landing_fixture.py)."""

from __future__ import annotations

import json
import os
from decimal import Decimal

import duckdb
import pytest

from tests.conftest import NightlyRun, run_nightly
from tests.landing_fixture import EXPECTED, PII_VALUES

pytestmark = pytest.mark.slow  # runs the whole nightly job (real dbt, DuckDB, GX) twice

D = Decimal


def _published(nightly: NightlyRun) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(nightly.warehouse), read_only=True)


def test_run_succeeds_and_publishes(nightly: NightlyRun) -> None:
    assert nightly.result.success
    con = _published(nightly)
    tables = {
        t
        for (t,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts'"
        ).fetchall()
    }
    assert tables >= {
        "budget_line_trace",
        "untraced_spending",
        "office_month",
        "indicator_achievement",
        "office_scorecard",
        "case_outcomes",
        "file_deliveries",
    }
    # Only marts and meta are published: raw and intermediate stay in the working file.
    schemas = {
        s for (s,) in con.execute("select distinct schema_name from duckdb_tables()").fetchall()
    }
    assert schemas == {"marts", "meta"}


def test_parameter_seeds_published_in_meta(nightly: NightlyRun) -> None:
    """The dated parameter seeds the marts were computed with travel in `meta`, row for row
    (the report reads its guide lines there instead of restating thresholds)."""
    con = _published(nightly)
    meta = {
        t
        for (t,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'meta'"
        ).fetchall()
    }
    assert {"publication", "tables", "checks", "ambang_klasifikasi", "bobot_eksekusi"} <= meta
    work = duckdb.connect(str(nightly.work_db), read_only=True)
    try:
        seed = work.execute("select * from reference.ambang_klasifikasi order by all").fetchall()
    finally:
        work.close()
    assert con.execute("select * from meta.ambang_klasifikasi order by all").fetchall() == seed
    assert "offices" not in meta  # a reference list, not a dated parameter


def test_rupiah_conserved_and_exact(nightly: NightlyRun) -> None:
    con = _published(nightly)
    rows = dict(
        con.execute(
            "select kdsatker, sum(realisasi_bulan) from marts.office_month group by 1"
        ).fetchall()
    )
    assert rows["900104"] == EXPECTED["realisasi_900104"]
    assert rows["900110"] == EXPECTED["realisasi_900110"]
    types = dict(
        con.execute(
            "select column_name, data_type from duckdb_columns() where schema_name = 'marts' "
            "and table_name = 'budget_line_trace'"
        ).fetchall()
    )
    assert types["realisasi"] == "DECIMAL(18,2)"
    assert types["realisasi_dialokasikan"] == "DECIMAL(18,2)"


def test_office_months(nightly: NightlyRun) -> None:
    con = _published(nightly)
    months = dict(
        con.execute(
            "select bulan, realisasi_bulan from marts.office_month where kdsatker = '900104' "
            "order by bulan"
        ).fetchall()
    )
    # m = 2: March (missing nilai) and April (corrupt) were rejected.
    assert months == EXPECTED["month_900104"]
    cumulative = con.execute(
        "select realisasi_kumulatif from marts.office_month where kdsatker = '900104' and bulan = 2"
    ).fetchone()[0]
    assert cumulative == EXPECTED["realisasi_900104"]


def test_budget_line_trace(nightly: NightlyRun) -> None:
    con = _published(nightly)
    lines = dict(
        con.execute(
            "select kode_anggaran, max(realisasi) from marts.budget_line_trace "
            "where kdsatker = '900104' group by 1"
        ).fetchall()
    )
    assert lines == EXPECTED["line_realisasi_900104"]
    alloc = dict(
        con.execute(
            "select indikator_id, realisasi_dialokasikan from marts.budget_line_trace "
            "where kode_anggaran = 'DL.6011.QAH.001.051.A.524111' and kdsatker = '900104'"
        ).fetchall()
    )
    assert alloc == EXPECTED["allocation_L1"]
    outside = con.execute(
        "select pagu, ada_di_dipa, is_traced, indikator_id from marts.budget_line_trace "
        "where kode_anggaran = 'DL.6012.PBM.001.051.A.524111'"
    ).fetchall()
    assert outside == [(D("0.00"), False, False, None)]


def test_untraced_spending(nightly: NightlyRun) -> None:
    con = _published(nightly)
    rows = con.execute(
        "select kode_anggaran, realisasi from marts.untraced_spending where kdsatker = '900104'"
    ).fetchall()
    # Largest first.
    assert rows == [
        ("WA.6013.EBB.951.001.A.532111", D("5000000.00")),
        ("DL.6012.PBM.001.051.A.524111", D("3000000.00")),
    ]


def test_scorecard(nightly: NightlyRun) -> None:
    con = _published(nightly)
    con.execute("select * from marts.office_scorecard where kdsatker = '900104'")
    cols = [d[0] for d in con.description]
    row = dict(zip(cols, con.fetchone(), strict=True))
    assert row["bulan_berjalan"] == 2
    assert row["pagu"] == EXPECTED["pagu_900104"]
    assert row["blokir"] == EXPECTED["blokir_900104"]
    assert row["realisasi"] == EXPECTED["realisasi_900104"]
    assert row["realisasi_traced"] == EXPECTED["traced_900104"]
    assert row["realisasi_untraced"] == EXPECTED["untraced_900104"]
    assert row["realisasi_tanpa_dipa"] == EXPECTED["tanpa_dipa_900104"]
    # realisasi_dukungan: L2 fully to DK-01; realisasi_langsung: L1 to PL-01 + PL-02.
    assert row["realisasi_dukungan"] == D("10000000.00")
    assert row["realisasi_langsung"] == D("53999999.51")
    # 71.999.999,51 / 180.000.000,00 x 100 = 39,99999972 -> 40,00
    assert row["penyerapan_pct"] == D("40.00")
    # 8.000.000,00 / 71.999.999,51 x 100 = 11,1111111... -> 11,11
    assert row["untraced_pct"] == D("11.11")
    assert (row["kasus_diterima"], row["kasus_selesai"]) == (4, 2)
    assert row["kasus_selesai_pct"] == D("50.00")
    assert row["hak_dipulihkan_rp"] == D("15000000.00")
    assert row["pmi_dipulangkan"] == 1
    # outcome-allocated 53.999.999,51 / 2 resolved cases = 26.999.999,755 -> 26.999.999,76
    assert row["biaya_per_kasus_selesai"] == D("26999999.76")
    # 15.000.000 / 71.999.999,51 = 0,2083333...
    assert row["rp_hak_per_rp_belanja"] == D("0.2083")
    # 40 / (100 x 2 / 12) = 2,4
    assert row["rasio_serapan"] == D("2.4000")
    # PL-01 50/80 = 62,5 %; PL-02 15 jt / (120 jt x 2/12 = 20 jt) = 75 %; PL-04 turun 30/25 = 120 %
    # mean(0,625; 0,75; 1,2) = 0,858333 -> 0,8583; serapan >= 0,9 but hasil in [0,7; 0,9): tertinggal
    assert row["rasio_hasil"] == D("0.8583")
    assert row["orientasi"] == "tertinggal"


def test_office_without_dipa(nightly: NightlyRun) -> None:
    con = _published(nightly)
    row = con.execute(
        "select pagu, realisasi, penyerapan_pct, realisasi_traced from marts.office_scorecard "
        "where kdsatker = '900110'"
    ).fetchone()
    assert row == (D("0.00"), D("1000000.00"), None, D("1000000.00"))


def test_indicator_achievement(nightly: NightlyRun) -> None:
    con = _published(nightly)
    rows = {
        r[0]: r[1:]
        for r in con.execute(
            "select indikator_id, nilai, target_prorata, capaian_pct from marts.indicator_achievement "
            "where kdsatker = '900104'"
        ).fetchall()
    }
    assert rows["PL-01"] == (D("50.00"), D("80"), D("62.50"))
    assert rows["PL-02"][0] == D("15000000.00")
    assert rows["PL-02"][1] == D("20000000")
    assert rows["PL-02"][2] == D("75.00")
    assert rows["PL-04"] == (D("25.00"), D("30"), D("120.00"))
    # OP-02: 100 + 50 = 150 against 600 x 2/12 = 100
    assert rows["OP-02"][0] == D("150.00")
    assert rows["OP-02"][2] == D("150.00")


def test_cases_pseudonymised(nightly: NightlyRun) -> None:
    con = _published(nightly)
    rows = {
        r[0]: r[1:]
        for r in con.execute(
            "select no_aduan, status, hari_penyelesaian, jenis_kelamin, kelompok_umur, "
            "kode_provinsi_asal, pmi_key is not null from marts.case_outcomes "
            "where kdsatker = '900104'"
        ).fetchall()
    }
    assert rows["PGD-2026-000001"] == ("Selesai", 20, "P", "30-39", "35", True)
    assert rows["PGD-2026-000002"] == ("Selesai", 30, "L", None, None, True)
    assert rows["PGD-2026-000003"] == ("Dalam Proses", None, "P", None, None, False)
    assert len(rows) == 5  # the latest snapshot, including the 2025 case


def test_file_deliveries(nightly: NightlyRun) -> None:
    con = _published(nightly)
    status = dict(con.execute("select file_name, status from marts.file_deliveries").fetchall())
    assert status["SP2D_900104_202602.xlsx"] == "superseded"
    assert status["SP2D_900104_202602_koreksi.csv"] == "loaded"
    assert status["SP2D_900104_202603.csv"] == "rejected"
    assert status["SP2D_900104_202604.xlsx"] == "rejected"
    assert status["PENGADUAN_900104_20260131.csv"] == "superseded"
    assert status["DIPA_900104_2026_rev00.csv"] == "loaded"  # history revision, not superseded
    error = con.execute(
        "select error from marts.file_deliveries where file_name = 'SP2D_900104_202603.csv'"
    ).fetchone()[0]
    assert "kolom wajib 'nilai' tidak ditemukan" in error


def test_no_personal_data_anywhere(nightly: NightlyRun) -> None:
    for path in (nightly.warehouse, nightly.work_db):
        con = duckdb.connect(str(path), read_only=True)
        columns = con.execute(
            "select schema_name, table_name, column_name from duckdb_columns() "
            "where data_type = 'VARCHAR' and not internal"
        ).fetchall()
        for schema, table, column in columns:
            for value in PII_VALUES:
                hits = con.execute(
                    f'select count(*) from "{schema}"."{table}" where contains("{column}", ?)',
                    [value],
                ).fetchone()[0]
                assert hits == 0, f"{value} found in {schema}.{table}.{column}"
        con.close()
        blob = path.read_bytes()
        for value in PII_VALUES:
            assert value.encode() not in blob


def test_no_personal_data_in_logs_metadata_or_reports(nightly: NightlyRun) -> None:
    # Every event of the run: log lines, materialisation and check metadata.
    events = nightly.instance.all_logs(nightly.result.run_id)
    assert events
    text = "\n".join(f"{e.user_message}\n{e.dagster_event!r}" for e in events)
    for value in PII_VALUES:
        assert value not in text
    # Everything written beside the warehouse: GX Data Docs, check JSON, the report.
    files = [p for p in nightly.warehouse.parent.rglob("*") if p.is_file()]
    assert any(p.name == "index.html" for p in files)
    for path in files:
        if path.suffix in {".html", ".json", ".yml", ".md", ".txt"}:
            content = path.read_text(encoding="utf-8", errors="replace")
            for value in PII_VALUES:
                assert value not in content, (value, path)


def test_checks_report(nightly: NightlyRun) -> None:
    from pipelines.quality.checks import STEP_NAME, SUITES

    evaluations = {e.check_name: e for e in nightly.result.get_asset_check_evaluations()}
    # Every suite, evaluated in one step (one GX context, one Data Docs build).
    assert {s.name for s in SUITES} <= set(evaluations)
    started = [e.step_key for e in nightly.result.all_events if e.is_step_start]
    assert started.count(STEP_NAME) == 1
    assert not [k for k in started if any(k.endswith(s.name) for s in SUITES)]
    assert evaluations["realisasi_conserved_per_office_month"].passed
    assert evaluations["allocation_sums_to_realisasi"].passed
    assert evaluations["no_personal_data_in_marts"].passed
    assert evaluations["pmi_key_is_keyed_hash"].passed
    traced = evaluations["realisasi_traced_to_outcome"]
    assert not traced.passed
    assert traced.metadata["unexpected_amount_rp"].value == "8000000.00"
    # The failing rows travel as a table (whitelisted columns, exact rupiah), not Markdown.
    table = traced.metadata["unexpected"]
    assert [c.name for c in table.schema.columns] == [
        "thang", "kdsatker", "kode_anggaran", "kode_ro", "realisasi",
    ]  # fmt: skip
    assert sum(D(r.data["realisasi"]) for r in table.records) == D("8000000.00")
    assert not evaluations["sp2d_lines_in_dipa"].passed
    assert not evaluations["mapping_shares_sum_to_100"].passed
    report = json.loads(
        (nightly.warehouse.parent / "reports" / "checks" / "sp2d_lines_in_dipa.json").read_text()
    )
    # X (3.000.000,00) of 900104 plus the 1.000.000,00 of 900110, which has no DIPA at all.
    assert report["unexpected_amount"] == "4000000.00"


def test_gx_stores_no_cell_values(nightly: NightlyRun) -> None:
    """GX's own results and Data Docs count and locate failing rows but hold no values:
    its JSON would turn rupiah into floats, and a failing pmi_key check would store the
    identifier it caught. The values are listed by the bridge (metadata, checks/*.json)."""
    stored = list((nightly.warehouse.parent / "reports" / "gx").rglob("validations/**/*.json"))
    results = [
        r
        for path in stored
        for run in [json.loads(path.read_text())]
        for r in run["results"]
        if not r["success"]
    ]
    # sp2d_lines_in_dipa fails on the 2 lines outside the DIPA (X of 900104, 900110's line).
    assert sum(r["result"].get("unexpected_count", 0) for r in results) >= 2
    for r in results:
        assert "unexpected_list" not in r["result"]
        assert "partial_unexpected_list" not in r["result"]
        assert "partial_unexpected_counts" not in r["result"]


def test_histories_stay_queryable(nightly: NightlyRun) -> None:
    con = _published(nightly)
    history = con.execute(
        "select snapshot_date::varchar, status, status_sebelumnya from marts.case_status_history "
        "where no_aduan = 'PGD-2026-000002' order by snapshot_date"
    ).fetchall()
    assert history == [
        ("2026-01-31", "Dalam Proses", None),
        ("2026-02-28", "Selesai", "Dalam Proses"),
    ]
    revisions = con.execute(
        "select revisi, pagu, blokir, is_berlaku from marts.dipa_revisions "
        "where kode_anggaran = 'DL.6011.QAH.001.051.A.524111' order by revisi"
    ).fetchall()
    assert revisions == [
        (0, D("100000000.00"), D("0.00"), False),
        (1, D("120000000.00"), D("10000000.00"), True),
    ]


def test_second_run_changes_nothing(nightly: NightlyRun) -> None:
    def snapshot() -> list[tuple]:
        con = _published(nightly)
        out = []
        for (table,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts' order by 1"
        ).fetchall():
            out.append((table, con.execute(f"select * from marts.{table} order by all").fetchall()))
        con.close()
        return out

    before = snapshot()
    work = duckdb.connect(str(nightly.work_db), read_only=True)
    ledger_before = work.execute("select count(*) from raw.file_ledger").fetchone()[0]
    raw_before = work.execute("select count(*) from raw.sp2d").fetchone()[0]
    work.close()
    again = run_nightly(nightly.landing, nightly.warehouse, nightly.instance)
    assert again.result.success
    work = duckdb.connect(str(nightly.work_db), read_only=True)
    assert work.execute("select count(*) from raw.file_ledger").fetchone()[0] == ledger_before
    assert work.execute("select count(*) from raw.sp2d").fetchone()[0] == raw_before
    work.close()
    after = snapshot()
    # loaded_at is the time a file was processed: unchanged, since nothing was reloaded.
    assert after == before


def test_edge_cases_of_the_contract(nightly: NightlyRun) -> None:
    con = _published(nightly)
    rows = {
        r[0]: r[1:]
        for r in con.execute(
            "select indikator_id, target, capaian_pct, realisasi_dialokasikan, biaya_per_unit "
            "from marts.indicator_achievement where kdsatker = '900104'"
        ).fetchall()
    }
    # A target but no spending: PL-04 (the office override maps 6011.QAH.001 to PL-01/PL-02 only).
    assert rows["PL-04"][0] == D("30") and rows["PL-04"][2] == D("0.00")
    # Spending but no target: DK-01 gets L2's 10.000.000,00; no target, no capaian, no measure.
    assert rows["DK-01"] == (None, None, D("10000000.00"), None)
    # PL-02 is cumulative (Rp): 21.599.999,80 / 15.000.000,00 = 1,44 rupiah per rupiah recovered.
    assert rows["PL-02"][3] == D("1.44")
    # An office with SP2D but no DIPA and no cases: zero denominators give NULL.
    office = con.execute(
        "select kasus_diterima, kasus_selesai, kasus_selesai_pct, biaya_per_kasus_selesai, "
        "rasio_serapan, orientasi from marts.office_scorecard where kdsatker = '900110'"
    ).fetchone()
    assert office == (0, 0, None, None, None, None)


def test_dbt_unit_tests_pass_on_duckdb(nightly: NightlyRun, tmp_path) -> None:
    """The nightly build skips dbt's unit tests (they test SQL, not data); CI runs them here,
    on the DuckDB file the fixture night built (unit tests read its column types)."""
    import subprocess

    from pipelines.core.paths import DBT_PROJECT_DIR
    from pipelines.transform.project import DBT_EXECUTABLE

    env = {**os.environ, "JEJAK_WORK_DB": str(nightly.work_db), "JEJAK_DBT_TARGET": "duckdb"}
    proc = subprocess.run(
        [DBT_EXECUTABLE, "test", "--select", "test_type:unit", "--project-dir",
         str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
         "--target-path", str(tmp_path / "target")],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-3000:]
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    declared = len(manifest["unit_tests"])
    assert declared >= 21  # 21 written in the models' .yml files
    # Every declared unit test ran and passed: none skipped, none erroring.
    assert f"PASS={declared} " in proc.stdout and "ERROR=0 " in proc.stdout
