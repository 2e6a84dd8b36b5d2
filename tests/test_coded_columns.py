"""Coded columns of a case file stay coded: free text (a name typed into `jenis_masalah`)
becomes `Lainnya` before any write, is counted in the ledger, and is found nowhere:
not in the DuckDB file, the logs or the Dagster metadata. The marts' personal-data check
(GX suite over its dbt check model) fails on a value outside the lists planted in a mart.

Real loader, real DuckDB files, real Dagster materialisation, real GX and dbt; the
expected values are written by hand from `sample_data.hostile.case_file_with_names_in_codes`.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from dagster_duckdb import DuckDBResource

from pipelines.core.paths import DBT_PROJECT_DIR
from pipelines.ingest.codes import CODED_COLUMNS, code_key, code_lists
from pipelines.ingest.loader import load_feed
from sample_data import hostile
from tests.check_models import build_models

KEY = b"kunci-uji"
FILE = "PENGADUAN_900199_20260331.csv"
# The sent free text, and the names inside it, one by one.
SENT = [
    *hostile.NAMES_IN_CODES.values(),
    "Sutrisno",
    "Lim Ah Kow",
    "Suryani",
    "Darmaji",
]


def _case_landing(tmp_path: Path) -> Path:
    landing = tmp_path / "landing"
    (landing / "pengaduan").mkdir(parents=True)
    hostile.case_file_with_names_in_codes(landing / "pengaduan" / FILE)
    return landing


def _every_text_value(con: duckdb.DuckDBPyConnection) -> str:
    columns = con.execute(
        "select schema_name, table_name, column_name from duckdb_columns() "
        "where data_type = 'VARCHAR' and not internal"
    ).fetchall()
    values = []
    for schema, table, column in columns:
        rows = con.execute(f'select "{column}" from "{schema}"."{table}"').fetchall()
        values += [str(v) for (v,) in rows if v is not None]
    return "\n".join(values)


def test_free_text_becomes_lainnya_is_counted_and_kept_nowhere(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    db = tmp_path / "work.duckdb"
    con = duckdb.connect(str(db))
    report = load_feed(con, "pengaduan", _case_landing(tmp_path), KEY)
    assert report.loaded == [FILE] and report.rows == 3
    rows = con.execute(
        "select no_aduan, kanal, negara_penempatan, jenis_masalah, hasil "
        "from raw.pengaduan order by no_aduan"
    ).fetchall()
    assert rows == [
        ("PGD-2026-000101", "Lainnya", "Lainnya", "Lainnya", "Lainnya"),
        # Case, spaces and an alias resolve to the list's spelling; an open case has no hasil.
        ("PGD-2026-000102", "Media Sosial", "Hong Kong", "Gaji tidak dibayar", None),
        ("PGD-2026-000103", "Telepon", "Malaysia", "Overstay", None),
    ]
    (counts,) = con.execute("select counts from raw.file_ledger").fetchone()
    assert json.loads(counts) == {
        "hasil_diganti_lainnya": 1,
        "jenis_masalah_diganti_lainnya": 1,
        "kanal_diganti_lainnya": 1,
        "negara_penempatan_diganti_lainnya": 1,
    }
    everything = _every_text_value(con)
    con.close()
    blob = db.read_bytes()
    logged = "\n".join(r.getMessage() for r in caplog.records) + repr(report)
    for text in SENT:
        assert text not in everything
        assert text.encode() not in blob
        assert text not in logged


def test_free_text_is_in_no_dagster_log_or_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipelines.core.resources import RunLock, SettingsResource
    from pipelines.ingest.assets import FEED_ASSETS, file_ledger

    landing = _case_landing(tmp_path)
    # A second case file that is rejected (a bad date): its reason must not quote either.
    bad = (landing / "pengaduan" / FILE).read_text().replace("05-03-2026", "35-03-2026")
    (landing / "pengaduan" / "PENGADUAN_900199_20260430.csv").write_text(bad)
    monkeypatch.setenv("JEJAK_LANDING_DIR", str(landing))
    monkeypatch.setenv("JEJAK_WAREHOUSE", str(tmp_path / "wh" / "jejak.duckdb"))
    monkeypatch.setenv("JEJAK_PII_KEY", KEY.decode())
    instance = dg.DagsterInstance.ephemeral()
    pengaduan = next(a for a in FEED_ASSETS if a.key.path == ["raw", "pengaduan"])
    result = dg.materialize(
        [pengaduan, file_ledger, *[a for a in FEED_ASSETS if a is not pengaduan]],
        selection=[pengaduan.key, file_ledger.key],
        instance=instance,
        resources={
            "settings": (settings := SettingsResource.from_env()),
            "duckdb": DuckDBResource(database=str(tmp_path / "work.duckdb")),
            "run_lock": RunLock(settings=settings, lock_file=str(tmp_path / "run.lock")),
        },
    )
    assert result.success
    events = instance.all_logs(result.run_id)
    text = "\n".join(f"{e.user_message}\n{e.dagster_event!r}" for e in events)
    assert "files_loaded" in text and "ditolak" in text  # the metadata and the rejection
    for sent in SENT:
        assert sent not in text


def test_lists_come_from_the_seeds_and_never_collide() -> None:
    lists = code_lists()
    assert set(lists) == set(CODED_COLUMNS)
    assert len(set(lists["kanal"].values())) == 8
    assert len(set(lists["jenis_masalah"].values())) == 15
    assert len(set(lists["hasil"].values())) == 9
    assert len(set(lists["negara_penempatan"].values())) == 250  # ISO 3166-1 and Lainnya
    for spelling in ("Malaysia", "Taiwan", "Hong Kong", "Arab Saudi", "Korea Selatan"):
        assert lists["negara_penempatan"][code_key(spelling)] == spelling
    for spelling in ("Jepang", "Singapura", "Kamboja", "Brunei Darussalam", "Lainnya"):
        assert lists["negara_penempatan"][code_key(spelling)] == spelling
    # No two canonical names share a key: the key decides nothing by accident.
    import csv

    with (DBT_PROJECT_DIR / "seeds" / "negara_penempatan.csv").open(encoding="utf-8") as f:
        names = [row["nama_negara"] for row in csv.DictReader(f)]
    assert len({code_key(n) for n in names}) == len(names)


# --- the marts' personal-data check ---------------------------------------------------

CASE_OUTCOMES = """
create schema marts;
create table marts.case_outcomes (
    case_key varchar, kdsatker varchar, no_aduan varchar, tgl_aduan date, kanal varchar,
    negara_penempatan varchar, jenis_masalah varchar, status varchar, tgl_selesai date,
    hari_penyelesaian integer, hasil varchar, nilai_hak decimal(18, 2), kode_ro varchar,
    pmi_key varchar, jenis_kelamin varchar, kelompok_umur varchar,
    kode_provinsi_asal varchar, snapshot_date date
);
insert into marts.case_outcomes (case_key, kdsatker, no_aduan, kanal, negara_penempatan,
    jenis_masalah, status, hasil) values
    ('a1', '900199', 'PGD-1', 'Telepon', 'Malaysia', 'Overstay', 'Selesai', 'Dipulangkan'),
    ('a2', '900199', 'PGD-2', 'Email', 'Lainnya', 'Lainnya', 'Diterima', null);
