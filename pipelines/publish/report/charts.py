"""Charts for the report, drawn by matplotlib and inlined as static SVG.

Why matplotlib: it is well kept, renders offline without a browser or a
display, and its SVG needs nothing fetched. Charts are drawn on a bare
`Figure` (no pyplot, so no GUI backend and no global figure state), measured
with the Agg canvas for label placement, and saved with the SVG backend.

Why the SVG settings: `svg.fonttype: none` keeps text as text (searchable,
selectable, crisp in print, readable by a PDF text extractor) and a fixed
`svg.hashsalt` plus no date makes the same data give the same bytes every
night. Every id in a chart is prefixed with the chart's key, so many charts
can live in one HTML document without clashing ids.

Rupiah stay `Decimal` in the data; the callers hand floats to this module
only to place marks on a chart. Text handed in (office names) is escaped by
matplotlib's SVG writer, and mathtext is off, so a '$' is just a dollar sign.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

import matplotlib
from markupsafe import Markup
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator
from matplotlib.transforms import Bbox

from pipelines.publish.report.formatting import (
    MONTH_ABBREVIATIONS_ID,
    format_number,
    format_rupiah_short,
)
from pipelines.publish.report.guides import category_background, category_color

INK = "#243b53"
MUTED = "#627d98"
GRID = "#e4e7eb"
GUIDE = "#52606d"
BLUE = "#0b4f8a"
PLAN = "#9fb3c8"
GREEN = "#2e7d32"
ORANGE = "#d35400"
NEUTRAL_BAR = "#7b93ab"

STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "jejak-rupiah-laporan",
    "text.parse_math": False,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans"],
    "font.size": 8.5,
    "text.color": INK,
    "axes.edgecolor": "#9fb3c8",
    "axes.labelcolor": INK,
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelsize": 7.5,
    "ytick.labelsize": 7.5,
    "legend.frameon": False,
    "legend.fontsize": 7.5,
    "figure.facecolor": "none",
    "axes.facecolor": "none",
}
_NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


@contextmanager
def _style() -> Iterator[None]:
    """The report's matplotlib settings, for one chart only (global rcParams stay untouched)."""
    with matplotlib.rc_context(STYLE):
        yield


def _figure(width_in: float, height_in: float) -> Figure:
    """A fixed-size figure: its size in inches is its printed size (1 in = 72 pt in the SVG)."""
    fig = Figure(figsize=(width_in, height_in))
    FigureCanvasAgg(fig)  # a renderer to measure text with; savefig picks the SVG backend
    return fig


def _margins(fig: Figure, left: float, right: float, top: float, bottom: float) -> None:
    """Place the axes with margins given in inches, so every chart of a kind lines up."""
    w, h = fig.get_size_inches()
    fig.subplots_adjust(left=left / w, right=1 - right / w, top=1 - top / h, bottom=bottom / h)


