"""Freshness: which offices are late with their monthly files, and is the warehouse fresh.

An office must deliver an accepted SP2D file for a month by the 10th of the
next month. The dbt mart `marts.delivery_status` decides, per office, feed and
month, whether that happened (`tepat waktu`, `terlambat`, `belum jatuh tempo`,
`lewat tenggat`); this module turns its overdue SP2D rows into a WARN asset
check, so the list of offices to chase is in the Dagster UI after every
rebuild (the statuses change only when a file lands or on the 1st and the
11th, and those nights rebuild; a quiet night keeps the last evaluation).
It warns and never blocks: an office's silence is not a reason to withhold the
other offices' numbers from BI.

The check is plain SQL on DuckDB (no GX): it lists rows, it validates nothing
a GX expectation would add to.
"""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

DELIVERY_STATUS_KEY = dg.AssetKey(["marts", "delivery_status"])
OVERDUE = "lewat tenggat"
LATE = "terlambat"
CHECK_NAME = "sp2d_delivered_on_time"
MAX_LISTED_OFFICES = 50


def reference_date() -> dt.date:
    """The day freshness is judged on: `JEJAK_AS_OF_DATE`, else today in Asia/Jakarta.

    The same rule as `delivery_status.sql` (the dbt var is not used by the pipeline)."""
    pinned = os.environ.get("JEJAK_AS_OF_DATE", "").strip()
    if pinned:
        return dt.date.fromisoformat(pinned)
    return dt.datetime.now(zoneinfo.ZoneInfo("Asia/Jakarta")).date()


def status_period_start(day: dt.date) -> dt.date:
    """First day of the status period `day` falls in (`delivery_status.berlaku_sejak`).

    Statuses change only when last month's deadline (the 10th) passes or a new
    month starts; between those days `marts.delivery_status` is identical, so
    the period (not the day) is part of the build state that decides whether a
    night without new files can skip the rebuild."""
    return day.replace(day=11) if day.day > 10 else day.replace(day=1)


@dataclass
class _Office:
    nama: str = ""
    periods: list[tuple[int, int]] = field(default_factory=list)
    max_hari: int = 0
    ditolak: int = 0

    @property
    def months(self) -> str:
        return ", ".join(f"{thang}-{bulan:02d}" for thang, bulan in sorted(self.periods))


def sp2d_delivery_result(
    con: duckdb.DuckDBPyConnection, today: dt.date | None = None
) -> dg.AssetCheckResult:
    """Overdue SP2D months per office from `marts.delivery_status`, as a WARN check result.

    The mart leaves `hari_terlambat` NULL for overdue months (it grows daily);
    the check counts the days up to `today` (default: `reference_date()`)."""
    today = today or reference_date()
    rows = con.execute(
        "select kdsatker, coalesce(nama_satker, ''), thang, bulan, "
        "(?::date - tanggal_tenggat)::integer, jumlah_berkas_ditolak "
        "from marts.delivery_status where feed = 'sp2d' and status = ? "
        "order by kdsatker, thang, bulan",
        [today, OVERDUE],
    ).fetchall()
    counts = dict(
        con.execute(
            "select status, count(*) from marts.delivery_status where feed = 'sp2d' group by 1"
        ).fetchall()
    )
    period = con.execute("select max(berlaku_sejak) from marts.delivery_status").fetchone()[0]
    offices: dict[str, _Office] = defaultdict(_Office)
    for kdsatker, nama, thang, bulan, hari, ditolak in rows:
        office = offices[kdsatker]
        office.nama = nama
        office.periods.append((thang, bulan))
        office.max_hari = max(office.max_hari, int(hari))
        office.ditolak += int(ditolak)
    lines = [
        "| kdsatker | nama_satker | bulan lewat tenggat | hari terlambat (maks) | berkas ditolak |",
        "|---|---|---|---|---|",
    ]
    for kdsatker in sorted(offices)[:MAX_LISTED_OFFICES]:
        o = offices[kdsatker]
        lines.append(f"| {kdsatker} | {o.nama} | {o.months} | {o.max_hari} | {o.ditolak} |")
    if len(offices) > MAX_LISTED_OFFICES:
        lines.append(f"\n… dan {len(offices) - MAX_LISTED_OFFICES} satker lain")
    metadata: dict[str, dg.RawMetadataValue] = {
        "tanggal_acuan": str(today),
        "status_berlaku_sejak": str(period) if period else "tidak ada",
        "satker_lewat_tenggat": len(offices),
        "bulan_lewat_tenggat": len(rows),
        "bulan_terlambat": int(counts.get(LATE, 0)),
        "bulan_tepat_waktu": int(counts.get("tepat waktu", 0)),
        "lewat_tenggat": dg.MetadataValue.md("\n".join(lines) if offices else "tidak ada"),
    }
    return dg.AssetCheckResult(
        passed=not rows,
        severity=dg.AssetCheckSeverity.WARN,
        metadata=metadata,
        description=(
            f"{len(offices)} satker belum mengirim SP2D yang diterima untuk {len(rows)} bulan "
            "setelah tanggal 10 bulan berikutnya."
            if rows
            else "Semua satker mengirim SP2D sebelum tenggat (tanggal 10 bulan berikutnya)."
        ),
    )


@dg.asset_check(
    asset=DELIVERY_STATUS_KEY,
    name=CHECK_NAME,
    blocking=False,
    description=(
        "SP2D setiap satker untuk setiap bulan sampai bulan lalu sudah diterima paling lambat "
        "tanggal 10 bulan berikutnya (WIB). Peringatan: daftar satker dan bulan yang lewat "
        "tenggat ada di metadata `lewat_tenggat`."
    ),
)
def sp2d_delivered_on_time(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    """Read the freshly built mart in the working database; warn, never block publishing."""
    with duckdb.get_connection() as con:
        return sp2d_delivery_result(con)


FRESHNESS_CHECKS = [sp2d_delivered_on_time]
