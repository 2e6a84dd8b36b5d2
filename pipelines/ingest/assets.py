"""Dagster assets of the ingest stage: one asset per landing feed, plus the ledger.

Each asset loads the new files of its folder into `raw.<feed>`; a rejected file
is reported in the asset's metadata and logs and does not fail the run, so one
office's bad file never stops the night.
"""

import dagster as dg
from dagster import AssetExecutionContext
from dagster_duckdb import DuckDBResource

from pipelines.core.markdown import md_list
from pipelines.core.resources import RunLock, SettingsResource
from pipelines.ingest.feeds import FEEDS
from pipelines.ingest.loader import FeedReport, ensure_raw_schema, load_feed
from pipelines.ingest.office_month import MONTHLY_FEEDS, OFFICE_MONTH_KEY, OFFICE_MONTH_PARTITIONS
from pipelines.ingest.readers import FileProblem

GROUP = "ingest"

LANDING_SPECS = [
    dg.AssetSpec(
        key=["landing", name],
        group_name="landing",
        description=f"Files the offices deliver into `<landing>/{name}/` (not managed by Dagster).",
        kinds={"file"},
    )
    for name in FEEDS
]


def _feed_asset(feed_name: str) -> dg.AssetsDefinition:
    feed = FEEDS[feed_name]

    @dg.asset(
        name=feed_name,
        key_prefix="raw",
        deps=[dg.AssetKey(["landing", feed_name])],
        group_name=GROUP,
        kinds={"python", "duckdb"},
        description=(
            f"Typed rows of every accepted `{feed.name_hint}` file, with lineage columns "
            "(`_file_hash`, `_source_file`, `_row_number`). Personal data never reaches this "
            "table."
            if feed.needs_pii_key
            else f"Typed rows of every accepted `{feed.name_hint}` file, with lineage columns "
            "(`_file_hash`, `_source_file`, `_row_number`)."
        ),
    )
    def _load(
        context: AssetExecutionContext,
        duckdb: DuckDBResource,
        settings: SettingsResource,
        run_lock: RunLock,
    ) -> dg.MaterializeResult:
        config = settings.resolve()
        with duckdb.get_connection() as con:
            report = load_feed(
                con,
                feed_name,
                config.landing_dir,
                config.pii_key,
                max_file_bytes=config.max_file_bytes,
                workers=config.ingest_workers,
            )
        for name, error in report.rejected.items():
            context.log.warning(f"{feed_name}/{name} ditolak: {error}")
        if feed_name in MONTHLY_FEEDS:
            _mark_office_months(context, feed_name, report)
        if report.still_written:
            context.log.warning(
                f"{len(report.still_written)} file {feed_name} masih ditulis saat dibaca "
                "(ukuran atau waktu berubah): tidak dicatat, diperiksa lagi pada run berikutnya: "
                + ", ".join(report.still_written)
            )
        if report.refused:
            context.log.error(
                f"{len(report.refused)} file {feed_name} tidak diproses karena JEJAK_PII_KEY "
                "tidak diset; file tetap di folder landing dan dimuat setelah kunci tersedia"
            )
        return dg.MaterializeResult(
            metadata={
                "files_seen": report.files_seen,
                "already_loaded": report.already_loaded,
                "files_loaded": len(report.loaded),
                "files_rejected": len(report.rejected),
                "files_refused_no_pii_key": len(report.refused),
                "files_still_being_written": len(report.still_written),
                "rows_loaded": report.rows,
                "amount_total_loaded": str(report.amount_total),
                # File names and reasons come from the landing: shown as text, never markup.
                "rejected": dg.MetadataValue.md(md_list(report.rejected.items()) or "none"),
            }
        )

    return _load


def _mark_office_months(context: AssetExecutionContext, feed_name: str, report: FeedReport) -> None:
    """Record the office-months whose files loaded tonight as partitions of `raw/office_month_deliveries`.

    The nightly load is unpartitioned, but people in the UI think per office and
    month: with these events the partition grid of `raw/office_month_deliveries` shows
    which office-months have data (green) and which never loaded (missing: not
    delivered, or only rejected files), and where to start a backfill.
    """
    loaded: dict[str, list[str]] = {}
    for name in report.loaded:
        try:
            facts = FEEDS[feed_name].facts_from_name(name)
        except FileProblem:
            continue
        if facts.thang is None or facts.bulan is None or facts.kdsatker is None:
            continue
        key = f"{facts.thang:04d}-{facts.bulan:02d}-01|{facts.kdsatker}"
        if OFFICE_MONTH_PARTITIONS.has_partition_key(key):  # unknown office or future month: no
            loaded.setdefault(key, []).append(name)
    for key, names in sorted(loaded.items()):
        context.log_event(
            dg.AssetMaterialization(
                asset_key=OFFICE_MONTH_KEY,
                partition=key,
                description=f"dimuat oleh run malam ({feed_name})",
                metadata={"feed": feed_name, "files": ", ".join(sorted(names))},
            )
        )


FEED_ASSETS = [_feed_asset(name) for name in FEEDS]


@dg.asset(
    key=["raw", "file_ledger"],
    deps=[a.key for a in FEED_ASSETS],
    group_name=GROUP,
    kinds={"duckdb"},
    description=(
        "One row per file content ever seen (sha256), written by the feed assets in the same "
        "transaction as the file's rows: status `loaded` or `rejected`, row count, total rupiah "
        "and the rejection reason."
    ),
)
def file_ledger(duckdb: DuckDBResource, run_lock: RunLock) -> dg.MaterializeResult:
    """Summarise the ledger after every feed has loaded (the feeds write it)."""
    with duckdb.get_connection() as con:
        ensure_raw_schema(con)
        counts = con.execute(
            "select feed, status, count(*) from raw.file_ledger group by all order by all"
        ).fetchall()
    table = "\n".join(f"| {f} | {s} | {n} |" for f, s, n in counts)
    return dg.MaterializeResult(
        metadata={
            "files_total": sum(n for _, _, n in counts),
            "files_rejected": sum(n for _, s, n in counts if s == "rejected"),
            "by_feed": dg.MetadataValue.md("| feed | status | files |\n|---|---|---|\n" + table),
        }
    )
