"""Numbers, rupiah and dates the way Indonesian readers write them.

Used as Jinja filters and for chart tick labels, so a figure reads the same in
a table and on a chart. Rupiah arrive as `Decimal` and are rounded here, once,
for display only.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from pipelines.core.clock import utc_to_wib
from pipelines.ingest.values import MONTH_NAMES_ID

# Shown where a value is NULL; the template adds the reason beside it.
MISSING = "—"
MONTH_ABBREVIATIONS_ID = tuple(name[:3] for name in MONTH_NAMES_ID)  # Jan, Feb, ..., Agu, ..., Des


def format_number(value: Decimal | int | float | None, places: int = 0) -> str:
    """Indonesian number: '.' groups thousands, ',' marks decimals (1.234.567,89)."""
    if value is None:
        return MISSING
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    q = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{q:,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_rupiah(value: Decimal | None) -> str:
    """Full rupiah to the unit: 'Rp 1.234.567.890' (negative: '-Rp 1.234')."""
    if value is None:
        return MISSING
    sign = "-" if value < 0 else ""
    return f"{sign}Rp {format_number(abs(value))}"


def format_rupiah_short(value: Decimal | int | float | None) -> str:
    """Compact rupiah for cards and charts: 'Rp 1,2 T' / 'Rp 1,2 M' / 'Rp 1,2 jt', else in full."""
    if value is None:
        return MISSING
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    sign = "-" if amount < 0 else ""
    mag = abs(amount)
    for unit, name in ((Decimal(10) ** 12, "T"), (Decimal(10) ** 9, "M"), (Decimal(10) ** 6, "jt")):
        shown = (mag / unit).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if shown >= 1:  # 999.960.000 is 'Rp 1,0 M', not 'Rp 1.000,0 jt'
            return f"{sign}Rp {format_number(shown, 1)} {name}"
    return f"{sign}Rp {format_number(mag)}"


def format_percent(value: Decimal | float | None, places: int = 1) -> str:
    """Percentage on a 0-100 scale with a comma decimal: '45,7%'."""
    return MISSING if value is None else f"{format_number(value, places)}%"


def format_ratio(value: Decimal | float | None, places: int = 2) -> str:
    """Ratio or score with a comma decimal: '0,95'."""
    return format_number(value, places)


def month_name(bulan: int | None) -> str:
    """'Juni' for 6; the em dash when the month is unknown."""
    return MISSING if bulan is None else MONTH_NAMES_ID[bulan - 1]


def format_date(value: dt.date | None) -> str:
    """'10 Juni 2026'."""
    if value is None:
        return MISSING
    return f"{value.day} {MONTH_NAMES_ID[value.month - 1]} {value.year}"


def format_wib(value: dt.datetime | None) -> str:
    """Warehouse timestamps are naive UTC; readers think in WIB."""
    if value is None:
        return "tidak tercatat"
    w = utc_to_wib(value)
    return f"{w.day} {MONTH_NAMES_ID[w.month - 1]} {w.year}, pukul {w:%H.%M} WIB"


def percent_of(part: Decimal, whole: Decimal) -> Decimal | None:
    """part ÷ whole × 100, NULL (None) for a zero whole as in the contract."""
    return None if whole == 0 else part * 100 / whole