def render_svg(fig: Figure, key: str) -> Markup:
    """The figure as an inline `<svg>` element: no XML prolog, ids prefixed with `key`."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata=_NO_METADATA)
    text = buf.getvalue()
    svg = text[text.index("<svg") :].strip()

    def prefix_ids(tag: re.Match[str]) -> str:
        return (
            tag.group(0)
            .replace(' id="', f' id="{key}-')
            .replace("url(#", f"url(#{key}-")
            .replace('xlink:href="#', f'xlink:href="#{key}-')
        )

    # Only inside tags: matplotlib escapes '<' and '>' in text and attribute values, so
    # every '<...>' is a tag and a label that reads ' id="' stays as written.
    return Markup(re.sub(r"<[^>]+>", prefix_ids, svg))  # text escaped by matplotlib


def _ellipsis(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ratio_tick(value: float, _pos: object = None) -> str:
    return format_number(Decimal(str(round(value, 2))), 1)


def _score_tick(value: float, _pos: object = None) -> str:
    return format_number(Decimal(str(round(value, 1))), 0 if value == round(value) else 1)


def _rupiah_tick(value: float, _pos: object = None) -> str:
    return "0" if value == 0 else format_rupiah_short(Decimal(str(round(value))))


# --------------------------------------------------------------------------- scatter


@dataclass(frozen=True)
class ScatterPoint:
    """One office on a quadrant chart, numbered as in the table below the chart."""

    number: int
    label: str
    x: float
    y: float
    category: str | None


@dataclass(frozen=True)
class QuadrantScheme:
    """Four areas cut by one x guide and two y guides, as both yardstick classifications are.

    `top_right`: x ≥ guide and y ≥ high; `bottom_right`: x ≥ guide and y < low;
    `top_left`: x < guide and y ≥ high; `rest`: everything else. Without all
    three guides (an older warehouse without its thresholds) no area or line
    is drawn: the points keep the colour of their category.
    """

    top_right: str
    bottom_right: str
    top_left: str
    rest: str
    x_guide: float | None
    y_high: float | None
    y_low: float | None
    x_label: str
    y_label: str
    x_guide_label: str
    x_tick: str = "ratio"  # "ratio" (0,9) or "score" (89)

    @property
    def has_guides(self) -> bool:
        """All three thresholds are known."""
        return None not in (self.x_guide, self.y_high, self.y_low)


def ratio_axis_max(values: Sequence[float]) -> float:
    """Upper end of a ratio axis: at least 1.3, room above the top point, at most 2.0."""
    top = max(values, default=0.0)
    return min(max(1.3, math.ceil((top + 0.05) * 10) / 10), 2.0)


def score_axis_min(values: Sequence[float]) -> float:
    """Lower end of a 0-100 score axis: 50, or lower in steps of 10 to show the lowest score."""
    low = min(values, default=100.0)
    return max(0.0, min(50.0, math.floor((low - 5) / 10) * 10))


def quadrant_scatter(
    points: Sequence[ScatterPoint],
    scheme: QuadrantScheme,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    key: str,
) -> Markup:
    """Offices placed by two yardsticks, the contract's four areas shaded behind them.

    Points are coloured by the category the mart gives them, not by where
    they fall. A point beyond the axis sits on its edge and its label says the
    real values; points on top of one another share one marker and one label.
    """
    with _style():
        fig = _figure(7.0, 4.5)
        _margins(fig, left=0.55, right=0.75, top=0.15, bottom=0.5)
        ax = fig.add_subplot()
        (x0, x1), (y0, y1) = x_range, y_range
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        if scheme.has_guides:
            _shade_quadrants(ax, scheme, x_range, y_range)
        ax.set_xlabel(scheme.x_label, fontsize=9, fontweight="bold")
        ax.set_ylabel(scheme.y_label, fontsize=9, fontweight="bold")
        ax.yaxis.set_major_locator(MaxNLocator(steps=[1, 2, 5, 10]))
        ax.yaxis.set_major_formatter(FuncFormatter(_ratio_tick))
        x_format = _ratio_tick if scheme.x_tick == "ratio" else _score_tick
        ax.xaxis.set_major_formatter(FuncFormatter(x_format))
        ax.xaxis.set_major_locator(MaxNLocator(steps=[1, 2, 5, 10]))
        _place_points(fig, ax, points, x_range, y_range)
        return render_svg(fig, key)


def _shade_quadrants(
    ax: Axes, s: QuadrantScheme, x_range: tuple[float, float], y_range: tuple[float, float]
) -> None:
    (x0, x1), (y0, y1) = x_range, y_range
    gx = min(max(s.x_guide, x0), x1)
    areas = [
        (s.top_left, x0, s.y_high, gx, y1),
        (s.top_right, gx, s.y_high, x1, y1),
        (s.rest, x0, y0, gx, s.y_high),
        (s.rest, gx, s.y_low, x1, s.y_high),
        (s.bottom_right, gx, y0, x1, s.y_low),
    ]
    for category, ax0, ay0, ax1, ay1 in areas:
        ax.add_patch(
            Rectangle(
                (ax0, ay0), ax1 - ax0, ay1 - ay0, facecolor=category_background(category), lw=0
            )
        )
    dashed = {"color": GUIDE, "linestyle": (0, (5, 4)), "linewidth": 1.0, "zorder": 2}
    ax.axvline(gx, **dashed)
    ax.axhline(s.y_high, **dashed)
    ax.plot([gx, x1], [s.y_low, s.y_low], **dashed)
    guide_text = {"fontsize": 7.5, "color": GUIDE, "annotation_clip": False}
    ax.annotate(
        s.x_guide_label,
        (gx, y1),
        xytext=(0, 3),
        textcoords="offset points",
        ha="center",
        **guide_text,
    )
    for value in (s.y_high, s.y_low):
        ax.annotate(
            f"hasil {format_number(Decimal(str(value)), 1)}",
            (x1, value),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            **guide_text,
        )
    corners = [
        (s.top_left, 0.015, 0.975, "left", "top"),
        (s.top_right, 0.985, 0.975, "right", "top"),
        (s.rest, 0.015, 0.025, "left", "bottom"),
        (s.bottom_right, 0.985, 0.025, "right", "bottom"),
    ]
    for category, cx, cy, ha, va in corners:
        ax.text(
            cx,
            cy,
            category.upper().replace(", ", ",\n"),
            transform=ax.transAxes,
            ha=ha,
            va=va,
            multialignment=ha,
            fontsize=8,
            fontweight="bold",
            color=category_color(category),
            zorder=3,
        )


def _place_points(
    fig: Figure,
    ax: Axes,
    points: Sequence[ScatterPoint],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
) -> None:
    marker_area = 150.0  # pt²
    radius_px = math.sqrt(marker_area) / 2 * fig.dpi / 72
    clusters: list[list[tuple[ScatterPoint, float, float, float, float]]] = []
    for p in points:
        x = min(max(p.x, x_range[0]), x_range[1])
        y = min(max(p.y, y_range[0]), y_range[1])
        px, py = ax.transData.transform((x, y))
        for cluster in clusters:
            _, _, _, cx, cy = cluster[0]
            if math.dist((px, py), (cx, cy)) < 1.2 * radius_px:
                cluster.append((p, x, y, px, py))
                break
        else:
            clusters.append([(p, x, y, px, py)])
    renderer = fig.canvas.get_renderer()
    taken = [
        (c[0][3] - radius_px, c[0][4] - radius_px, c[0][3] + radius_px, c[0][4] + radius_px)
        for c in clusters
    ]
    box = ax.get_window_extent(renderer)
    for cluster in clusters:
        first, x, y, _, _ = cluster[0]
        ax.scatter(
            [x],
            [y],
            s=marker_area,
            color=category_color(first.category),
            edgecolors="white",
            linewidths=1.2,
            zorder=4,
        )
        numbers = ",".join(str(c[0].number) for c in cluster)
        ax.text(
            x,
            y,
            numbers,
            ha="center",
            va="center_baseline",
            fontsize=6.5 if len(cluster) == 1 else 5.5,
            fontweight="bold",
            color="white",
            zorder=5,
        )
        names = "; ".join(
            _ellipsis(c[0].label, 22) + _beyond(c[0], x_range, y_range) for c in cluster
        )
        _place_label(ax, renderer, box, x, y, names, radius_px, taken)


def _beyond(p: ScatterPoint, x_range: tuple[float, float], y_range: tuple[float, float]) -> str:
    """A point off the axis sits on its edge; its label then says the real values."""
    inside = x_range[0] <= p.x <= x_range[1] and y_range[0] <= p.y <= y_range[1]
    if inside:
        return ""
    return f" ({_ratio_tick(p.x)}; {format_number(Decimal(str(p.y)), 2)})"


def _place_label(
    ax: Axes,
    renderer: RendererBase,
    box: Bbox,
    x: float,
    y: float,
    text: str,
    radius_px: float,
    taken: list[tuple[float, float, float, float]],
) -> None:
    """Put a name beside its point where it hits no other name or point, else leave it out."""
    gap = radius_px * 72 / ax.figure.dpi + 2  # points
    options = [
        ((gap, 0), "left", "center"),
        ((-gap, 0), "right", "center"),
        ((0, gap), "center", "bottom"),
        ((0, -gap), "center", "top"),
    ]
    for offset, ha, va in options:
        label = ax.annotate(
            text,
            (x, y),
            xytext=offset,
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=7,
            color="#102a43",
            zorder=6,
        )
        ext = label.get_window_extent(renderer)
        inside = box.x0 <= ext.x0 and ext.x1 <= box.x1 and box.y0 <= ext.y0 and ext.y1 <= box.y1
        clash = any(
            ext.x0 < t[2] and t[0] < ext.x1 and ext.y0 < t[3] and t[1] < ext.y1 for t in taken
        )
        if inside and not clash:
            taken.append((ext.x0, ext.y0, ext.x1, ext.y1))
            return
        label.remove()


# --------------------------------------------------------------------------- bars


@dataclass(frozen=True)
class Bar:
    """One row of a horizontal bar chart; `value` None shows only its text (the reason)."""

    label: str
    value: float | None
    text: str
    color: str


def bar_chart(bars: Sequence[Bar], key: str, width_in: float = 7.0) -> Markup:
    """Horizontal bars, one row per office, largest first as given."""
    with _style():
        height = 0.2 + 0.25 * max(len(bars), 1)
        fig = _figure(width_in, height)
        _margins(fig, left=2.2, right=1.45, top=0.08, bottom=0.12)
        _horizontal_bars(
            fig.add_subplot(),
            labels=[_ellipsis(b.label, 36) for b in bars],
            values=[max(b.value or 0.0, 0.0) for b in bars],
            colors=[b.color for b in bars],
            texts=[b.text for b in bars],
            style=_BarStyle(height=0.64, label_size=8, text_size=7.5, text_offset=4, min_rows=0),
        )
        return render_svg(fig, key)


@dataclass(frozen=True)
class _BarStyle:
    """Sizes of a horizontal bar chart: the national chart is larger than an office page's."""

    height: float
    label_size: float
    text_size: float
    text_offset: float
    min_rows: int


