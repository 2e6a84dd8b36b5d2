"""The scorecard report as a Dagster asset, downstream of the published warehouse.

It depends on `published/warehouse` (not on the marts in the working file), so
the page is only rebuilt after a successful publish and always shows exactly
what BI tools read. A failed run leaves the previous page beside the previous
warehouse. No `from __future__ import annotations` here: Dagster inspects the
`context` type hint at definition time.
"""

import dagster as dg
from dagster import AssetExecutionContext

from pipelines.core.publication import report_path
from pipelines.core.resources import SettingsResource


@dg.asset(
    key=["published", "laporan_scorecard"],
    deps=[dg.AssetKey(["published", "warehouse"])],
    group_name="publish",
    kinds={"html"},
    description=(
        "Kartu kinerja (HTML statis, Bahasa Indonesia) untuk tahun terakhir: orientasi satker "
        "(rasio serapan × rasio hasil), rapor vs hasil (nilai eksekusi × rasio hasil), belanja "
        "tanpa jejak, biaya per kasus selesai, hak PMI per rupiah belanja dan kurva serapan "
        "bulanan, lalu satu lembar A4 per satker untuk rapat koordinasi. Ditulis di samping "
        "gudang data terbitan."
    ),
)
def scorecard_report(
    context: AssetExecutionContext, settings: SettingsResource
) -> dg.MaterializeResult:
    """Write `<warehouse dir>/laporan_scorecard.html` from the file just published."""
    published = settings.resolve().warehouse
    # Imported here, not at module level: matplotlib and Jinja2 cost ~0.3 s, and Dagster
    # loads the definitions for every run, sensor tick and UI reload.
    from pipelines.publish.report import build_report

    summary = build_report(published, report_path(published))
    context.log.info(
        f"laporan kartu kinerja {summary.thang}: {summary.offices} satker, {summary.path}"
    )
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(summary.path)),
            "thang": summary.thang if summary.thang is not None else "tidak ada data",
            "offices": summary.offices,
            **{f"orientasi.{k}": n for k, n in summary.quadrants.items()},
            **{f"rapor_vs_hasil.{k}": n for k, n in summary.rapor_vs_hasil.items()},
        }
    )
