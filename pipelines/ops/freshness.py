"""Freshness: which offices are late with their monthly files.

The dbt mart `marts.delivery_status` decides, per office, feed and month,
whether an accepted file arrived by its deadline (`tanggal_tenggat`; the rule
itself is in `delivery_status.sql` and nowhere else): `tepat waktu`,
`terlambat`, `belum jatuh tempo`, `lewat tenggat`. This module turns its
overdue SP2D rows into a WARN asset check, so the list of offices to chase is
in the Dagster UI after every rebuild (the statuses change only when a file
lands or a deadline or a month begins, and those nights rebuild; a quiet night
keeps the last evaluation). It warns and never blocks: an office's silence is
not a reason to withhold the other offices' numbers from BI.

The only thing computed here is what the mart leaves to its reader: how many
days an overdue month is late today (reference date minus `tanggal_tenggat`).
The check is plain SQL on DuckDB (no GX): it lists rows, it validates nothing
a GX expectation would add to.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from pipelines.core.resources import SettingsResource

DELIVERY_STATUS_KEY = dg.AssetKey(["marts", "delivery_status"])
OVERDUE = "lewat tenggat"
LATE = "terlambat"
CHECK_NAME = "sp2d_delivered_on_time"
MAX_LISTED_OFFICES = 50


@dataclass
class _Office:
    name: str = ""
    periods: list[tuple[int, int]] = field(default_factory=list)
    max_days_late: int = 0
    rejected_files: int = 0

    @property
    def months(self) -> str:
        return ", ".join(f"{thang}-{bulan:02d}" for thang, bulan in sorted(self.periods))


def sp2d_delivery_result(con: duckdb.DuckDBPyConnection, today: dt.date) -> dg.AssetCheckResult:
    """Overdue SP2D months per office from `marts.delivery_status`, as a WARN check result.

    The mart leaves `hari_terlambat` NULL for overdue months (it grows daily);
    the check counts the days from `tanggal_tenggat` up to `today`, the run's
    reference date."""
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
    for kdsatker, name, thang, bulan, days_late, rejected in rows:
        office = offices[kdsatker]
        office.name = name
        office.periods.append((thang, bulan))
        office.max_days_late = max(office.max_days_late, int(days_late))
        office.rejected_files += int(rejected)
    lines = [
        "| kdsatker | nama_satker | bulan lewat tenggat | hari terlambat (maks) | berkas ditolak |",
        "|---|---|---|---|---|",
    ]
    for kdsatker in sorted(offices)[:MAX_LISTED_OFFICES]:
        o = offices[kdsatker]
        lines.append(
            f"| {kdsatker} | {o.name} | {o.months} | {o.max_days_late} | {o.rejected_files} |"
        )
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
            "yang sudah lewat tenggat (tanggal_tenggat di marts.delivery_status)."
            if rows
            else "Semua satker mengirim SP2D sebelum tenggatnya."
        ),
    )


@dg.asset_check(
    asset=DELIVERY_STATUS_KEY,
    name=CHECK_NAME,
    blocking=False,
    description=(
        "SP2D setiap satker untuk setiap bulan sampai bulan lalu sudah diterima paling lambat "
        "pada tenggatnya (`tanggal_tenggat` di marts.delivery_status). Peringatan: daftar satker "
        "dan bulan yang lewat tenggat ada di metadata `lewat_tenggat`."
    ),
)
def sp2d_delivered_on_time(
    duckdb: DuckDBResource, settings: SettingsResource
) -> dg.AssetCheckResult:
    """Read the freshly built mart in the working database; warn, never block publishing."""
    with duckdb.get_connection() as con:
        return sp2d_delivery_result(con, settings.resolve().reference_date())


FRESHNESS_CHECKS = [sp2d_delivered_on_time]
