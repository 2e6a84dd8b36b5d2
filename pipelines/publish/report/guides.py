"""The few contract numbers and category values the report needs to draw its charts.

The marts carry every classification themselves (`office_scorecard.orientasi`,
`office_execution.predikat_eksekusi` and `rapor_vs_hasil`): the report shows
those columns and never recomputes them. The numbers below only place the
dashed guide lines and shaded areas on the scatter charts and the words of
"Cara membaca". They MIRROR the warehouse contract
(/work/shared/specs/warehouse-contract.md, office_scorecard and
office_execution) and must change with it.
"""

from __future__ import annotations

# --- Guide lines: mirror the contract's thresholds --------------------------------
GUIDE_RASIO_SERAPAN = 0.9  # orientasi: rasio_serapan ≥ 0.9 ("serapan sesuai waktu")
GUIDE_RASIO_HASIL_HIGH = 0.9  # orientasi and rapor_vs_hasil: rasio_hasil ≥ 0.9 ("hasil nyata")
GUIDE_RASIO_HASIL_LOW = 0.7  # orientasi and rapor_vs_hasil: rasio_hasil < 0.7 ("hasil kosong")
GUIDE_NILAI_EKSEKUSI = 89.0  # rapor_vs_hasil: nilai_eksekusi ≥ 89 ("rapor baik", predikat Baik)

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
