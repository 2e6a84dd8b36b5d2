"""What each part of the page shows, worked out from `ReportData` before rendering.

Templates only lay out and word things; the ordering, totals, truncation and
charts are decided here, in Python, where they can be tested. Money is summed
as `Decimal`; floats appear only where a chart needs them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from markupsafe import Markup

from pipelines.publish.report import charts
from pipelines.publish.report.data import (
    ZERO,
    CompositionRow,
    DeliveryIssue,
    Execution,
    ExecutionMonth,
    Indicator,
    MonthRow,
    Office,
    ReportData,
    UntracedLine,
)
from pipelines.publish.report.formatting import (
    format_number,
    format_percent,
    format_ratio,
    format_rupiah_short,
    percent_of,
)
from pipelines.publish.report.guides import (
    NO_ORIENTASI,
    NO_RAPOR_VS_HASIL,
    ORIENTASI,
    RAPOR_BAIK_HASIL_KOSONG,
    RAPOR_VS_HASIL,
    TRAVEL_MEETING_HONOR_GROUPS,
    QuadrantGuides,
    ReportGuides,
    category_color,
    report_guides,
)

# Lines of "what to send" on an office's sheet; more would not fit one A4 page.
DELIVERY_ISSUES_PER_OFFICE = 5
UNTRACED_BAR_COLOR = "#d35400"


def orientation_scheme(guides: QuadrantGuides) -> charts.QuadrantScheme:
    """The orientation chart: rasio serapan × rasio hasil, cut where the parameters say."""
    return charts.QuadrantScheme(
        top_right="goal oriented",
        bottom_right="target oriented",
        top_left="hemat",
        rest="tertinggal",
        x_guide=_float(guides.x),
        y_high=_float(guides.y_high),
        y_low=_float(guides.y_low),
        x_label="Rasio serapan →",
        y_label="Rasio hasil →",
        x_guide_label=f"serapan {format_ratio(guides.x, 1)}",
    )


def execution_scheme(guides: QuadrantGuides) -> charts.QuadrantScheme:
    """The 'rapor vs hasil' chart: nilai eksekusi × rasio hasil."""
    return charts.QuadrantScheme(
        top_right="rapor baik, hasil nyata",
        bottom_right="rapor baik, hasil kosong",
        top_left="rapor kurang, hasil nyata",
        rest="perlu pembinaan",
        x_guide=_float(guides.x),
        y_high=_float(guides.y_high),
        y_low=_float(guides.y_low),
        x_label="Nilai eksekusi anggaran (rapor, mirip IKPA) →",
        y_label="Rasio hasil →",
        x_guide_label=f"nilai {format_number(guides.x)}",
        x_tick="score",
    )


@dataclass(frozen=True)
class Totals:
    """National sums over the offices of the year, as `Decimal` rupiah."""

    pagu_efektif: Decimal
    realisasi: Decimal
    realisasi_untraced: Decimal
    hak_dipulihkan_rp: Decimal
    kasus_selesai: int
    kasus_diterima: int

    @property
    def penyerapan_pct(self) -> Decimal | None:
        return percent_of(self.realisasi, self.pagu_efektif)

    @property
    def untraced_pct(self) -> Decimal | None:
        return percent_of(self.realisasi_untraced, self.realisasi)

    @property
    def hak_per_rp_belanja(self) -> Decimal | None:
        return None if self.realisasi == 0 else self.hak_dipulihkan_rp / self.realisasi


@dataclass(frozen=True)
class NationalMonth:
    """One month of the national curve: cumulative rupiah and absorption, cases resolved."""

    bulan: int
    realisasi_kumulatif: Decimal
    penyerapan_pct: Decimal | None
    kasus_selesai: int
    kasus_selesai_kumulatif: int


@dataclass(frozen=True)
class OfficeMonthly:
    """An office's row in the national monthly table."""

    office: Office
    sparkline: Markup
    penyerapan_kumulatif_pct: Decimal | None
    kasus_selesai: int


@dataclass(frozen=True)
class RaporRow:
    """An office in the 'Rapor vs hasil' table."""

    number: int
    office: Office
    execution: Execution | None