def _horizontal_bars(
    ax: Axes,
    labels: Sequence[str],
    values: Sequence[float],
    colors: Sequence[str],
    texts: Sequence[str],
    style: _BarStyle,
) -> None:
    """Bars from the top down, each with its label on the left and its figure at its end."""
    rows = list(range(len(values)))
    ax.barh(rows, values, color=list(colors), height=style.height)
    ax.set_yticks(rows, labels=list(labels), fontsize=style.label_size, color=INK)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(max(len(values), style.min_rows) - 0.5, -0.5)
    ax.set_xlim(0, max(values, default=0.0) or 1.0)
    ax.xaxis.set_visible(False)
    ax.spines["bottom"].set_visible(False)
    for row, text, value in zip(rows, texts, values, strict=True):
        ax.annotate(
            text,
            (value, row),
            xytext=(style.text_offset, 0),
            textcoords="offset points",
            va="center",
            fontsize=style.text_size,
            color="#334e68",
            annotation_clip=False,
        )


# --------------------------------------------------------------------------- months


@dataclass(frozen=True)
class NationalMonthPoint:
    """Cumulative national absorption (% of pagu efektif) and cases resolved at a month's end."""

    bulan: int
    penyerapan_pct: float | None
    kasus_selesai_kumulatif: int


def _month_axis(ax: Axes) -> None:
    ax.set_xlim(0.4, 12.6)
    ax.xaxis.set_major_locator(FixedLocator(range(1, 13)))
    ax.set_xticklabels(MONTH_ABBREVIATIONS_ID)


