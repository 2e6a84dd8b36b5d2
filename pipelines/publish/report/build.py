"""Build the report file: read the published warehouse, render, write atomically."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.publish.report.data import ReportData, load_report_data
from pipelines.publish.report.render import render_page
from pipelines.publish.report.views import build_page, orientation_counts, rapor_counts


@dataclass(frozen=True)
class ReportSummary:
    """What the report holds, for the Dagster asset's metadata and for tests."""

    path: Path
    thang: int | None
    offices: int
    quadrants: dict[str, int]  # offices per orientasi ('tanpa orientasi' for NULL)
    rapor_vs_hasil: dict[str, int] = field(default_factory=dict)  # 'belum dapat dinilai' for NULL


def render_html(data: ReportData) -> str:
    """The page for already loaded data (what `build_report` writes)."""
    return render_page(build_page(data))


def build_report(published_db: Path, out_path: Path) -> ReportSummary:
    """Read the published warehouse (read-only) and write the report page atomically.

    Read-only, so the report can run while BI tools hold the file open; written
    through a temporary file and `os.replace`, so a reader never opens half a page.
    """
    if not published_db.exists():
        raise FileNotFoundError(f"gudang data terbitan tidak ditemukan: {published_db}")
    con = duckdb.connect(str(published_db), read_only=True)
    try:
        data = load_report_data(con)
    finally:
        con.close()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(f".{out_path.name}.tmp")
    tmp.write_text(render_html(data), encoding="utf-8")
    os.replace(tmp, out_path)
    return ReportSummary(
        path=out_path,
        thang=data.thang,
        offices=len(data.offices),
        quadrants=orientation_counts(data.offices),
        rapor_vs_hasil=rapor_counts(data.offices, data.execution),
    )