@dataclass(frozen=True)
class OfficeSheet:
    """Everything on one office's A4 sheet."""

    number: int
    total: int
    office: Office
    execution: Execution | None
    has_plan: bool  # False: no accepted RPD for the year (or execution_month not published)
    rencana_total: Decimal | None
    realisasi_total: Decimal | None
    plan_chart: Markup | None
    composition: list[CompositionRow]
    composition_chart: Markup | None
    untraced_lines: list[UntracedLine]
    untraced_count: int
    delivery_issues: list[DeliveryIssue]
    delivery_issue_count: int
    outcome_indicator_count: int

    @property
    def anchor(self) -> str:
        """Fragment id of the sheet: its position, never data, so it is always a safe id."""
        return f"lembar-{self.number}"


@dataclass
class ReportPage:
    """The whole page: the national section, then one sheet per office."""

    data: ReportData
    guides: ReportGuides
    totals: Totals
    months_elapsed: list[int]
    orientation_counts: dict[str, int]
    rapor_counts: dict[str, int]
    outcome_indicator_count: dict[str, int]
    orientation_chart: Markup | None = None
    execution_chart: Markup | None = None
    rapor_rows: list[RaporRow] = field(default_factory=list)
    untraced_chart: Markup | None = None
    untraced_offices: list[Office] = field(default_factory=list)
    cost_chart: Markup | None = None
    gain_chart: Markup | None = None
    national_months: list[NationalMonth] = field(default_factory=list)
    monthly_chart: Markup | None = None
    office_monthly: list[OfficeMonthly] = field(default_factory=list)
    indicator_ids: list[str] = field(default_factory=list)
    indicator_names: dict[str, str] = field(default_factory=dict)
    indicator_cells: dict[tuple[str, str], Indicator] = field(default_factory=dict)
    sheets: list[OfficeSheet] = field(default_factory=list)


def orientation_counts(offices: Sequence[Office]) -> dict[str, int]:
    """Offices per `orientasi` value, NULL counted as 'tanpa orientasi'."""
    counts = dict.fromkeys((*ORIENTASI, NO_ORIENTASI), 0)
    for o in offices:
        key = o.orientasi or NO_ORIENTASI
        counts[key] = counts.get(key, 0) + 1
    return counts


def rapor_counts(offices: Sequence[Office], execution: dict[str, Execution]) -> dict[str, int]:
    """Offices per `rapor_vs_hasil` value; NULL (or no execution row) is 'belum dapat dinilai'."""
    counts = dict.fromkeys((*RAPOR_VS_HASIL, NO_RAPOR_VS_HASIL), 0)
    for o in offices:
        e = execution.get(o.kdsatker)
        key = (e.rapor_vs_hasil if e else None) or NO_RAPOR_VS_HASIL
        counts[key] = counts.get(key, 0) + 1
    return counts


def build_page(data: ReportData) -> ReportPage:
    """Work out every section of the page from the marts read."""
    offices = data.offices
    outcome_count: dict[str, int] = defaultdict(int)
    for ind in data.indicators:
        outcome_count[ind.kdsatker] += 1
    page = ReportPage(
        data=data,
        guides=report_guides(data.parameters),
        totals=_totals(offices),
        months_elapsed=sorted({o.bulan_berjalan for o in offices if o.bulan_berjalan}),
        orientation_counts=orientation_counts(offices),
        rapor_counts=rapor_counts(offices, data.execution),
        outcome_indicator_count=dict(outcome_count),
    )
    if not offices:
        return page
    page.orientation_chart = _orientation_chart(
        offices, orientation_scheme(page.guides.orientation)
    )
    if data.has("office_execution"):
        page.rapor_rows = _rapor_rows(offices, data.execution)
        page.execution_chart = _execution_chart(
            page.rapor_rows, execution_scheme(page.guides.execution)
        )
    page.untraced_offices = sorted(
        offices, key=lambda o: (-(o.realisasi_untraced or ZERO), o.kdsatker)
    )
    page.untraced_chart = charts.bar_chart(
        [
            charts.Bar(
                o.display_name,
                _float(o.realisasi_untraced),
                f"{format_rupiah_short(o.realisasi_untraced)} ({format_percent(o.untraced_pct)})",
                UNTRACED_BAR_COLOR,
            )
            for o in page.untraced_offices
        ],
        key="tanpa-jejak",
    )
    page.cost_chart, page.gain_chart = _efficiency_charts(offices)
    page.national_months = national_months(offices, data.months)
    if page.national_months:
        page.monthly_chart = charts.national_monthly_chart(
            [
                charts.NationalMonthPoint(
                    m.bulan, _float(m.penyerapan_pct), m.kasus_selesai_kumulatif
                )
                for m in page.national_months
            ],
            key="bulanan",
        )
    page.office_monthly = _office_monthly(offices, data.months)
    page.indicator_ids = sorted({i.indikator_id for i in data.indicators})
    page.indicator_names = {
        i.indikator_id: i.nama_indikator or i.indikator_id for i in data.indicators
    }
    page.indicator_cells = {(i.kdsatker, i.indikator_id): i for i in data.indicators}
    page.sheets = [
        _sheet(number, len(offices), o, data, outcome_count.get(o.kdsatker, 0))
        for number, o in enumerate(offices, 1)
    ]
    return page


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _totals(offices: Sequence[Office]) -> Totals:
    return Totals(
        pagu_efektif=sum((o.pagu_efektif for o in offices), ZERO),
        realisasi=sum((o.realisasi or ZERO for o in offices), ZERO),
        realisasi_untraced=sum((o.realisasi_untraced or ZERO for o in offices), ZERO),
        hak_dipulihkan_rp=sum((o.hak_dipulihkan_rp or ZERO for o in offices), ZERO),
        kasus_selesai=sum(o.kasus_selesai or 0 for o in offices),
        kasus_diterima=sum(o.kasus_diterima or 0 for o in offices),
    )