def national_monthly_chart(points: Sequence[NationalMonthPoint], key: str) -> Markup:
    """National cumulative absorption (left axis) against cumulative cases resolved (right)."""
    with _style():
        fig = _figure(7.0, 3.0)
        _margins(fig, left=0.6, right=0.6, top=0.5, bottom=0.3)
        ax = fig.add_subplot()
        _month_axis(ax)
        pct = [(p.bulan, p.penyerapan_pct) for p in points if p.penyerapan_pct is not None]
        top_pct = max([100.0, *(v for _, v in pct)])
        ax.set_ylim(0, top_pct * 1.05)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{format_number(v)}%"))
        ax.grid(axis="y", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.plot([0.5, 12], [100 / 24, 100], color="#9aa5b1", linestyle=(0, (4, 4)), linewidth=1.2)
        line_pct = ax.plot(
            [b for b, _ in pct], [v for _, v in pct], color=BLUE, linewidth=2, marker="o", ms=3.5
        )
        right = ax.twinx()
        right.spines["right"].set_visible(True)
        cases = [p.kasus_selesai_kumulatif for p in points]
        right.set_ylim(0, max([10, *cases]) * 1.05)
        right.yaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
        right.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: format_number(v)))
        line_cases = right.plot(
            [p.bulan for p in points], cases, color=GREEN, linewidth=2, marker="o", ms=3.5
        )
        fig.legend(
            [line_pct[0], line_cases[0], ax.lines[0]],
            [
                "Penyerapan kumulatif (% pagu efektif, sumbu kiri)",
                "Kasus selesai kumulatif (sumbu kanan)",
                "Laju waktu (bulan ÷ 12)",
            ],
            loc="upper left",
            ncols=2,
            bbox_to_anchor=(0.6 / 7.0, 1.0),
            handlelength=2.2,
            columnspacing=1.6,
        )
        return render_svg(fig, key)


