"""The scorecard report: one self-contained HTML file in Bahasa Indonesia, from the published marts.

Why a static page: the people who read it (office heads, the minister's staff)
open it from a shared folder or an e-mail attachment, often offline, and print
it for coordination meetings. So it is one file with the CSS and the charts
(static SVG from matplotlib) inlined: no JavaScript, no CDN, no web font,
nothing fetched. The national section comes first, then one A4 sheet per
office.

Modules, one job each: `data` reads the marts, `views` decides what each part
shows, `charts` draws, `render` fills the Jinja2 templates in `templates/`,
`build` writes the file; `formatting` writes numbers the Indonesian way and
`guides` names the published parameters that place the charts' guide lines.
"""

from pipelines.publish.report.build import ReportSummary, build_report, render_html
from pipelines.publish.report.data import ReportData, load_report_data
from pipelines.publish.report.formatting import (
    format_number,
    format_percent,
    format_ratio,
    format_rupiah,
    format_rupiah_short,
)

__all__ = [
    "ReportData",
    "ReportSummary",
    "build_report",
    "format_number",
    "format_percent",
    "format_ratio",
    "format_rupiah",
    "format_rupiah_short",
    "load_report_data",
    "render_html",
]
