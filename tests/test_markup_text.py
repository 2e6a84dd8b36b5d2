"""Text is data, never markup or a formula: stored as it was sent, shown escaped.

Descriptions such as `<script>…</script>` or `=HYPERLINK(…)` reach `raw` verbatim
(CSV and xlsx text cells); where Dagster shows file-sourced text as Markdown (the
feed asset's rejected files, the backfill's ledger table) it is escaped, so a
Markdown renderer that passes HTML through shows the characters, never a tag,
a link or an extra table column. A check's failing rows are a table value
(`MetadataValue.table`), whose cells are text as they are.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import openpyxl
import pytest
from dagster_duckdb import DuckDBResource
from markdown_it import MarkdownIt

from pipelines.core.markdown import md_list, md_table
from pipelines.ingest.loader import load_feed
from pipelines.quality.checks import SUITES, check_result
from pipelines.quality.gx_runner import Outcome
from sample_data import hostile

TEXTS = [
    "<script>alert('jejak')</script>",
    '=HYPERLINK("http://contoh.invalid/x","klik di sini")',
    "[bukti transfer](javascript:alert(1)) | kolom palsu |",
    "<img src=x onerror=alert(1)> **tebal** `kode` &amp;",
]
RENDER = MarkdownIt("commonmark", {"html": True}).enable("table")


def test_markup_and_formulas_are_stored_verbatim(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    (landing / "sp2d").mkdir(parents=True)
    hostile.markup_sp2d_csv(landing / "sp2d" / "SP2D_900199_202603.csv", TEXTS)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(hostile.SP2D_HEADER)
    for row, text in zip(hostile.sp2d_rows(month=4, count=len(TEXTS)), TEXTS, strict=True):
        sheet.append(row)
        cell = sheet.cell(row=sheet.max_row, column=7, value=text)
        cell.data_type = "s"  # a text cell that starts with "=", not a formula
    workbook.save(landing / "sp2d" / "SP2D_900199_202604.xlsx")
    con = duckdb.connect(":memory:")
    report = load_feed(con, "sp2d", landing, b"k")
    assert len(report.loaded) == 2, report.rejected
    for month in (3, 4):
        stored = [
            u
            for (u,) in con.execute(
                "select uraian from raw.sp2d where _source_file like ? order by _row_number",
                [f"%_20260{month}.%"],
            ).fetchall()
        ]
        assert stored == TEXTS


def _rendered(markdown: str) -> str:
    return RENDER.render(markdown)


def test_check_metadata_lists_cell_values_as_table_text() -> None:
    """The failing rows travel as a table: each value is one cell, exactly as sent, and no
    metadata of the check is Markdown, so nothing of a value is ever rendered as markup."""
    outcome = Outcome(
        success=False,
        rows_checked=4,
        unexpected=[{"uraian": t, "nilai": "1.00"} for t in TEXTS],
        unexpected_count=4,
        unexpected_amount=Decimal("4.00"),
        failed_expectations=["expect_column_values_to_not_be_null(column=uraian)"],
        docs_url=None,
        columns={"uraian": "string", "nilai": "decimal"},
    )
    metadata = check_result(SUITES[0], outcome).metadata
    table = metadata["unexpected"]
    assert isinstance(table, dg.TableMetadataValue)
    assert [c.name for c in table.schema.columns] == ["uraian", "nilai"]
    # Every row keeps its two cells: the `|` of a value splits nothing.
    assert [r.data for r in table.records] == [{"uraian": t, "nilai": "1.00"} for t in TEXTS]
    assert not any(isinstance(v, dg.MarkdownMetadataValue) for v in metadata.values())


def test_asset_metadata_escapes_rejection_reasons_and_file_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipelines.core.resources import RunLock, SettingsResource
    from pipelines.ingest.assets import FEED_ASSETS

    landing = tmp_path / "landing"
    (landing / "sp2d").mkdir(parents=True)
    # A money cell with markup: the SP2D rejection quotes the value.
    text = (
        ";".join(hostile.SP2D_HEADER)
        + "\n900199;260300000000001;05-03-2026;DL.6011.QAH.002.051.A.524111;"
        + "<script>alert(1)</script>;LS;x\n"
    )
    (landing / "sp2d" / "SP2D_900199_202603.csv").write_text(text)
    (landing / "sp2d" / "[klik](javascript:alert(2)).csv").write_text(text)
    monkeypatch.setenv("JEJAK_LANDING_DIR", str(landing))
    monkeypatch.setenv("JEJAK_WAREHOUSE", str(tmp_path / "wh" / "jejak.duckdb"))
    sp2d = next(a for a in FEED_ASSETS if a.key.path == ["raw", "sp2d"])
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize(
        FEED_ASSETS,
        selection=[sp2d.key],
        instance=instance,
        resources={
            "settings": (settings := SettingsResource.from_env()),
            "duckdb": DuckDBResource(database=str(tmp_path / "work.duckdb")),
            "run_lock": RunLock(settings=settings, lock_file=str(tmp_path / "run.lock")),
        },
    )
    (materialization,) = result.asset_materializations_for_node("raw__sp2d")
    shown = materialization.metadata["rejected"].value
    assert "nilai uang '<script>" not in shown
    html = _rendered(shown)
    assert "<script" not in html and "<a " not in html
    assert "&lt;script&gt;alert" in html
    assert "[klik](javascript:alert(2)).csv" in html  # the name as characters, no link


def test_markdown_helpers_escape_everything_markdown_or_html_would_read() -> None:
    html = _rendered(md_table(["a|b", "<c>"], [["*x*", "_y_ [z](w) ![i](j) # h"]]))
    assert "<em>" not in html and "<a " not in html and "<img" not in html
    assert html.count("<th>") == 2 and html.count("<td>") == 2
    listed = _rendered(md_list([("f`1`.csv", "baris 2\nbaris 3 <b>")]))
    assert "<code>" not in listed and "<b>" not in listed and listed.count("<li>") == 1