def sparkline(points: Sequence[tuple[int, float]], key: str) -> Markup:
    """An office's cumulative absorption by month against the straight line of time."""
    with _style():
        fig = _figure(1.6, 0.34)
        fig.subplots_adjust(left=0.01, right=0.99, top=0.94, bottom=0.06)
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.set_xlim(0.5, 12.5)
        ax.set_ylim(0, max([100.0, *(v for _, v in points)]))
        ax.plot([0.5, 12], [100 / 24, 100], color="#9aa5b1", linestyle=(0, (3, 3)), linewidth=0.9)
        ax.axhline(0, color="#9fb3c8", linewidth=0.8)
        if points:
            ax.plot([b for b, _ in points], [v for _, v in points], color=BLUE, linewidth=1.6)
        return render_svg(fig, key)


@dataclass(frozen=True)
class PlanMonth:
    """One month of an office: planned (RPD) and actual spending, summed over jenis_belanja."""

    bulan: int
    rencana: float | None
    realisasi: float | None


def plan_chart(months: Sequence[PlanMonth], has_plan: bool, key: str) -> Markup:
    """Monthly plan (RPD) beside realisasi, January to December, for one office's sheet."""
    with _style():
        fig = _figure(7.1, 1.4)
        _margins(fig, left=0.75, right=0.1, top=0.22, bottom=0.2)
        ax = fig.add_subplot()
        _month_axis(ax)
        width = 0.38
        plan = [(m.bulan, m.rencana) for m in months if m.rencana is not None]
        real = [(m.bulan, m.realisasi) for m in months if m.realisasi is not None]
        handles = []
        if plan:
            handles.append(
                ax.bar(
                    [b - width / 2 for b, _ in plan],
                    [v for _, v in plan],
                    width,
                    color=PLAN,
                    label="Rencana (RPD)",
                )
            )
        handles.append(
            ax.bar(
                [b + width / 2 if plan else b for b, _ in real],
                [v for _, v in real],
                width,
                color=BLUE,
                label="Realisasi (SP2D)",
            )
        )
        ax.axhline(0, color="#9fb3c8", linewidth=0.8)
        locator = MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10])
        values = [v for _, v in plan + real]
        ticks = locator.tick_values(min([0.0, *values]), max([1.0, *values]))
        ax.set_ylim(ticks[0], ticks[-1])  # the top tick above the tallest bar
        ax.yaxis.set_major_locator(locator)
        ax.yaxis.set_major_formatter(FuncFormatter(_rupiah_tick))
        ax.grid(axis="y", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.legend(
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncols=2,
            borderaxespad=0.2,
            handlelength=1.4,
        )
        if not has_plan:
            ax.text(
                1.0,
                1.03,
                "tidak ada RPD: hanya realisasi yang ditampilkan",
                transform=ax.transAxes,
                ha="right",
                va="bottom",
                fontsize=7.5,
                color=ORANGE,
            )
        return render_svg(fig, key)


@dataclass(frozen=True)
class GroupShare:
    """One spending group's share of an office's realisasi."""

    label: str
    porsi_pct: float
    text: str
    highlighted: bool


def composition_chart(groups: Sequence[GroupShare], key: str) -> Markup:
    """Shares of realisasi per spending group; travel, meetings and honoraria stand out."""
    with _style():
        fig = _figure(3.6, 1.15)
        _margins(fig, left=1.3, right=0.45, top=0.03, bottom=0.03)
        _horizontal_bars(
            fig.add_subplot(),
            labels=[_ellipsis(g.label, 22) for g in groups],
            values=[max(g.porsi_pct, 0.0) for g in groups],
            colors=[ORANGE if g.highlighted else NEUTRAL_BAR for g in groups],
            texts=[g.text for g in groups],
            style=_BarStyle(height=0.66, label_size=6.5, text_size=6.5, text_offset=3, min_rows=5),
        )
        return render_svg(fig, key)
