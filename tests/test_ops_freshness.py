"""The SP2D freshness check lists overdue offices and months, and only warns; the
status period of `marts.delivery_status` follows the deadlines the mart lists."""

import datetime as dt
from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from pipelines.core.publication import Publication
from pipelines.core.resources import SettingsResource
from pipelines.ops.freshness import DELIVERY_STATUS_KEY, sp2d_delivered_on_time
from pipelines.transform.skip import statuses_current

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
    result = sp2d_delivered_on_time(duckdb=resource, settings=SettingsResource.from_env())
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
    result = sp2d_delivered_on_time(duckdb=resource, settings=SettingsResource())
    assert result.passed is True
    assert result.metadata["lewat_tenggat"].value == "tidak ada"


def test_check_targets_the_mart_and_warns_only() -> None:
    (spec,) = sp2d_delivered_on_time.check_specs
    assert spec.asset_key == DELIVERY_STATUS_KEY == dg.AssetKey(["marts", "delivery_status"])
    assert spec.name == "sp2d_delivered_on_time" and not spec.blocking


def _published(since: dt.date, deadline_day: int = 10) -> Publication:
    """A published delivery_status: its status period start and the deadlines it lists
    (January to last month of `since`, each due on `deadline_day` of the next month)."""
    last = since.month - 1 or 12
    year = since.year if since.month > 1 else since.year - 1
    deadlines = tuple(
        dt.date(year + (m == 12), m % 12 + 1, deadline_day) for m in range(1, last + 1)
    )
    return Publication(run_id="r", build_state="s", status_since=since, deadlines=deadlines)


def test_status_period_starts_on_the_1st_and_the_11th() -> None:
    """A table published on the 1st holds until last month's deadline (the 10th) has
    passed; one published on the 11th holds until the month ends."""
    first = _published(dt.date(2026, 3, 1))
    assert statuses_current(first, dt.date(2026, 3, 1))
    assert statuses_current(first, dt.date(2026, 3, 10))
    assert not statuses_current(first, dt.date(2026, 3, 11))
    eleventh = _published(dt.date(2026, 3, 11))
    assert statuses_current(eleventh, dt.date(2026, 3, 11))
    assert statuses_current(eleventh, dt.date(2026, 3, 31))
    assert not statuses_current(eleventh, dt.date(2026, 4, 1))
    assert not statuses_current(eleventh, dt.date(2026, 3, 10))  # an earlier reference date
    january = _published(dt.date(2027, 1, 1))  # last month is December of the year before
    assert statuses_current(january, dt.date(2027, 1, 10))
    assert not statuses_current(january, dt.date(2027, 1, 11))
    assert not statuses_current(Publication(run_id="r", build_state="s"), dt.date(2026, 3, 5))


def test_status_period_follows_the_dbt_deadline_day() -> None:
    """The deadline day is one value, the var `tenggat_hari` of dbt_project.yml that
    `delivery_status.sql` uses; Python never restates it: it reads the deadlines the
    published mart lists, so the period changes the day after whatever day dbt uses."""
    import yaml

    project = Path(__file__).resolve().parents[1] / "dbt_project" / "dbt_project.yml"
    day = yaml.safe_load(project.read_text())["vars"]["tenggat_hari"]
    published = _published(dt.date(2026, 3, 1), deadline_day=day)
    assert statuses_current(published, dt.date(2026, 3, day))
    assert not statuses_current(published, dt.date(2026, 3, day + 1))
    other_day = _published(dt.date(2026, 3, 1), deadline_day=day + 5)
    assert statuses_current(other_day, dt.date(2026, 3, day + 5))
    assert not statuses_current(other_day, dt.date(2026, 3, day + 6))