def _orientation_chart(offices: Sequence[Office], scheme: charts.QuadrantScheme) -> Markup:
    points = [
        charts.ScatterPoint(
            n, o.short_name, float(o.rasio_serapan), float(o.rasio_hasil), o.orientasi
        )
        for n, o in enumerate(offices, 1)
        if o.rasio_serapan is not None and o.rasio_hasil is not None
    ]
    return charts.quadrant_scatter(
        points,
        scheme,
        (0.0, charts.ratio_axis_max([p.x for p in points])),
        (0.0, charts.ratio_axis_max([p.y for p in points])),
        key="orientasi",
    )


def _rapor_rows(offices: Sequence[Office], execution: dict[str, Execution]) -> list[RaporRow]:
    """'Rapor baik, hasil kosong' first (lowest outcome first), then the others by category.

    The offices the minister asked about lead the table; within them the one
    whose workers got least comes first, then the higher execution score.
    """
    order = {category: k for k, category in enumerate(RAPOR_VS_HASIL)}

    def key(pair: tuple[int, Office]) -> tuple:
        _, o = pair
        e = execution.get(o.kdsatker)
        category = e.rapor_vs_hasil if e else None
        if category == RAPOR_BAIK_HASIL_KOSONG:
            return (0, e.rasio_hasil or ZERO, -(e.nilai_eksekusi or ZERO), o.kdsatker)
        return (1, Decimal(order.get(category or "", len(order))), ZERO, o.kdsatker)

    numbered = sorted(enumerate(offices, 1), key=key)
    return [RaporRow(n, o, execution.get(o.kdsatker)) for n, o in numbered]


def _execution_chart(rows: Sequence[RaporRow], scheme: charts.QuadrantScheme) -> Markup:
    points = [
        charts.ScatterPoint(
            r.number,
            r.office.short_name,
            float(r.execution.nilai_eksekusi),
            float(r.execution.rasio_hasil),
            r.execution.rapor_vs_hasil,
        )
        for r in sorted(rows, key=lambda r: r.number)
        if r.execution
        and r.execution.nilai_eksekusi is not None
        and r.execution.rasio_hasil is not None
    ]
    return charts.quadrant_scatter(
        points,
        scheme,
        (charts.score_axis_min([p.x for p in points]), 100.0),
        (0.0, charts.ratio_axis_max([p.y for p in points])),
        key="rapor",
    )


