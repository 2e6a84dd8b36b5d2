"""The scorecard report: one static HTML page in Bahasa Indonesia, built from the published marts.

Why a static page: the people who read it (office heads, the minister's staff)
open it from a shared folder or an e-mail attachment, often offline, and print
it. So it is a single file with inline CSS and charts drawn as inline SVG here
in Python: no JavaScript library, no CDN, no web font, nothing to fetch.

It reads only the published warehouse (read-only, the same file BI tools
open), so the report always shows exactly what was published, for the latest
fiscal year. Rupiah stay `Decimal` end to end; floats are used only to place
pixels on a chart.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, NamedTuple

import duckdb

ORIENTASI = ("goal oriented", "target oriented", "hemat", "tertinggal")
TANPA_ORIENTASI = "tanpa orientasi"
SERAPAN_MIN = Decimal("0.9")
HASIL_BAIK = Decimal("0.9")
HASIL_BURUK = Decimal("0.7")
LINES_PER_OFFICE = 5
WIB = dt.timedelta(hours=7)

WARNA = {
    "goal oriented": "#2e7d32",
    "target oriented": "#c62828",
    "hemat": "#1565c0",
    "tertinggal": "#b26a00",
    TANPA_ORIENTASI: "#757575",
}
LATAR = {
    "goal oriented": "#e8f5e9",
    "target oriented": "#fdecea",
    "hemat": "#e3f0fb",
    "tertinggal": "#fff4e0",
}
ARTI = {
    "goal oriented": "serapan sesuai waktu dan hasil tercapai: rupiah sampai ke tujuan",
    "target oriented": "anggaran terserap tetapi hasil bagi PMI rendah: tanda yang buruk",
    "hemat": "hasil tercapai dengan serapan di bawah laju waktu",
    "tertinggal": "serapan dan/atau hasil di bawah ambang",
}
BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
BULAN_PENDEK = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
ZERO = Decimal(0)


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class ReportSummary:
    """What the report holds, for the Dagster asset's metadata and for tests."""

    path: Path
    thang: int | None
    offices: int
    quadrants: dict[str, int]


@dataclass(frozen=True)
class Office:
    """One row of `marts.office_scorecard` for the report's year."""

    kdsatker: str
    nama_satker: str | None
    bulan_berjalan: int | None
    pagu: Decimal | None
    blokir: Decimal | None
    realisasi: Decimal | None
    penyerapan_pct: Decimal | None
    realisasi_untraced: Decimal | None
    untraced_pct: Decimal | None
    kasus_diterima: int | None
    kasus_selesai: int | None
    hak_dipulihkan_rp: Decimal | None
    biaya_per_kasus_selesai: Decimal | None
    rp_hak_per_rp_belanja: Decimal | None
    rasio_serapan: Decimal | None
    rasio_hasil: Decimal | None
    orientasi: str | None

    @property
    def nama(self) -> str:
        """Name to show; an office code missing from the reference list shows its code."""
        return self.nama_satker or f"Satker {self.kdsatker}"

    @property
    def nama_pendek(self) -> str:
        """Short chart label: the province, without the repeated 'BP3MI' prefix."""
        return self.nama.removeprefix("BP3MI ").strip() or self.kdsatker

    @property
    def kuadran(self) -> str:
        return self.orientasi or TANPA_ORIENTASI

    @property
    def warna(self) -> str:
        return WARNA.get(self.kuadran, WARNA[TANPA_ORIENTASI])

    @property
    def pagu_efektif(self) -> Decimal:
        """Spendable pagu (pagu minus the frozen blokir), the base of absorption."""
        return (self.pagu or ZERO) - (self.blokir or ZERO)


@dataclass(frozen=True)
class UntracedLine:
    """One of an office's largest untraced budget lines."""

    kode_anggaran: str
    uraian: str | None
    realisasi: Decimal


@dataclass(frozen=True)
class MonthRow:
    """One (office, month) row of `marts.office_month`."""

    kdsatker: str
    bulan: int
    realisasi_kumulatif: Decimal | None
    penyerapan_kumulatif_pct: Decimal | None
    kasus_selesai_bulan: int | None


@dataclass(frozen=True)
class Indicator:
    """An outcome indicator with a target, as it feeds `rasio_hasil`."""

    kdsatker: str
    indikator_id: str
    nama_indikator: str | None
    satuan: str | None
    capaian_pct: Decimal | None


class NationalMonth(NamedTuple):
    """One month of the national curve: cumulative rupiah and absorption, cases resolved."""

    bulan: int
    realisasi_kumulatif: Decimal
    penyerapan_pct: Decimal | None
    kasus_selesai: int
    kasus_selesai_kumulatif: int


@dataclass
class ReportData:
    """Everything the page shows, read in one read-only session."""

    thang: int | None
    offices: list[Office]
    untraced: dict[str, list[UntracedLine]] = field(default_factory=dict)
    untraced_count: dict[str, int] = field(default_factory=dict)
    months: list[MonthRow] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    published_at: dt.datetime | None = None
    run_id: str | None = None


