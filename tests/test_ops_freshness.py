"""The SP2D freshness check lists overdue offices and months, and only warns."""

import datetime as dt
from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from pipelines.ops.freshness import (
    DELIVERY_STATUS_KEY,
    sp2d_delivered_on_time,
    status_period_start,
)

COLUMNS = (
    "thang integer, bulan integer, kdsatker varchar, nama_satker varchar, feed varchar, "
    "tanggal_tenggat date, landed_at timestamp, file_name varchar, "
    "jumlah_berkas_ditolak integer, status varchar, hari_terlambat integer, berlaku_sejak date"
)


def _mart(path: Path, rows: list[tuple]) -> DuckDBResource:
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute(f"create table marts.delivery_status ({COLUMNS})")
    con.executemany(
        "insert into marts.delivery_status values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
    )
    con.close()
    return DuckDBResource(database=str(path))


def _row(kdsatker: str, feed: str, bulan: int, status: str, hari: int | None = 0, ditolak: int = 0):
    """A mart row as delivery_status writes it: overdue rows carry no day count."""
    tenggat = dt.date(2026, bulan + 1, 10)
    landed = None if status == "lewat tenggat" else dt.datetime(2026, bulan + 1, 3)
    return (2026, bulan, kdsatker, f"Kantor {kdsatker}", feed, tenggat, landed, None, ditolak,
            status, hari, dt.date(2026, 3, 11))  # fmt: skip


def test_overdue_sp2d_listed_per_office(tmp_path: Path, monkeypatch) -> None:
    resource = _mart(
        tmp_path / "w.duckdb",
        [
            _row("900104", "sp2d", 1, "lewat tenggat", None),
            _row("900104", "sp2d", 2, "lewat tenggat", None, ditolak=1),
            _row("900105", "sp2d", 1, "tepat waktu"),
            _row("900105", "sp2d", 2, "terlambat", 2),
            _row("900106", "capaian_ro", 2, "lewat tenggat", None),  # not SP2D: not listed
        ],
    )
    monkeypatch.setenv("JEJAK_AS_OF_DATE", "2026-03-15")
    result = sp2d_delivered_on_time(duckdb=resource)
    assert isinstance(result, dg.AssetCheckResult)
    assert result.passed is False
    assert result.severity == dg.AssetCheckSeverity.WARN
    meta = {k: getattr(v, "value", v) for k, v in result.metadata.items()}
    assert meta["satker_lewat_tenggat"] == 1
    assert meta["bulan_lewat_tenggat"] == 2
    assert meta["bulan_terlambat"] == 1
    assert meta["bulan_tepat_waktu"] == 1
    assert meta["tanggal_acuan"] == "2026-03-15"
    assert meta["status_berlaku_sejak"] == "2026-03-11"
    table = meta["lewat_tenggat"]
    # Days counted by the check at 2026-03-15: January's deadline 2026-02-10 is 33 days back.
    assert "| 900104 | Kantor 900104 | 2026-01, 2026-02 | 33 | 1 |" in table
    assert "900105" not in table and "900106" not in table


def test_all_on_time_passes(tmp_path: Path) -> None:
    resource = _mart(tmp_path / "w.duckdb", [_row("900104", "sp2d", 1, "tepat waktu")])
    result = sp2d_delivered_on_time(duckdb=resource)
    assert result.passed is True
    assert result.metadata["lewat_tenggat"].value == "tidak ada"


def test_check_targets_the_mart_and_warns_only() -> None:
    (spec,) = sp2d_delivered_on_time.check_specs
    assert spec.asset_key == DELIVERY_STATUS_KEY == dg.AssetKey(["marts", "delivery_status"])
    assert spec.name == "sp2d_delivered_on_time" and not spec.blocking


def test_status_period_starts_on_the_1st_and_the_11th() -> None:
    """Mirrors `delivery_status.berlaku_sejak`: the deadline is the end of the 10th."""
    assert status_period_start(dt.date(2026, 3, 1)) == dt.date(2026, 3, 1)
    assert status_period_start(dt.date(2026, 3, 10)) == dt.date(2026, 3, 1)
    assert status_period_start(dt.date(2026, 3, 11)) == dt.date(2026, 3, 11)
    assert status_period_start(dt.date(2026, 3, 31)) == dt.date(2026, 3, 11)
