"""Backfill one office and one month: re-examine its SP2D and capaian RO files.

Why a partitioned asset, and only this one. The nightly load already picks up
every new or corrected delivery by itself (a `_koreksi` file is a new file; a
file re-sent under the same name with new bytes is a new delivery). What it
never does is look again at a file it has already judged: a file rejected by
yesterday's parser, or loaded under yesterday's rules, stays as it was. The
people in the UI think in "office X, month M" (a corrected SP2D delivery, a
satker that phoned about February), so that is the partition: materialising
`raw/office_month_deliveries` for `2026-02-01|900104` examines again exactly
the files in `<landing>/sp2d/` and `<landing>/capaian_ro/` whose names say
office 900104 and February 2026, with today's code: each file's new verdict
replaces its old ledger row and raw rows in one transaction. Every other office-month's
raw rows and ledger entries stay byte for byte as they were.

Downstream, dbt rebuilds the marts from `raw` as a whole (set-based SQL over
the full history is cheaper than bookkeeping per partition at this size, see
the README), so every other office's numbers come out identical and only the
backfilled office-month can change; the publish step then swaps the file as
on any night. Yearly feeds (DIPA, case snapshots, mappings, targets) are not
per month and are not part of a partition.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
from dagster import AssetExecutionContext
from dagster_duckdb import DuckDBResource

from pipelines.core.clock import TIME_ZONE
from pipelines.core.markdown import md_table
from pipelines.core.paths import office_names
from pipelines.core.resources import RunLock, SettingsResource
from pipelines.core.settings import Settings
from pipelines.ingest.feeds import FEEDS
from pipelines.ingest.loader import FeedReport, ensure_raw_schema, landing_files, load_feed
from pipelines.ingest.readers import FileProblem

OFFICE_MONTH_KEY = dg.AssetKey(["raw", "office_month_deliveries"])
MONTHLY_FEEDS = ("sp2d", "capaian_ro")
FIRST_MONTH = "2024-01-01"


OFFICE_MONTH_PARTITIONS = dg.MultiPartitionsDefinition(
    {
        # Completed months only: a month's files are due by the 10th of the next.
        "bulan": dg.MonthlyPartitionsDefinition(start_date=FIRST_MONTH, timezone=TIME_ZONE),
        "satker": dg.StaticPartitionsDefinition(list(office_names())),
    }
)


@dataclass(frozen=True)
class OfficeMonth:
    """One partition: an office code and a month."""

    kdsatker: str
    thang: int
    bulan: int

    @classmethod
    def from_key(cls, key: dg.MultiPartitionKey | str) -> "OfficeMonth":
        """`2026-02-01|900104` (Dagster's key: dimensions in name order) to its parts."""
        parts = key.keys_by_dimension if isinstance(key, dg.MultiPartitionKey) else None
        if parts is None:
            bulan, satker = str(key).split("|")
            parts = {"bulan": bulan, "satker": satker}
        month = dt.date.fromisoformat(parts["bulan"])
        return cls(kdsatker=parts["satker"], thang=month.year, bulan=month.month)

    def label(self) -> str:
        """`900104 2026-02`, for logs and metadata."""
        return f"{self.kdsatker} {self.thang}-{self.bulan:02d}"


def partition_files(landing_dir: Path, feed_name: str, part: OfficeMonth) -> list[Path]:
    """Landing files of a monthly feed whose names say this office and month."""
    feed = FEEDS[feed_name]
    found = []
    for path in landing_files(landing_dir / feed_name):
        try:
            facts = feed.facts_from_name(path.name)
        except FileProblem:
            continue  # a bad name belongs to no partition; the nightly load reports it
        if (facts.kdsatker, facts.thang, facts.bulan) == (part.kdsatker, part.thang, part.bulan):
            found.append(path)
    return found


def _ledger_summary(con: duckdb.DuckDBPyConnection, part: OfficeMonth) -> list[tuple]:
    return con.execute(
        "select feed, file_name, status, row_count, coalesce(amount_total, 0) "
        "from raw.file_ledger where kdsatker = ? and thang = ? and bulan = ? "
        "and feed in ('sp2d', 'capaian_ro') order by feed, file_name, loaded_at",
        [part.kdsatker, part.thang, part.bulan],
    ).fetchall()


def reload_office_month(
    con: duckdb.DuckDBPyConnection, settings: Settings, part: OfficeMonth
) -> dict[str, FeedReport]:
    """Examine the partition's files again, feed by feed; nothing else is touched.

    Each file's new verdict replaces its old ledger row and raw rows in one
    transaction, so a run that dies half-way leaves every file either as it
    was or re-examined, never missing."""
    reports = {}
    for feed_name in MONTHLY_FEEDS:
        wanted = set(partition_files(settings.landing_dir, feed_name, part))
        reports[feed_name] = load_feed(
            con,
            feed_name,
            settings.landing_dir,
            settings.pii_key,
            only=lambda p, wanted=wanted: p in wanted,
            reexamine=True,
            max_file_bytes=settings.max_file_bytes,
            workers=settings.ingest_workers,
        )
    return reports


def _table(rows: list[tuple]) -> str:
    # File names come from the landing folder: escaped, never rendered as markup.
    return md_table(["feed", "file", "status", "rows", "rupiah"], rows) if rows else "tidak ada"


@dg.asset(
    key=OFFICE_MONTH_KEY,
    partitions_def=OFFICE_MONTH_PARTITIONS,
    deps=[dg.AssetKey(["landing", name]) for name in MONTHLY_FEEDS],
    group_name="ingest",
    kinds={"python", "duckdb"},
    description=(
        "Backfill of one office and one month (partition `YYYY-MM-01|kdsatker`): the SP2D and "
        "capaian RO files of that office-month are examined again with the current code and "
        "replace their earlier ledger entries and raw rows; nothing else in `raw` changes. "
        "Not part of `nightly_load`; run the job `backfill_office_month` for the partition "
        "(UI: Jobs → backfill_office_month → Materialize → partition; CLI: `make backfill "
        "SATKER=900104 BULAN=2026-02`), which also rebuilds, checks and publishes the marts."
    ),
)
def office_month_deliveries(
    context: AssetExecutionContext,
    duckdb: DuckDBResource,
    settings: SettingsResource,
    run_lock: RunLock,
) -> dg.MaterializeResult:
    """Re-examine the partition's files; report the ledger before and after.

    Fails (after recording the new verdicts) when no file of the office-month
    loads, so the partition shows red in the UI and nothing downstream runs:
    there is nothing to rebuild, and the operator must chase the office."""
    config = settings.resolve()
    part = OfficeMonth.from_key(context.partition_key)
    with duckdb.get_connection() as con:
        ensure_raw_schema(con)
        before = _ledger_summary(con, part)
        reports = reload_office_month(con, config, part)
        after = _ledger_summary(con, part)
    examined = sum(r.files_seen for r in reports.values())
    rejected = {n: e for r in reports.values() for n, e in r.rejected.items()}
    for name, error in rejected.items():
        context.log.warning(f"{part.label()} {name} ditolak: {error}")
    loaded = sum(len(r.loaded) for r in reports.values())
    if not loaded:
        reasons = "; ".join(f"{n}: {e}" for n, e in rejected.items()) or "tidak ada file"
        raise dg.Failure(
            description=(
                f"{part.label()}: tidak ada file SP2D atau capaian RO yang dapat dimuat "
                f"({examined} file diperiksa; {reasons}). Minta satker mengirim ulang."
            ),
            allow_retries=False,
        )
    context.log.info(f"{part.label()}: {examined} file diperiksa ulang, {loaded} dimuat")
    return dg.MaterializeResult(
        metadata={
            "satker": part.kdsatker,
            "bulan": f"{part.thang}-{part.bulan:02d}",
            "files_examined": examined,
            "files_loaded": loaded,
            "files_rejected": len(rejected),
            "rows_loaded": sum(r.rows for r in reports.values()),
            "amount_total_loaded": str(
                sum((r.amount_total for r in reports.values()), Decimal("0.00"))
            ),
            "ledger_before": dg.MetadataValue.md(_table(before)),
            "ledger_after": dg.MetadataValue.md(_table(after)),
        }
    )
