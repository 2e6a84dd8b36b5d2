"""Every file of tests/corpus loads to its expected rows, or is rejected with its expected words.

The expectations in tests/corpus/expected.json were written by hand from the
files (see tests/corpus/build_corpus.py); nothing is copied from the loader.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipelines.ingest.feeds import FEEDS
from pipelines.ingest.loader import ensure_raw_schema, load_feed

CORPUS = Path(__file__).parent / "corpus"
EXPECTED: dict[str, dict[str, Any]] = json.loads((CORPUS / "expected.json").read_text())


def _load(case: str) -> tuple[duckdb.DuckDBPyConnection, str]:
    con = duckdb.connect(":memory:")
    feeds = [p.name for p in (CORPUS / case).iterdir() if p.is_dir()]
    assert len(feeds) == 1, case
    load_feed(con, feeds[0], CORPUS / case, b"corpus-key")
    return con, feeds[0]


def _rows(con: duckdb.DuckDBPyConnection, feed: str) -> list[dict[str, Any]]:
    cur = con.execute(f"select * from raw.{feed} order by _row_number")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def _same(actual: Any, expected: Any) -> bool:
    return expected is None and actual is None or str(actual) == str(expected)


def test_every_case_has_files() -> None:
    cases = {p.name for p in CORPUS.iterdir() if p.is_dir()}
    assert cases == set(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_corpus_case(case: str) -> None:
    expected = EXPECTED[case]
    con, feed = _load(case)
    status, row_count, amount, error = con.execute(
        "select status, row_count, amount_total, error from raw.file_ledger"
    ).fetchone()
    assert status == expected["status"], error
    if status == "rejected":
        assert expected["error"] in error
        assert con.execute(f"select count(*) from raw.{feed}").fetchone()[0] == 0
        return
    rows = _rows(con, feed)
    assert row_count == expected["rows"] == len(rows)
    for column, want in expected.get("ledger", {}).items():
        (got,) = con.execute(f"select {column} from raw.file_ledger").fetchone()
        if column == "counts":  # a JSON object of tallies, or NULL when nothing was counted
            got = json.loads(got) if got is not None else None
            assert got == want, (column, got, want)
        else:
            assert _same(got, want), (column, got, want)
    if "amount_total" in expected:
        assert str(amount) == expected["amount_total"]
    checks: list[tuple[dict[str, Any], dict[str, Any]]] = []
    if "row" in expected:
        checks.append((rows[0], expected["row"]))
    for key_name, column in (("rows_by_no_sp2d", "no_sp2d"), ("rows_by_no_aduan", "no_aduan")):
        for key, want in expected.get(key_name, {}).items():
            checks.append((next(r for r in rows if r[column] == key), want))
    for key, want in expected.get("rows_by_indikator_scope", {}).items():
        scope, indikator = key.split("|")
        row = next(r for r in rows if r["kdsatker"] == scope and r["indikator_id"] == indikator)
        checks.append((row, want))
    plan = {f"{r['jenis_belanja']}|{r['bulan']}": r for r in rows} if feed == "rpd" else {}
    for key, want in expected.get("rows_by_jenis_bulan", {}).items():
        checks.append((plan[key], want))
    for key in expected.get("absent_jenis_bulan", []):
        assert key not in plan, key
    for row, want in checks:
        for column, value in want.items():
            assert _same(row[column], value), (column, row[column], value)
    assert all(r["_source_file"].startswith(f"{feed}/") for r in rows)


def test_pengaduan_keeps_no_identifier_columns() -> None:
    con, _ = _load("pengaduan_csv_cp1252_personal_data")
    columns = {
        c
        for (c,) in con.execute(
            "select column_name from duckdb_columns() where table_name = 'pengaduan'"
        ).fetchall()
    }
    assert not columns & {"nama_pmi", "nik", "no_paspor", "no_hp"}
    dump = str(_rows(con, "pengaduan"))
    for value in ("Fauzi", "3578011203900001", "B7654321", "081234567890", "628111222333"):
        assert value not in dump


def test_without_key_case_files_are_refused_not_recorded(tmp_path: Path) -> None:
    con = duckdb.connect(":memory:")
    report = load_feed(con, "pengaduan", CORPUS / "pengaduan_csv_cp1252_personal_data", None)
    assert report.refused == ["PENGADUAN_900104_20260331.csv"]
    assert con.execute("select count(*) from raw.file_ledger").fetchone()[0] == 0
    assert con.execute("select count(*) from raw.pengaduan").fetchone()[0] == 0


def test_corrected_delivery_loads_after_rejection(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    (landing / "sp2d").mkdir(parents=True)
    bad = CORPUS / "reject_unparseable_money" / "sp2d" / "SP2D_900104_202603.csv"
    (landing / "sp2d" / bad.name).write_bytes(bad.read_bytes())
    con = duckdb.connect(":memory:")
    first = load_feed(con, "sp2d", landing, b"k")
    assert list(first.rejected) == [bad.name]
    again = load_feed(con, "sp2d", landing, b"k")
    assert again.already_loaded == 1 and not again.rejected  # not re-examined every night
    fixed = bad.read_text().replace("12.34,5x", "12.345,50")
    (landing / "sp2d" / "SP2D_900104_202603_koreksi.csv").write_text(fixed)
    third = load_feed(con, "sp2d", landing, b"k")
    assert third.loaded == ["SP2D_900104_202603_koreksi.csv"]
    assert third.amount_total == __import__("decimal").Decimal("12345.50")
    assert bad.exists()  # the rejected file is kept where it was


def test_feeds_cover_the_spec() -> None:
    assert set(FEEDS) == {
        "dipa",
        "sp2d",
        "capaian_ro",
        "pengaduan",
        "peta_hasil",
        "indikator",
        "rpd",
    }


def test_raw_rpd_keeps_the_staging_contract() -> None:
    """dbt staging is written against exactly these columns and types."""
    con = duckdb.connect(":memory:")
    ensure_raw_schema(con)
    columns = con.execute(
        "select column_name, data_type from duckdb_columns() "
        "where schema_name = 'raw' and table_name = 'rpd' order by column_index"
    ).fetchall()
    assert columns == [
        ("thang", "INTEGER"),
        ("kdsatker", "VARCHAR"),
        ("berlaku_mulai", "INTEGER"),
        ("jenis_belanja", "VARCHAR"),
        ("bulan", "INTEGER"),
        ("rencana", "DECIMAL(18,2)"),
        ("_file_id", "VARCHAR"),
        ("_file_hash", "VARCHAR"),
        ("_source_file", "VARCHAR"),
        ("_row_number", "INTEGER"),
    ]


def test_rpd_wide_xlsx_row_total_column_is_not_rencana() -> None:
    """The wide file's `Jumlah` column (138.000.000 on the Pegawai row) is never stored."""
    con, _ = _load("rpd_xlsx_wide_title_rows_short_months_berlaku_mulai")
    pegawai = con.execute(
        "select bulan, rencana from raw.rpd where jenis_belanja = '51' order by bulan"
    ).fetchall()
    assert pegawai == [(m, Decimal("12000000.00")) for m in range(4, 13)]