def _fetch(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[dict]:
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    found = con.execute(
        "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?",
        [schema, table],
    ).fetchone()
    return bool(found and found[0])


def load_report_data(con: duckdb.DuckDBPyConnection) -> ReportData:
    """Read the latest year's marts; only contract columns, so BI and report agree."""
    thang = con.execute("select max(thang) from marts.office_scorecard").fetchone()[0]
    data = ReportData(thang=thang, offices=[])
    if _has_table(con, "meta", "publication"):
        pub = con.execute("select published_at, run_id from meta.publication limit 1").fetchone()
        if pub:
            data.published_at, data.run_id = pub
    if thang is None:
        return data
    fields = ", ".join(Office.__dataclass_fields__)
    data.offices = [
        Office(**r)
        for r in _fetch(
            con,
            f"select {fields} from marts.office_scorecard where thang = ? order by kdsatker",
            [thang],
        )
    ]
    _load_untraced(con, data)
    data.months = [
        MonthRow(**r)
        for r in _fetch(
            con,
            "select kdsatker, bulan, realisasi_kumulatif, penyerapan_kumulatif_pct, "
            "kasus_selesai_bulan from marts.office_month where thang = ? order by kdsatker, bulan",
            [thang],
        )
    ]
    data.indicators = [
        Indicator(**r)
        for r in _fetch(
            con,
            "select kdsatker, indikator_id, nama_indikator, satuan, capaian_pct "
            "from marts.indicator_achievement where thang = ? and tingkat = 'outcome' "
            "and target is not null order by kdsatker, indikator_id",
            [thang],
        )
    ]
    return data


def _load_untraced(con: duckdb.DuckDBPyConnection, data: ReportData) -> None:
    rows = _fetch(
        con,
        "select kdsatker, kode_anggaran, uraian, realisasi, "
        "count(*) over (partition by kdsatker) as n from marts.untraced_spending "
        "where thang = ? qualify row_number() over "
        "(partition by kdsatker order by realisasi desc, kode_anggaran) <= ? "
        "order by kdsatker, realisasi desc, kode_anggaran",
        [data.thang, LINES_PER_OFFICE],
    )
    for r in rows:
        data.untraced.setdefault(r["kdsatker"], []).append(
            UntracedLine(r["kode_anggaran"], r["uraian"], r["realisasi"])
        )
        data.untraced_count[r["kdsatker"]] = r["n"]


# --------------------------------------------------------------------------- formatting


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def format_angka(value: Decimal | int, places: int = 0) -> str:
    """Indonesian number: '.' groups thousands, ',' marks decimals (1.234.567,89)."""
    q = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{q:,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_rupiah(value: Decimal | None) -> str:
    """Full rupiah to the unit: 'Rp 1.234.567.890' (negative: '-Rp 1.234')."""
    if value is None:
        return "–"
    sign = "-" if value < 0 else ""
    return f"{sign}Rp {format_angka(abs(value))}"


def format_rupiah_ringkas(value: Decimal | None) -> str:
    """Compact rupiah for charts: 'Rp 1,2 T' / 'Rp 1,2 M' / 'Rp 1,2 jt', else in full."""
    if value is None:
        return "–"
    sign = "-" if value < 0 else ""
    mag = abs(value)
    for unit, name in ((Decimal(10) ** 12, "T"), (Decimal(10) ** 9, "M"), (Decimal(10) ** 6, "jt")):
        shown = (mag / unit).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if shown >= 1:  # 999.960.000 is 'Rp 1,0 M', not 'Rp 1.000,0 jt'
            return f"{sign}Rp {format_angka(shown, 1)} {name}"
    return f"{sign}Rp {format_angka(mag)}"


def format_persen(value: Decimal | None, places: int = 1) -> str:
    """Percentage on a 0-100 scale with a comma decimal: '45,7%'."""
    return "–" if value is None else f"{format_angka(value, places)}%"


def format_rasio(value: Decimal | None, places: int = 2) -> str:
    """Ratio with a comma decimal: '0,95'."""
    return "–" if value is None else format_angka(value, places)


def _pct(part: Decimal, whole: Decimal) -> Decimal | None:
    return None if whole == 0 else part * 100 / whole


def _waktu_wib(value: dt.datetime | None) -> str:
    """`meta.publication.published_at` is naive UTC; readers think in WIB."""
    if value is None:
        return "tidak tercatat"
    w = value + WIB
    return f"{w.day} {BULAN[w.month - 1]} {w.year}, pukul {w:%H.%M} WIB"


def _kode_wrap(code: str) -> str:
    """Let long budget codes break after their dots instead of overflowing the table."""
    return "<wbr>".join(_e(p) + "." for p in code.split(".")[:-1]) + _e(code.split(".")[-1])


def _n(x: float) -> str:
    return f"{x:.1f}"


# --------------------------------------------------------------------------- svg charts


def _svg(width: int, height: int, label: str, body: Iterable[str], cls: str = "grafik") -> str:
    parts = "".join(body)
    return (
        f'<svg class="{cls}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{_e(label)}"><title>{_e(label)}</title>{parts}</svg>'
    )


def _text(x: float, y: float, text: str, cls: str = "", anchor: str = "start") -> str:
    c = f' class="{cls}"' if cls else ""
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}"{c}>{_e(text)}</text>'


def _line(x1: float, y1: float, x2: float, y2: float, cls: str) -> str:
    return f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" class="{cls}"/>'


def _nice_max(value: float, minimum: float) -> float:
    """Round an axis maximum up to 1, 2, 2.5 or 5 times a power of ten."""
    value = max(value, minimum)
    if value <= 0:
        return 1.0
    base = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * base >= value:
            return step * base
    return 10 * base


def _ellipsis(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text_width(text: str, size: float) -> float:
    """Rough width of sans-serif text, enough to keep chart labels from colliding."""
    return len(text) * size * 0.56


@dataclass(frozen=True)
class _Frame:
    """A plot area inside an SVG: maps data values to pixels."""

    left: float
    top: float
    width: float
    height: float
    x_max: float
    y_max: float
    x_min: float = 0.0
    y_min: float = 0.0

    def x(self, v: float) -> float:
        v = min(max(v, self.x_min), self.x_max)
        return self.left + (v - self.x_min) / (self.x_max - self.x_min) * self.width

    def y(self, v: float) -> float:
        v = min(max(v, self.y_min), self.y_max)
        return self.top + self.height - (v - self.y_min) / (self.y_max - self.y_min) * self.height

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


def _ratio_axis_max(values: Iterable[Decimal]) -> float:
    top = max((float(v) for v in values), default=0.0)
    return min(max(1.3, math.ceil((top + 0.05) * 10) / 10), 2.0)


def scatter_orientasi(offices: Sequence[Office]) -> str:
    """Absorption ratio against outcome ratio, the four `orientasi` areas shaded."""
    placed = [(i, o) for i, o in enumerate(offices, 1) if o.rasio_serapan is not None]
    placed = [(i, o) for i, o in placed if o.rasio_hasil is not None]
    f = _Frame(
        left=62,
        top=30,
        width=640,
        height=430,
        x_max=_ratio_axis_max(o.rasio_serapan for _, o in placed),
        y_max=_ratio_axis_max(o.rasio_hasil for _, o in placed),
    )
    body = [*_scatter_areas(f), *_scatter_axes(f), *_scatter_thresholds(f)]
    body.extend(_scatter_points(f, placed))
    return _svg(760, 512, "Sebaran satker menurut rasio serapan dan rasio hasil", body)


def _scatter_areas(f: _Frame) -> list[str]:
    sx, hb, hk = float(SERAPAN_MIN), float(HASIL_BAIK), float(HASIL_BURUK)
    areas = [
        ("hemat", f.left, f.top, f.x(sx) - f.left, f.y(hb) - f.top),
        ("goal oriented", f.x(sx), f.top, f.right - f.x(sx), f.y(hb) - f.top),
        ("tertinggal", f.left, f.y(hb), f.x(sx) - f.left, f.bottom - f.y(hb)),
        ("tertinggal", f.x(sx), f.y(hb), f.right - f.x(sx), f.y(hk) - f.y(hb)),
        ("target oriented", f.x(sx), f.y(hk), f.right - f.x(sx), f.bottom - f.y(hk)),
    ]
    out = [
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" fill="{LATAR[k]}"/>'
        for k, x, y, w, h in areas
    ]
    labels = [
        ("hemat", f.left + 8, f.top + 18, "start"),
        ("goal oriented", f.right - 8, f.top + 18, "end"),
        ("tertinggal", f.left + 8, f.bottom - 10, "start"),
        ("target oriented", f.right - 8, f.bottom - 10, "end"),
    ]
    for k, x, y, anchor in labels:
        out.append(
            f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" class="kuadran" '
            f'fill="{WARNA[k]}">{_e(k.upper())}</text>'
        )
    return out


def _scatter_axes(f: _Frame) -> list[str]:
    out = [
        f'<rect x="{f.left}" y="{f.top}" width="{f.width}" height="{f.height}" class="bingkai"/>'
    ]
    step = 0.1 if f.x_max <= 1.5 else 0.2
    for k in range(int(round(f.x_max / step)) + 1):
        v = k * step
        out.append(_line(f.x(v), f.bottom, f.x(v), f.bottom + 5, "sumbu"))
        out.append(
            _text(
                f.x(v), f.bottom + 18, format_angka(Decimal(str(round(v, 1))), 1), "tik", "middle"
            )
        )
    step = 0.1 if f.y_max <= 1.5 else 0.2
    for k in range(int(round(f.y_max / step)) + 1):
        v = k * step
        out.append(_line(f.left - 5, f.y(v), f.left, f.y(v), "sumbu"))
        out.append(
            _text(f.left - 8, f.y(v) + 4, format_angka(Decimal(str(round(v, 1))), 1), "tik", "end")
        )
    out.append(
        _text(f.left + f.width / 2, f.bottom + 40, "Rasio serapan →", "judul-sumbu", "middle")
    )
    cy = f.top + f.height / 2
    out.append(
        f'<text x="16" y="{_n(cy)}" text-anchor="middle" class="judul-sumbu" '
        f'transform="rotate(-90 16 {_n(cy)})">Rasio hasil →</text>'
    )
    return out


def _scatter_thresholds(f: _Frame) -> list[str]:
    sx, hb, hk = float(SERAPAN_MIN), float(HASIL_BAIK), float(HASIL_BURUK)
    return [
        _line(f.x(sx), f.top, f.x(sx), f.bottom, "ambang"),
        _line(f.left, f.y(hb), f.right, f.y(hb), "ambang"),
        _line(f.x(sx), f.y(hk), f.right, f.y(hk), "ambang"),
        _text(f.x(sx), f.top - 8, "serapan 0,9", "ket-ambang", "middle"),
        _text(f.right + 6, f.y(hb) + 4, "hasil 0,9", "ket-ambang"),
        _text(f.right + 6, f.y(hk) + 4, "hasil 0,7", "ket-ambang"),
    ]


def _overlaps(box: tuple[float, float, float, float], others: Iterable[tuple]) -> bool:
    x0, y0, x1, y1 = box
    return any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in others)


def _scatter_points(f: _Frame, placed: Sequence[tuple[int, Office]]) -> list[str]:
    radius, size = 9.0, 11.0
    exact = [(f.x(float(o.rasio_serapan)), f.y(float(o.rasio_hasil))) for _, o in placed]
    centres = _spread(f, exact, radius)
    taken = [(x - radius, y - radius, x + radius, y + radius) for x, y in centres]
    for (x, y), (x0, y0) in zip(centres, exact, strict=True):
        if (x, y) != (x0, y0):  # keep names off the leader line
            taken.append((min(x, x0) - 2, min(y, y0) - 2, max(x, x0) + 2, max(y, y0) + 2))
    dots: list[str] = []
    labels: list[str] = []
    for (i, o), (x, y), (x0, y0) in zip(placed, centres, exact, strict=True):
        tip = (
            f"{i}. {o.kdsatker} {o.nama}: rasio serapan {format_rasio(o.rasio_serapan)}, "
            f"rasio hasil {format_rasio(o.rasio_hasil)} ({o.kuadran})"
        )
        moved = (x, y) != (x0, y0)
        leader = (
            _line(x0, y0, x, y, "penunjuk")
            + f'<circle cx="{_n(x0)}" cy="{_n(y0)}" r="2.2" class="asli"/>'
            if moved
            else ""
        )
        dots.append(
            f'<g class="titik" data-kdsatker="{_e(o.kdsatker)}"><title>{_e(tip)}</title>{leader}'
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{radius}" fill="{o.warna}"/>'
            f"{_text(x, y + 3.8, str(i), 'nomor', 'middle')}</g>"
        )
        name = _ellipsis(o.nama_pendek, 22) + _off_scale(f, o)
        label = _place_label(f, x, y, radius, name, size, taken)
        if label:
            labels.append(label)
    return labels + dots


def _off_scale(f: _Frame, o: Office) -> str:
    """A point beyond the axis sits on its edge; its label then says the real values."""
    sx, hy = float(o.rasio_serapan or 0), float(o.rasio_hasil or 0)
    beyond = not (f.x_min <= sx <= f.x_max and f.y_min <= hy <= f.y_max)
    if not beyond:
        return ""
    return f" ({format_rasio(o.rasio_serapan)}; {format_rasio(o.rasio_hasil)})"


def _spread(f: _Frame, exact: Sequence[tuple[float, float]], r: float) -> list[tuple[float, float]]:
    """Nudge points that would hide one another; a thin line leads back to the exact spot."""
    out: list[tuple[float, float]] = []
    for x0, y0 in exact:
        spot = (x0, y0)
        ring = 0
        while any(math.dist(spot, c) < 2 * r + 1 for c in out) and ring < 6:
            ring += 1
            for k in range(12):
                a = math.pi * k / 6
                cand = (
                    x0 + ring * (2 * r + 2) * math.cos(a),
                    y0 - ring * (2 * r + 2) * math.sin(a),
                )
                inside = (
                    f.left + r <= cand[0] <= f.right - r and f.top + r <= cand[1] <= f.bottom - r
                )
                if inside and not any(math.dist(cand, c) < 2 * r + 1 for c in out):
                    spot = cand
                    break
        out.append(spot)
    return out


def _place_label(
    f: _Frame, x: float, y: float, r: float, text: str, size: float, taken: list[tuple]
) -> str | None:
    """Put a point's name beside it where it hits no other label or point, else leave it out."""
    w, h = _text_width(text, size), size
    options = [
        (x + r + 3, y + size / 2 - 1, "start", x + r + 3, y - h / 2),
        (x - r - 3, y + size / 2 - 1, "end", x - r - 3 - w, y - h / 2),
        (x, y - r - 4, "middle", x - w / 2, y - r - 4 - h),
        (x, y + r + size + 1, "middle", x - w / 2, y + r + 2),
    ]
    for tx, ty, anchor, bx, by in options:
        box = (bx, by, bx + w, by + h)
        inside = f.left <= bx and bx + w <= f.right and f.top <= by and by + h <= f.bottom
        if inside and not _overlaps(box, taken):
            taken.append(box)
            return _text(tx, ty, text, "label-titik", anchor)
    return None


@dataclass(frozen=True)
class Bar:
    """One row of a horizontal bar chart."""

    label: str
    value: Decimal | None
    text: str
    color: str
    key: str


def bar_chart(bars: Sequence[Bar], label: str, width: int = 760) -> str:
    """Horizontal bars, one row per office; missing values show their reason, not a bar."""
    row, label_w, text_w, top = 24, 232, 200, 6
    height = top + row * max(len(bars), 1) + 8
    bar_w = width - label_w - text_w
    top_value = max((float(b.value) for b in bars if b.value is not None), default=0.0)
    scale = bar_w / top_value if top_value > 0 else 0.0
    body = [_line(label_w, top, label_w, height - 6, "sumbu")]
    for k, b in enumerate(bars):
        y = top + k * row
        w = max(float(b.value), 0.0) * scale if b.value is not None else 0.0
        body.append(
            f'<g class="batang" data-kdsatker="{_e(b.key)}"><title>{_e(b.label)}: {_e(b.text)}</title>'
            + _text(label_w - 8, y + 16, _ellipsis(b.label, 34), "label-batang", "end")
            + f'<rect x="{label_w}" y="{y + 4}" width="{_n(w)}" height="{row - 8}" fill="{b.color}"/>'
            + _text(label_w + w + 6, y + 16, b.text, "nilai-batang")
            + "</g>"
        )
    return _svg(width, height, label, body)


def _cumulative_national(
    offices: Sequence[Office], months: Sequence[MonthRow]
) -> list[NationalMonth]:
    """National cumulative absorption and cases resolved per month, January to the latest month.

    An office whose deliveries stop earlier keeps its last known cumulative
    realisasi (nothing newer is known), so the national curve never dips
    because one office is late.
    """
    last = max((m.bulan for m in months), default=0)
    spendable = sum((o.pagu_efektif for o in offices), ZERO)
    per_office: dict[str, dict[int, MonthRow]] = defaultdict(dict)
    for m in months:
        per_office[m.kdsatker][m.bulan] = m
    points: list[NationalMonth] = []
    carried: dict[str, Decimal] = {}
    resolved = 0
    for bulan in range(1, last + 1):
        this_month = 0
        for kd, rows in per_office.items():
            if bulan in rows:
                carried[kd] = rows[bulan].realisasi_kumulatif or ZERO
                this_month += rows[bulan].kasus_selesai_bulan or 0
        resolved += this_month
        real = sum(carried.values(), ZERO)
        points.append(NationalMonth(bulan, real, _pct(real, spendable), this_month, resolved))
    return points


def monthly_chart(points: Sequence[NationalMonth]) -> str:
    """Cumulative absorption (left axis) against cumulative cases resolved (right axis)."""
    f = _Frame(left=58, top=36, width=632, height=250, x_min=0.5, x_max=12.5, y_max=100.0)
    pct_max = _nice_max(max((float(p.penyerapan_pct or 0) for p in points), default=0.0), 100.0)
    case_max = _nice_max(max((p.kasus_selesai_kumulatif for p in points), default=0), 10.0)
    fp = _Frame(f.left, f.top, f.width, f.height, f.x_max, pct_max, f.x_min)
    fc = _Frame(f.left, f.top, f.width, f.height, f.x_max, case_max, f.x_min)
    body = [
        f'<rect x="{f.left}" y="{f.top}" width="{f.width}" height="{f.height}" class="bingkai"/>'
    ]
    for k in range(6):
        y = f.bottom - k * f.height / 5
        body.append(_line(f.left, y, f.right, y, "grid"))
        body.append(
            _text(
                f.left - 8, y + 4, f"{format_angka(Decimal(str(pct_max * k / 5)))}%", "tik", "end"
            )
        )
        body.append(_text(f.right + 8, y + 4, format_angka(Decimal(str(case_max * k / 5))), "tik"))
    for b in range(1, 13):
        body.append(_text(f.x(b), f.bottom + 18, BULAN_PENDEK[b - 1], "tik", "middle"))
    body.append(_time_line(fp))
    body.append(
        _series(
            fp,
            [(p.bulan, float(p.penyerapan_pct)) for p in points if p.penyerapan_pct is not None],
            "serapan",
        )
    )
    body.append(_series(fc, [(p.bulan, float(p.kasus_selesai_kumulatif)) for p in points], "kasus"))
    body.extend(_monthly_legend(f))
    return _svg(
        760, 330, "Penyerapan kumulatif nasional dan kasus selesai kumulatif per bulan", body
    )


def _time_line(f: _Frame) -> str:
    """Absorption that keeps pace with the calendar: b/12 of the pagu at the end of month b."""
    return (
        f'<polyline class="garis-waktu" points="{_n(f.x(0.5))},{_n(f.y(100 / 24))} '
        f'{_n(f.x(12))},{_n(f.y(100))}"/>'
    )


def _series(f: _Frame, pts: Sequence[tuple[int, float]], cls: str) -> str:
    if not pts:
        return ""
    coords = " ".join(f"{_n(f.x(b))},{_n(f.y(v))}" for b, v in pts)
    dots = "".join(
        f'<circle class="titik-bulan {cls}" cx="{_n(f.x(b))}" cy="{_n(f.y(v))}" r="3.5"/>'
        for b, v in pts
    )
    return f'<polyline class="garis {cls}" points="{coords}"/>{dots}'


def _monthly_legend(f: _Frame) -> list[str]:
    y = f.top - 16
    return [
        _line(f.left, y, f.left + 26, y, "garis serapan"),
        _text(f.left + 32, y + 4, "Penyerapan kumulatif (% pagu efektif, sumbu kiri)", "legenda"),
        _line(f.left + 338, y, f.left + 364, y, "garis kasus"),
        _text(f.left + 370, y + 4, "Kasus selesai kumulatif (sumbu kanan)", "legenda"),
        _line(f.right - 128, f.bottom - 14, f.right - 104, f.bottom - 14, "garis-waktu"),
        _text(f.right - 98, f.bottom - 10, "laju waktu (m/12)", "legenda kecil"),
    ]


def sparkline(rows: Sequence[MonthRow]) -> str:
    """An office's cumulative absorption by month, against the straight line of time."""
    f = _Frame(left=2, top=3, width=156, height=30, x_min=0.5, x_max=12.5, y_max=100.0)
    pts = [
        (r.bulan, float(r.penyerapan_kumulatif_pct))
        for r in rows
        if r.penyerapan_kumulatif_pct is not None
    ]
    body = [
        _time_line(f),
        _line(f.left, f.bottom, f.right, f.bottom, "sumbu"),
    ]
    if pts:
        coords = " ".join(f"{_n(f.x(b))},{_n(f.y(v))}" for b, v in pts)
        body.append(f'<polyline class="garis serapan" points="{coords}"/>')
    return _svg(160, 36, "Penyerapan kumulatif per bulan", body, cls="grafik mini")


# --------------------------------------------------------------------------- sections


def _badge(kuadran: str) -> str:
    color = WARNA.get(kuadran, WARNA[TANPA_ORIENTASI])
    return f'<span class="lencana" style="background:{color}">{_e(kuadran)}</span>'


def _office_cells(o: Office) -> str:
    return f'<td class="kode">{_e(o.kdsatker)}</td><td>{_e(o.nama)}</td>'


def _table(head: Sequence[str], rows: Iterable[str], cls: str = "") -> str:
    ths = "".join(f"<th>{h}</th>" for h in head)
    c = f' class="{cls}"' if cls else ""
    return f"<table{c}><thead><tr>{ths}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _null_reasons(o: Office, indicators: Sequence[Indicator]) -> list[str]:
    """Say in words why an office has no place on the chart, so a blank is never a mystery."""
    reasons = []
    if o.rasio_serapan is None:
        if o.bulan_berjalan is None:
            reasons.append("rasio serapan kosong: belum ada SP2D yang diterima tahun ini")
        elif o.pagu_efektif <= 0:
            reasons.append("rasio serapan kosong: pagu efektif (pagu − blokir) nol")
        else:
            reasons.append("rasio serapan kosong: tidak dapat dihitung")
    if o.rasio_hasil is None:
        own = [i for i in indicators if i.kdsatker == o.kdsatker]
        if not own:
            reasons.append("rasio hasil kosong: tidak ada indikator outcome yang bertarget")
        else:
            reasons.append(
                f"rasio hasil kosong: capaian {len(own)} indikator outcome belum dapat dihitung "
                "(nilai atau target prorata nol/kosong)"
            )
    return reasons


def section_orientasi(data: ReportData) -> str:
    """Section 1: where each office stands, goal against target oriented."""
    rows = []
    for i, o in enumerate(data.offices, 1):
        rows.append(
            f'<tr data-kdsatker="{_e(o.kdsatker)}"><td class="angka">{i}</td>{_office_cells(o)}'
            f'<td class="angka">{format_persen(o.penyerapan_pct)}</td>'
            f'<td class="angka">{format_rasio(o.rasio_serapan)}</td>'
            f'<td class="angka">{format_rasio(o.rasio_hasil)}</td><td>{_badge(o.kuadran)}</td></tr>'
        )
    missing = [
        f"<li><b>{_e(o.kdsatker)} {_e(o.nama)}</b>: {_e('; '.join(_null_reasons(o, data.indicators)))}</li>"
        for o in data.offices
        if o.rasio_serapan is None or o.rasio_hasil is None
    ]
    missing_html = (
        '<div class="catatan"><h3>Satker yang tidak dapat ditempatkan pada grafik</h3>'
        f"<ul>{''.join(missing)}</ul></div>"
        if missing
        else ""
    )
    legend = "".join(
        f"<li>{_badge(k)} {_e(ARTI[k])}: <b>{_count(data.offices, k)}</b> satker</li>"
        for k in ORIENTASI
    )
    head = ["No", "Kode", "Satker", "Penyerapan", "Rasio serapan", "Rasio hasil", "Orientasi"]
    return (
        '<section id="orientasi"><h2>1. Orientasi satker: serapan anggaran dan hasil bagi PMI</h2>'
        "<p>Setiap titik adalah satu satker, bernomor sesuai tabel di bawah. Sumbu mendatar: rasio "
        "serapan; sumbu tegak: rasio hasil. Garis putus-putus adalah ambang 0,9 dan 0,7.</p>"
        f'<figure>{scatter_orientasi(data.offices)}</figure><ul class="legenda-kuadran">{legend}</ul>'
        f"{missing_html}{_table(head, rows, 'rapat')}</section>"
    )


def _count(offices: Iterable[Office], kuadran: str) -> int:
    return sum(1 for o in offices if o.kuadran == kuadran)


def section_untraced(data: ReportData) -> str:
    """Section 2: spending no outcome accounts for, per office, and its largest lines."""
    ordered = sorted(data.offices, key=lambda o: (-(o.realisasi_untraced or ZERO), o.kdsatker))
    bars = [
        Bar(
            o.nama,
            o.realisasi_untraced,
            f"{format_rupiah_ringkas(o.realisasi_untraced)} ({format_persen(o.untraced_pct)})",
            "#d35400",
            o.kdsatker,
        )
        for o in ordered
    ]
    groups = []
    for o in ordered:
        lines = data.untraced.get(o.kdsatker, [])
        total = data.untraced_count.get(o.kdsatker, 0)
        shown = (
            f"{len(lines)} terbesar dari {total} baris" if total > len(lines) else f"{total} baris"
        )
        amount = f" · {format_rupiah(o.realisasi_untraced)} · {shown}" if lines else ""
        head = (
            f'<tr class="grup"><th colspan="4">{_e(o.kdsatker)} {_e(o.nama)}{_e(amount)}</th></tr>'
        )
        if not lines:
            body = '<tr><td colspan="4" class="kosong">Tidak ada belanja tanpa jejak.</td></tr>'
        else:
            body = "".join(
                f'<tr><td class="angka">{k}</td><td class="kode">{_kode_wrap(ln.kode_anggaran)}</td>'
                f'<td>{_e(ln.uraian or "–")}</td><td class="angka">{_e(format_rupiah(ln.realisasi))}</td></tr>'
                for k, ln in enumerate(lines, 1)
            )
        groups.append(f'<tbody data-kdsatker="{_e(o.kdsatker)}">{head}{body}</tbody>')
    ths = "".join(f"<th>{h}</th>" for h in ("#", "Kode anggaran", "Uraian", "Realisasi"))
    return (
        '<section id="tanpa-jejak"><h2>2. Belanja tanpa jejak per satker</h2>'
        "<p>Realisasi pada baris anggaran yang RO-nya belum dipetakan penuh (100%) ke indikator: "
        "rupiah yang tidak dapat ditunjukkan hasilnya. Angka dalam kurung: bagian dari realisasi satker.</p>"
        f"<figure>{bar_chart(bars, 'Realisasi tanpa jejak per satker')}</figure>"
        "<h3>Baris anggaran tanpa jejak terbesar</h3>"
        f'<table class="baris-anggaran"><thead><tr>{ths}</tr></thead>{"".join(groups)}</table></section>'
    )


def section_efisiensi(data: ReportData) -> str:
    """Section 3: what a resolved case costs and what workers got back per rupiah spent."""
    cost = sorted(
        data.offices,
        key=lambda o: (
            o.biaya_per_kasus_selesai is None,
            -(o.biaya_per_kasus_selesai or ZERO),
            o.kdsatker,
        ),
    )
    gain = sorted(
        data.offices,
        key=lambda o: (
            o.rp_hak_per_rp_belanja is None,
            -(o.rp_hak_per_rp_belanja or ZERO),
            o.kdsatker,
        ),
    )
    cost_bars = [
        Bar(
            o.nama,
            o.biaya_per_kasus_selesai,
            format_rupiah_ringkas(o.biaya_per_kasus_selesai)
            if o.biaya_per_kasus_selesai is not None
            else "tidak dihitung" + (" (0 kasus selesai)" if not o.kasus_selesai else ""),
            o.warna,
            o.kdsatker,
        )
        for o in cost
    ]
    gain_bars = [
        Bar(
            o.nama,
            o.rp_hak_per_rp_belanja,
            f"Rp {format_rasio(o.rp_hak_per_rp_belanja, 4)}"
            if o.rp_hak_per_rp_belanja is not None
            else "tidak dihitung" + (" (realisasi 0)" if not o.realisasi else ""),
            o.warna,
            o.kdsatker,
        )
        for o in gain
    ]
    rows = [
        f'<tr data-kdsatker="{_e(o.kdsatker)}">{_office_cells(o)}'
        f'<td class="angka">{_e(format_rupiah(o.realisasi))}</td>'
        f'<td class="angka">{_e(format_angka(o.kasus_selesai or 0))} / {_e(format_angka(o.kasus_diterima or 0))}</td>'
        f'<td class="angka">{_e(format_rupiah(o.biaya_per_kasus_selesai))}</td>'
        f'<td class="angka">{_e(format_rupiah(o.hak_dipulihkan_rp))}</td>'
        f'<td class="angka">{_e(format_rasio(o.rp_hak_per_rp_belanja, 4))}</td></tr>'
        for o in data.offices
    ]
    head = [
        "Kode",
        "Satker",
        "Realisasi",
        "Kasus selesai / diterima",
        "Biaya per kasus selesai",
        "Hak PMI dipulihkan",
        "Rp hak per Rp belanja",
    ]
    return (
        '<section id="efisiensi"><h2>3. Biaya per kasus selesai dan hak PMI yang dipulihkan</h2>'
        "<p><b>Biaya per kasus selesai</b>: realisasi yang dialokasikan ke indikator outcome dibagi "
        "jumlah kasus tahun ini yang selesai. <b>Rp hak per Rp belanja</b>: hak PMI yang dipulihkan "
        "(mis. gaji yang dibayarkan) untuk setiap rupiah realisasi satker. Warna batang: orientasi satker.</p>"
        "<figure><figcaption>Biaya per kasus selesai (terbesar di atas)</figcaption>"
        f"{bar_chart(cost_bars, 'Biaya per kasus selesai per satker')}</figure>"
        "<figure><figcaption>Rupiah hak PMI dipulihkan per rupiah belanja (terbesar di atas)"
        f"</figcaption>{bar_chart(gain_bars, 'Rupiah hak dipulihkan per rupiah belanja per satker')}"
        "</figure>"
        f"{_table(head, rows, 'rapat')}</section>"
    )


def section_bulanan(data: ReportData) -> str:
    """Section 4: the absorption curve against what came out of it, month by month."""
    points = _cumulative_national(data.offices, data.months)
    if not points:
        chart = '<p class="kosong">Belum ada data bulanan untuk tahun ini.</p>'
    else:
        chart = f"<figure>{monthly_chart(points)}</figure>"
    by_office: dict[str, list[MonthRow]] = defaultdict(list)
    for m in data.months:
        by_office[m.kdsatker].append(m)
    rows = []
    for o in data.offices:
        own = by_office.get(o.kdsatker, [])
        last = own[-1] if own else None
        rows.append(
            f'<tr data-kdsatker="{_e(o.kdsatker)}">{_office_cells(o)}'
            f'<td class="angka">{_e(_bulan_label(o.bulan_berjalan))}</td>'
            f'<td class="mini">{sparkline(own)}</td>'
            f'<td class="angka">{_e(format_persen(last.penyerapan_kumulatif_pct if last else None))}</td>'
            f'<td class="angka">{_e(format_angka(sum(m.kasus_selesai_bulan or 0 for m in own)))}</td></tr>'
        )
    table_rows = "".join(
        f'<tr><td>{BULAN[b - 1]}</td><td class="angka">{_e(format_rupiah(r))}</td>'
        f'<td class="angka">{_e(format_persen(p, 2))}</td>'
        f'<td class="angka">{_e(format_persen(Decimal(b * 100) / 12, 2))}</td>'
        f'<td class="angka">{_e(format_angka(c))}</td><td class="angka">{_e(format_angka(cum))}</td></tr>'
        for b, r, p, c, cum in points
    )
    month_head = [
        "Bulan",
        "Realisasi kumulatif",
        "Penyerapan kumulatif",
        "Laju waktu",
        "Kasus selesai",
        "Kasus selesai kumulatif",
    ]
    head = [
        "Kode",
        "Satker",
        "Data s.d.",
        "Penyerapan kumulatif per bulan",
        "Penyerapan",
        "Kasus diselesaikan (menurut tgl selesai)",
    ]
    return (
        '<section id="bulanan"><h2>4. Kurva serapan bulanan dan hasil</h2>'
        "<p>Penyerapan kumulatif nasional (jumlah realisasi kumulatif semua satker dibagi jumlah pagu "
        "efektif) dibandingkan dengan jumlah kasus yang selesai sejak Januari. Garis abu-abu "
        "putus-putus: penyerapan yang sejalan dengan waktu. Satker yang datanya berhenti lebih awal "
        "dihitung dengan realisasi kumulatif terakhirnya.</p>"
        f"{chart}{_table(month_head, [table_rows], 'rapat')}"
        '<p class="kecil">Kasus selesai dihitung menurut bulan tanggal selesai, termasuk kasus '
        "yang diadukan pada tahun sebelumnya. Laju waktu: porsi tahun yang telah berjalan.</p>"
        "<h3>Per satker</h3>"
        f"{_table(head, rows, 'rapat sejajar')}</section>"
    )


def _bulan_label(bulan: int | None) -> str:
    return "belum ada SP2D" if bulan is None else BULAN[bulan - 1]


def section_indikator(data: ReportData) -> str:
    """Section 5: the outcome indicators behind `rasio_hasil`, so the ratio can be checked."""
    ids = sorted({i.indikator_id for i in data.indicators})
    if not ids:
        return (
            '<section id="indikator"><h2>5. Capaian indikator outcome</h2>'
            '<p class="kosong">Tidak ada indikator outcome yang bertarget tahun ini.</p></section>'
        )
    cells = {(i.kdsatker, i.indikator_id): i for i in data.indicators}
    names = {i.indikator_id: i.nama_indikator or i.indikator_id for i in data.indicators}
    rows = []
    for o in data.offices:
        tds = "".join(_capaian_cell(cells.get((o.kdsatker, k))) for k in ids)
        rows.append(
            f'<tr data-kdsatker="{_e(o.kdsatker)}">{_office_cells(o)}{tds}'
            f'<td class="angka"><b>{_e(format_rasio(o.rasio_hasil))}</b></td></tr>'
        )
    key = "".join(f"<li><b>{_e(k)}</b>: {_e(names[k])}</li>" for k in ids)
    head = ["Kode", "Satker", *(_e(k) for k in ids), "Rasio hasil"]
    return (
        '<section id="indikator"><h2>5. Capaian indikator outcome</h2>'
        "<p>Capaian (% terhadap target prorata) setiap indikator outcome yang bertarget. Rasio hasil "
        "adalah rata-rata capaian ini, masing-masing dibatasi 120%, dibagi 100. Sel kosong (–): "
        "indikator tanpa target di satker itu atau capaian belum dapat dihitung.</p>"
        f'{_table(head, rows, "rapat matriks")}<ul class="kecil">{key}</ul></section>'
    )


def _capaian_cell(ind: Indicator | None) -> str:
    if ind is None or ind.capaian_pct is None:
        return '<td class="angka sel-kosong">–</td>'
    if ind.capaian_pct >= 90:
        cls = "sel-baik"
    elif ind.capaian_pct >= 70:
        cls = "sel-sedang"
    else:
        cls = "sel-buruk"
    return f'<td class="angka {cls}">{_e(format_persen(ind.capaian_pct))}</td>'


def section_header(data: ReportData) -> str:
    """Title, period, publication time, headline numbers and how to read the ratios."""
    months = sorted({o.bulan_berjalan for o in data.offices if o.bulan_berjalan is not None})
    if not months:
        period = "belum ada SP2D yang diterima"
    elif len(months) == 1:
        period = f"s.d. {BULAN[months[0] - 1]} {data.thang} (bulan ke-{months[0]} dari 12)"
    else:
        period = (
            f"s.d. {BULAN[months[-1] - 1]} {data.thang} (bulan ke-{months[0]} s.d. ke-{months[-1]}, "
            "berbeda antar-satker)"
        )
    meta = (
        f'<dl class="meta"><dt>Tahun anggaran</dt><dd>{_e(data.thang or "–")}</dd>'
        f"<dt>Bulan berjalan</dt><dd>{_e(period)}</dd>"
        f"<dt>Data diterbitkan</dt><dd>{_e(_waktu_wib(data.published_at))}</dd>"
        f"<dt>Jumlah satker</dt><dd>{len(data.offices)}</dd></dl>"
    )
    return (
        '<header><p class="instansi">Kementerian Pelindungan Pekerja Migran Indonesia (KP2MI) · '
        "Jejak Rupiah</p>"
        f"<h1>Kartu Kinerja Anggaran dan Hasil BP3MI {_e(data.thang or '')}</h1>"
        f"{meta}</header>{_kpis(data)}{_explanation()}"
    )


def _kpis(data: ReportData) -> str:
    offices = data.offices
    spendable = sum((o.pagu_efektif for o in offices), ZERO)
    real = sum((o.realisasi or ZERO for o in offices), ZERO)
    untraced = sum((o.realisasi_untraced or ZERO for o in offices), ZERO)
    hak = sum((o.hak_dipulihkan_rp or ZERO for o in offices), ZERO)
    done = sum(o.kasus_selesai or 0 for o in offices)
    received = sum(o.kasus_diterima or 0 for o in offices)
    per_rp = None if real == 0 else hak / real
    cards = [
        ("Pagu efektif", format_rupiah_ringkas(spendable), "pagu − blokir"),
        (
            "Realisasi",
            format_rupiah_ringkas(real),
            f"penyerapan {format_persen(_pct(real, spendable))}",
        ),
        (
            "Belanja tanpa jejak",
            format_rupiah_ringkas(untraced),
            f"{format_persen(_pct(untraced, real))} dari realisasi",
        ),
        ("Kasus selesai", format_angka(done), f"dari {format_angka(received)} kasus tahun ini"),
        (
            "Hak PMI dipulihkan",
            format_rupiah_ringkas(hak),
            f"Rp {format_rasio(per_rp, 4)} per Rp belanja",
        ),
    ]
    items = "".join(
        f'<div class="kartu"><div class="kartu-judul">{_e(t)}</div><div class="kartu-nilai">{_e(v)}</div>'
        f'<div class="kartu-ket">{_e(s)}</div></div>'
        for t, v, s in cards
    )
    return f'<div class="kartu-baris">{items}</div>'


def _explanation() -> str:
    return (
        '<section class="penjelasan"><h2>Cara membaca</h2><ul>'
        "<li><b>Rasio serapan</b> = penyerapan anggaran (realisasi ÷ (pagu − blokir)) dibagi porsi "
        "tahun yang telah berjalan (m/12). Nilai 1,00 berarti serapan tepat sejalan dengan waktu.</li>"
        "<li><b>Rasio hasil</b> = rata-rata capaian indikator outcome satker terhadap target prorata "
        "(setiap capaian dibatasi 120%), dibagi 100. Nilai 1,00 berarti target tercapai.</li>"
        "<li><b>Goal oriented</b>: rasio serapan ≥ 0,9 dan rasio hasil ≥ 0,9. <b>Target oriented</b>: "
        "rasio serapan ≥ 0,9 tetapi rasio hasil &lt; 0,7, yaitu anggaran habis tanpa hasil bagi PMI. "
        "<b>Hemat</b>: rasio serapan &lt; 0,9 dan rasio hasil ≥ 0,9. <b>Tertinggal</b>: selebihnya.</li>"
        "<li><b>Belanja tanpa jejak</b>: realisasi yang tidak dapat ditelusuri ke indikator hasil mana "
        "pun. Rupiah ditampilkan tanpa sen; Rp … M = miliar, jt = juta, T = triliun.</li>"
        "</ul></section>"
    )


# --------------------------------------------------------------------------- page

CSS = """
*{box-sizing:border-box}
body{margin:0;background:#f4f5f7;color:#1f2933;font:14px/1.45 "Segoe UI",Roboto,"Helvetica Neue",
Arial,"Liberation Sans","DejaVu Sans",sans-serif}
main{max-width:1040px;margin:0 auto;background:#fff;padding:28px 40px 40px}
header{border-bottom:3px solid #0b4f8a;padding-bottom:12px;margin-bottom:16px}
.instansi{margin:0;color:#0b4f8a;font-weight:600;letter-spacing:.02em;font-size:13px}
h1{font-size:25px;margin:4px 0 10px;color:#102a43}
h2{font-size:19px;color:#0b4f8a;border-bottom:1px solid #d9e2ec;padding-bottom:4px;margin:30px 0 10px}
h3{font-size:15px;margin:18px 0 6px;color:#243b53}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0;font-size:13px}
.meta dt{color:#627d98}.meta dd{margin:0;font-weight:600}
nav{font-size:13px;margin:6px 0 0}nav a{color:#0b4f8a;margin-right:14px;text-decoration:none}
.kartu-baris{display:grid;grid-template-columns:repeat(5,1fr);gap:10px;margin:14px 0}
.kartu{border:1px solid #d9e2ec;border-radius:6px;padding:10px 12px;background:#f8fafc}
.kartu-judul{font-size:12px;color:#627d98;text-transform:uppercase;letter-spacing:.03em}
.kartu-nilai{font-size:20px;font-weight:700;color:#102a43;margin:2px 0}
.kartu-ket{font-size:12px;color:#486581}
.penjelasan{background:#f8fafc;border-left:4px solid #0b4f8a;padding:2px 16px 6px;margin:8px 0}
.penjelasan h2{border:0;margin:10px 0 4px;font-size:16px}
.penjelasan ul{margin:4px 0;padding-left:18px;font-size:13px}
figure{margin:10px 0;break-inside:avoid}
figcaption{font-weight:600;font-size:13px;margin-bottom:4px;color:#243b53}
svg.grafik{width:100%;height:auto;display:block;font-size:12px}
svg.mini{width:160px;height:36px}
svg text{fill:#243b53}
.bingkai{fill:none;stroke:#9fb3c8}
.sumbu{stroke:#9fb3c8}.grid{stroke:#eef2f6}
.tik{font-size:11px;fill:#486581}
.judul-sumbu{font-size:13px;font-weight:600}
.ambang{stroke:#52606d;stroke-width:1.2;stroke-dasharray:5 4}
.ket-ambang{font-size:11px;fill:#52606d}
.kuadran{font-size:13px;font-weight:700;letter-spacing:.06em}
.titik circle{stroke:#fff;stroke-width:1.5}
.titik circle.asli{fill:#334e68;stroke:none}
.penunjuk{stroke:#334e68;stroke-width:1}
.nomor{font-size:10px;font-weight:700;fill:#fff}
.label-titik{font-size:11px;fill:#102a43}
.label-batang{font-size:12px}.nilai-batang{font-size:11.5px;fill:#334e68}
.garis{fill:none;stroke-width:2.5}
.garis.serapan,.titik-bulan.serapan{stroke:#0b4f8a}.titik-bulan.serapan{fill:#0b4f8a}
.garis.kasus{stroke:#2e7d32}.titik-bulan.kasus{fill:#2e7d32;stroke:#2e7d32}
.garis-waktu{fill:none;stroke:#9aa5b1;stroke-width:1.5;stroke-dasharray:4 4}
.legenda{font-size:12px}.legenda.kecil{font-size:11px;fill:#627d98}
.legenda-kuadran{list-style:none;padding:0;margin:4px 0 10px;display:grid;
grid-template-columns:1fr 1fr;gap:4px 18px;font-size:13px}
.lencana{display:inline-block;color:#fff;border-radius:10px;padding:0 8px;font-size:12px;
font-weight:600;white-space:nowrap}
table{border-collapse:collapse;width:100%;font-size:12.5px;margin:8px 0}
th{background:#eef2f6;text-align:left;font-weight:600;color:#243b53}
th,td{border-bottom:1px solid #e4e7eb;padding:4px 7px;vertical-align:top}
table.rapat td,table.rapat th{padding:3px 7px}
td.angka{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.kode{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:11.5px;color:#334e68}
tr.grup th{background:#fff4e0;color:#7a4100;border-top:2px solid #e8c9a0}
td.kosong,p.kosong{color:#7b8794;font-style:italic}
td.mini{padding:1px 7px}
.catatan{background:#fafafa;border:1px solid #e4e7eb;border-radius:6px;padding:4px 14px;margin:8px 0}
table.sejajar td{vertical-align:middle}
.catatan h3{margin:8px 0 4px}.catatan ul{margin:4px 0 8px;padding-left:18px;font-size:13px}
.dua-kolom{display:grid;grid-template-columns:1fr 1fr;gap:18px}
.kecil{font-size:12px;color:#52606d}
.matriks td.sel-baik{background:#e8f5e9}.matriks td.sel-sedang{background:#fff4e0}
.matriks td.sel-buruk{background:#fdecea}.matriks td.sel-kosong{color:#9aa5b1}
footer{margin-top:30px;border-top:1px solid #d9e2ec;padding-top:8px;font-size:11.5px;color:#627d98}
@media (max-width:800px){.dua-kolom,.kartu-baris{grid-template-columns:1fr}main{padding:16px}}
@media print{
@page{size:A4;margin:12mm}
body{background:#fff;font-size:10pt}
main{max-width:none;padding:0}
nav{display:none}
h2{break-after:avoid}
tr,figure,.kartu{break-inside:avoid}
.kartu-baris{grid-template-columns:repeat(5,1fr)}
}
"""

# Marks, in the DOM, how many charts the browser actually laid out: the
# headless-browser test reads it, readers never see it.
RENDER_PROBE = (
    "<script>(function(){var s=document.querySelectorAll('svg.grafik'),n=0;"
    "for(var i=0;i<s.length;i++){var r=s[i].getBoundingClientRect();if(r.width>0&&r.height>0)n++;}"
    "document.body.setAttribute('data-grafik-tampil',n+'/'+s.length);})();</script>"
)


def render_html(data: ReportData) -> str:
    """The whole page as one string: inline CSS, inline SVG, nothing fetched from anywhere."""
    title = f"Kartu Kinerja Anggaran dan Hasil BP3MI {data.thang or ''}".strip()
    if not data.offices:
        content = section_header(data) + '<p class="kosong">Belum ada data kartu kinerja.</p>'
    else:
        content = (
            section_header(data)
            + '<nav><a href="#orientasi">1. Orientasi</a><a href="#tanpa-jejak">2. Belanja tanpa '
            'jejak</a><a href="#efisiensi">3. Biaya dan hak PMI</a><a href="#bulanan">4. Kurva '
            'bulanan</a><a href="#indikator">5. Indikator outcome</a></nav>'
            + section_orientasi(data)
            + section_untraced(data)
            + section_efisiensi(data)
            + section_bulanan(data)
            + section_indikator(data)
        )
    footer = (
        "<footer>Sumber: skema <code>marts</code> gudang data Jejak Rupiah yang diterbitkan "
        f"(office_scorecard, untraced_spending, office_month, indicator_achievement), tahun {_e(data.thang or '–')}"
        f"{', run ' + _e(data.run_id) if data.run_id else ''}. Halaman ini berdiri sendiri: "
        "dapat dibuka tanpa internet dan dicetak pada kertas A4.</footer>"
    )
    return (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head>"
        f"<body><main>{content}{footer}</main>{RENDER_PROBE}</body></html>"
    )


def build_report(published_db: Path, out_path: Path) -> ReportSummary:
    """Read the published warehouse (read-only) and write the scorecard page atomically.

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
    quadrants = {k: _count(data.offices, k) for k in (*ORIENTASI, TANPA_ORIENTASI)}
    return ReportSummary(
        path=out_path, thang=data.thang, offices=len(data.offices), quadrants=quadrants
    )
