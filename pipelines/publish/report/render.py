"""Turn the page model into one self-contained HTML file with Jinja2 templates.

Presentation lives in `templates/` (HTML and the CSS file); Python only hands
over data. Autoescape is on for every template, so office names, `uraian`
and error messages are text, never markup, whatever they contain. The CSS
file and the chart SVGs are the only things inlined unescaped: the CSS is
ours, and matplotlib escapes the text it writes into an SVG.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from pipelines.publish.report import guides
from pipelines.publish.report.formatting import (
    MISSING,
    MONTH_ABBREVIATIONS_ID,
    format_date,
    format_number,
    format_percent,
    format_ratio,
    format_rupiah,
    format_rupiah_short,
    format_wib,
    month_name,
)
from pipelines.publish.report.views import ReportPage

TEMPLATES = Path(__file__).with_name("templates")
CSS_FILE = TEMPLATES / "report.css"


def slug(value: str | None) -> str:
    """A CSS class fragment for a category value: 'rapor baik, hasil kosong' -> 'rapor-baik-hasil-kosong'."""
    return re.sub(r"[^a-z0-9]+", "-", (value or "").lower()).strip("-") or "kosong"


def environment() -> Environment:
    """The Jinja environment: autoescape always on, undefined names are errors, not blanks."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do"],
    )
    env.filters.update(
        rupiah=format_rupiah,
        rupiah_short=format_rupiah_short,
        number=format_number,
        percent=format_percent,
        ratio=format_ratio,
        month=month_name,
        date_id=format_date,
        wib=format_wib,
        slug=slug,
    )
    env.globals.update(
        MISSING=MISSING,
        MONTHS_SHORT=MONTH_ABBREVIATIONS_ID,
        guides=guides,
        category_color=guides.category_color,
        category_background=guides.category_background,
    )
    return env


def render_page(page: ReportPage) -> str:
    """The whole report as one HTML string: inline CSS and SVG, nothing fetched."""
    css = Markup(CSS_FILE.read_text(encoding="utf-8"))  # our own stylesheet, not data
    return environment().get_template("report.html.j2").render(page=page, data=page.data, css=css)
