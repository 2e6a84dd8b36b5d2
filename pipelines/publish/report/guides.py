"""Where the report's guide lines come from, and the category values it lists.

The marts carry every classification themselves (`office_scorecard.orientasi`,
`office_execution.predikat_eksekusi` and `rapor_vs_hasil`): the report shows
those columns and never recomputes them. The thresholds only place the
dashed guide lines and shaded areas on the scatter charts and the numbers in
"Cara membaca". They are not restated here: they are read from the published
file's `meta` parameter tables (a copy of the dbt seed
`reference.ambang_klasifikasi` the marts were classified with, see
`data.load_parameters`). This module only names which parameter places which
line; a file without them gets no guide lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

# --- Which parameter (of `ambang_klasifikasi`) places each guide ---------------------
ORIENTATION_PARAMETERS = (
    "orientasi_rasio_serapan_min",  # x: rasio_serapan ≥ it ("serapan sesuai waktu")
    "orientasi_rasio_hasil_min",  # y: rasio_hasil ≥ it ("hasil nyata")
    "orientasi_rasio_hasil_di_bawah",  # y: rasio_hasil < it ("hasil kosong")
)
EXECUTION_PARAMETERS = (
    "rapor_vs_hasil_nilai_eksekusi_min",  # x: nilai_eksekusi ≥ it ("rapor baik")
    "rapor_vs_hasil_rasio_hasil_min",
    "rapor_vs_hasil_rasio_hasil_di_bawah",
)
CAPAIAN_CAP_PARAMETER = "rasio_hasil_capaian_pct_maks"  # capaian_pct counts up to it


@dataclass(frozen=True)
class QuadrantGuides:
    """The three thresholds that cut a yardstick chart into its four areas (None: unknown)."""

    x: Decimal | None = None
    y_high: Decimal | None = None
    y_low: Decimal | None = None

    @property
    def complete(self) -> bool:
        """All three are known: the areas and lines can be drawn."""
        return None not in (self.x, self.y_high, self.y_low)


@dataclass(frozen=True)
class ReportGuides:
    """Every threshold the page draws or quotes, for the report's year."""

    orientation: QuadrantGuides = QuadrantGuides()
    execution: QuadrantGuides = QuadrantGuides()
    capaian_cap_pct: Decimal | None = None


def report_guides(parameters: Mapping[str, Decimal]) -> ReportGuides:
    """The guides placed by the published parameters; what is missing stays None."""

    def quadrant(names: tuple[str, str, str]) -> QuadrantGuides:
        return QuadrantGuides(*(parameters.get(name) for name in names))

    return ReportGuides(
        orientation=quadrant(ORIENTATION_PARAMETERS),
        execution=quadrant(EXECUTION_PARAMETERS),
        capaian_cap_pct=parameters.get(CAPAIAN_CAP_PARAMETER),
    )


# Spending groups (`kelompok_belanja`) whose sum is
# `office_execution.realisasi_perjalanan_rapat_honor`; highlighted on the composition chart.
TRAVEL_MEETING_HONOR_GROUPS = ("perjalanan dan rapat", "honorarium")

# --- Category values of the contract, in the order the page lists them -------------
ORIENTASI = ("goal oriented", "target oriented", "hemat", "tertinggal")
RAPOR_VS_HASIL = (
    "rapor baik, hasil kosong",
    "rapor baik, hasil nyata",
    "rapor kurang, hasil nyata",
    "perlu pembinaan",
)
# Keys for offices whose classification is NULL (a ratio or score could not be computed).
NO_ORIENTASI = "tanpa orientasi"
NO_RAPOR_VS_HASIL = "belum dapat dinilai"
# The rapor_vs_hasil value the minister asked about: a tidy report, nothing for the workers.
RAPOR_BAIK_HASIL_KOSONG = "rapor baik, hasil kosong"

# Colours (foreground, shaded area) per category; the same on charts and badges.
CATEGORY_COLORS: dict[str, tuple[str, str]] = {
    "goal oriented": ("#2e7d32", "#e8f5e9"),
    "target oriented": ("#c62828", "#fdecea"),
    "hemat": ("#1565c0", "#e3f0fb"),
    "tertinggal": ("#b26a00", "#fff4e0"),
    "rapor baik, hasil nyata": ("#2e7d32", "#e8f5e9"),
    "rapor baik, hasil kosong": ("#c62828", "#fdecea"),
    "rapor kurang, hasil nyata": ("#1565c0", "#e3f0fb"),
    "perlu pembinaan": ("#b26a00", "#fff4e0"),
    NO_ORIENTASI: ("#757575", "#f2f2f2"),
    NO_RAPOR_VS_HASIL: ("#757575", "#f2f2f2"),
}


def category_color(category: str | None) -> str:
    """Foreground colour of a category; grey for NULL or an unknown value."""
    return CATEGORY_COLORS.get(category or NO_ORIENTASI, CATEGORY_COLORS[NO_ORIENTASI])[0]


def category_background(category: str | None) -> str:
    """Shade of a category's area on a scatter chart."""
    return CATEGORY_COLORS.get(category or NO_ORIENTASI, CATEGORY_COLORS[NO_ORIENTASI])[1]