"""
PLANTED = "Suryani Handayani minta dipulangkan"


STRAY = "3578015203900001"  # NIK-shaped, in a table of marts no model builds


def _marts(path: Path, planted: bool) -> Path:
    con = duckdb.connect(str(path))
    con.execute(CASE_OUTCOMES)
    if planted:
        con.execute(
            "insert into marts.case_outcomes (case_key, kdsatker, no_aduan, kanal, "
            "negara_penempatan, jenis_masalah, status, hasil) values "
            "('a3', '900199', 'PGD-3', 'Langsung', 'Negeri Antah', ?, 'Selesai', 'Dipulangkan')",
            [PLANTED],
        )
        # Publishing copies every table of marts: the scan reads them all, not only models.
        con.execute("create table marts.stray_export (nik_pmi varchar, catatan varchar)")
        con.execute("insert into marts.stray_export values (?, 'hubungi 081234567890')", [STRAY])
    con.close()
    return path


@pytest.mark.slow  # builds dbt models twice and runs a GX suite
def test_personal_data_check_fails_on_a_value_outside_the_lists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check model (dbt, over the seeds' lists) counts; the GX suite fails on a count."""
    from pipelines.quality.checks import SUITES, run_suites

    suite = next(s for s in SUITES if s.name == "no_personal_data_in_marts")
    reports = tmp_path / "wh" / "reports"
    models = ["kode_pengaduan", "negara_penempatan", f"chk_{suite.name}"]
    outcomes = {}
    dbt_output = ""
    for name, planted in (("clean", False), ("bad", True)):
        db = _marts(tmp_path / f"{name}.duckdb", planted)
        done = build_models(db, models, tmp_path / f"dbt_{name}")
        dbt_output += done.stdout + done.stderr
        (outcomes[name],) = run_suites([suite], DuckDBResource(database=str(db)), reports).values()
    assert outcomes["clean"].success
    planted = outcomes["bad"]
    assert not planted.success
    failing = {
        (r["tabel"], r["kolom"], r["jenis"], r["jumlah_mirip_pii"]) for r in planted.unexpected
    }
    assert failing == {
        ("case_outcomes", "jenis_masalah", "bukan_kode_daftar", "1"),
        ("case_outcomes", "negara_penempatan", "bukan_kode_daftar", "1"),
        ("stray_export", "nik_pmi", "nik", "1"),
        ("stray_export", "nik_pmi", "nama_kolom_pribadi", "1"),
        ("stray_export", "catatan", "no_hp", "1"),
    }
    # Counts only: the planted values are in no output of dbt and no result GX or the check wrote.
    written = [
        p.read_text(encoding="utf-8", errors="replace") for p in reports.rglob("*") if p.is_file()
    ]
    for value in (PLANTED, "Negeri Antah", STRAY, "081234567890"):
        assert value not in dbt_output
        for text in written:
            assert value not in text