def _efficiency_charts(offices: Sequence[Office]) -> tuple[Markup, Markup]:
    cost = sorted(
        offices,
        key=lambda o: (
            o.biaya_per_kasus_selesai is None,
            -(o.biaya_per_kasus_selesai or ZERO),
            o.kdsatker,
        ),
    )
    gain = sorted(
        offices,
        key=lambda o: (
            o.rp_hak_per_rp_belanja is None,
            -(o.rp_hak_per_rp_belanja or ZERO),
            o.kdsatker,
        ),
    )
    cost_bars = [
        charts.Bar(
            o.display_name,
            _float(o.biaya_per_kasus_selesai),
            format_rupiah_short(o.biaya_per_kasus_selesai)
            if o.biaya_per_kasus_selesai is not None
            else "tidak dihitung" + (" (0 kasus selesai)" if not o.kasus_selesai else ""),
            category_color(o.orientasi),
        )
        for o in cost
    ]
    gain_bars = [
        charts.Bar(
            o.display_name,
            _float(o.rp_hak_per_rp_belanja),
            f"Rp {format_ratio(o.rp_hak_per_rp_belanja, 4)}"
            if o.rp_hak_per_rp_belanja is not None
            else "tidak dihitung" + (" (realisasi 0)" if not o.realisasi else ""),
            category_color(o.orientasi),
        )
        for o in gain
    ]
    return charts.bar_chart(cost_bars, key="biaya"), charts.bar_chart(gain_bars, key="hak")


def national_months(offices: Sequence[Office], months: Sequence[MonthRow]) -> list[NationalMonth]:
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
        points.append(NationalMonth(bulan, real, percent_of(real, spendable), this_month, resolved))
    return points


def _office_monthly(offices: Sequence[Office], months: Sequence[MonthRow]) -> list[OfficeMonthly]:
    by_office: dict[str, list[MonthRow]] = defaultdict(list)
    for m in months:
        by_office[m.kdsatker].append(m)
    rows = []
    for n, o in enumerate(offices, 1):
        own = by_office.get(o.kdsatker, [])
        points = [
            (m.bulan, float(m.penyerapan_kumulatif_pct))
            for m in own
            if m.penyerapan_kumulatif_pct is not None
        ]
        rows.append(
            OfficeMonthly(
                office=o,
                sparkline=charts.sparkline(points, key=f"serapan-{n}"),
                penyerapan_kumulatif_pct=own[-1].penyerapan_kumulatif_pct if own else None,
                kasus_selesai=sum(m.kasus_selesai_bulan or 0 for m in own),
            )
        )
    return rows


def _sheet(
    number: int, total: int, o: Office, data: ReportData, outcome_indicators: int
) -> OfficeSheet:
    months = data.execution_months.get(o.kdsatker, [])
    has_plan = any(m.rencana_bulan is not None for m in months)
    plan = None
    if data.has("execution_month") and months:
        plan = charts.plan_chart(_plan_months(months), has_plan, key=f"rpd-{number}")
    composition = data.composition.get(o.kdsatker, [])
    composition_chart = None
    shares = [c for c in composition if c.porsi_pct is not None]
    if shares:
        composition_chart = charts.composition_chart(
            [
                charts.GroupShare(
                    c.kelompok_belanja,
                    float(c.porsi_pct),
                    format_percent(c.porsi_pct),
                    c.kelompok_belanja in TRAVEL_MEETING_HONOR_GROUPS,
                )
                for c in shares
            ],
            key=f"komposisi-{number}",
        )
    issues = data.delivery_issues.get(o.kdsatker, [])
    return OfficeSheet(
        number=number,
        total=total,
        office=o,
        execution=data.execution.get(o.kdsatker),
        has_plan=has_plan,
        rencana_total=_sum_or_none(m.rencana_bulan for m in months),
        realisasi_total=_sum_or_none(m.realisasi_bulan for m in months),
        plan_chart=plan,
        composition=composition,
        composition_chart=composition_chart,
        untraced_lines=data.untraced.get(o.kdsatker, []),
        untraced_count=data.untraced_count.get(o.kdsatker, 0),
        delivery_issues=issues[:DELIVERY_ISSUES_PER_OFFICE],
        delivery_issue_count=len(issues),
        outcome_indicator_count=outcome_indicators,
    )


def _plan_months(months: Sequence[ExecutionMonth]) -> list[charts.PlanMonth]:
    return [
        charts.PlanMonth(m.bulan, _float(m.rencana_bulan), _float(m.realisasi_bulan))
        for m in months
    ]


def _sum_or_none(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, ZERO) if present else None
