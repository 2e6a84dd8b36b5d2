"""Page III of the DIPA (RPD): each office's monthly disbursement plan per spending type.

The Ministry of Finance judges an office by how closely its monthly SP2D follow
this plan (IKPA's *deviasi Halaman III DIPA*). The sample gives the offices
different planning habits so that the execution yardstick
(`marts.office_execution`, `warehouse-contract.md` "Yardsticks") spreads:

- **seasonal** (most offices): salaries on their known schedule (14 payments,
  THR in March, 13th month in June), goods and services along the normal
  seasonal curve of `budget.SEASON`, capital from May. Fast and slow offices
  then deviate from it, and so does every lumpy month.
- **flat**: one twelfth of each type every month, salaries included.
- **follow** (`FOLLOWS_SPENDING`): the plan is written to match what the office
  disburses (each month and type = its SP2D realisasi, rounded to Rp 1.000), so
  its deviation is ~0: a perfect mark on the yardstick, whatever its cases show.
- **april update** (`APRIL_UPDATE`): a second delivery, `berlaku_mulai` 4,
  re-profiling goods and services from April at the pace the office really
  keeps. SAKTI prints all twelve months, so January-March are in the file
  too, with values *different* from the first plan (the quarter's realisasi):
  a loader that does not ignore them changes the deviation of those months.

Plans add up, per type, to the type's `pagu - blokir` in the budget in force
(rev01), within rounding, except for `PLAN_ON_REV00`, whose plan still adds up
to its January DIPA (no blokir, before the April revision): more than 1 % off.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_EVEN, Decimal

from sample_data.budget import SEASON, BudgetLine, Sp2dLine

TYPES = ("51", "52", "53", "57")
# Spellings of the spending types (code, long name, short name), as the spec lists them.
TYPE_NAMES = {
    "51": ("51", "Belanja Pegawai", "Pegawai"),
    "52": ("52", "Belanja Barang", "Barang"),
    "53": ("53", "Belanja Modal", "Modal"),
    "57": ("57", "Bantuan Sosial", "Bansos"),
}
UNKNOWN_TYPE = "Belanja Lain-lain"  # planted in the one bad RPD file

# Designed habits (see the module docstring and README.md).
NO_RPD = ("900113", "900119")  # never deliver a page III: no plan (NULL)
FOLLOWS_SPENDING = ("900108",)  # `rapor baik, hasil kosong`
FLAT = ("900103", "900107", "900112", "900122")
APRIL_UPDATE = ("900102", "900104", "900110", "900111", "900116")
PLAN_ON_REV00 = "900121"
BAD_RPD = ("900114", "_2", f"jenis belanja '{UNKNOWN_TYPE}' tidak dikenal")

Plan = dict[str, dict[int, Decimal]]  # jenis_belanja -> month (1..12) -> rencana
MONTHS = range(1, 13)
STEP = Decimal(1_000_000)
FINE = Decimal(1000)


def jenis(akun: str) -> str:
    """The spending type of an account: its first two digits."""
    return akun[:2]


def pagu_efektif(budget: Iterable[BudgetLine], with_blokir: bool = True) -> dict[str, Decimal]:
    """`pagu - blokir` per spending type (only types with a positive amount)."""
    out: dict[str, Decimal] = {}
    for ln in budget:
        t = jenis(ln.akun)
        out[t] = out.get(t, Decimal(0)) + ln.pagu - (ln.blokir if with_blokir else 0)
    return {t: v for t, v in sorted(out.items()) if v > 0}


def realisasi(months: dict[int, list[Sp2dLine]]) -> dict[str, dict[int, Decimal]]:
    """SP2D realisasi per type and month (accepted deliveries; a missing month is 0)."""
    out: dict[str, dict[int, Decimal]] = {}
    for month, lines in months.items():
        for s in lines:
            by_month = out.setdefault(jenis(s.line.akun), {})
            by_month[month] = by_month.get(month, Decimal(0)) + s.nilai
    return out


def _round(value: Decimal, step: Decimal) -> Decimal:
    return ((value / step).quantize(Decimal(1), rounding=ROUND_HALF_EVEN) * step).quantize(
        Decimal("0.01")
    )


def _spread(total: Decimal, weights: dict[int, float], step: Decimal) -> dict[int, Decimal]:
    """`total` over the months of `weights`, rounded to `step`; the last month takes the rest."""
    wsum = sum(weights.values())
    months = sorted(weights)
    out = {m: _round(total * Decimal(weights[m] / wsum), step) for m in months[:-1]}
    out[months[-1]] = (total - sum(out.values(), Decimal(0))).quantize(Decimal("0.01"))
    return out


def _salary_weights() -> dict[int, float]:
    return {m: 2.0 if m in (3, 6) else 1.0 for m in MONTHS}


def _type_weights(t: str, start: int = 1) -> dict[int, float]:
    """The normal monthly profile of a type, from month `start` on."""
    if t == "51":
        w = _salary_weights()
    elif t == "53":
        w = {m: (SEASON[m] if m >= 5 else 0.0) for m in MONTHS}
    else:
        w = {m: SEASON[m] for m in MONTHS}
    return {m: v for m, v in w.items() if m >= start and v > 0}


def seasonal_plan(pagu: dict[str, Decimal]) -> Plan:
    """Salaries on schedule, the rest along the normal seasonal curve."""
    plan: Plan = {}
    for t, total in pagu.items():
        plan[t] = dict.fromkeys(MONTHS, Decimal("0.00")) | _spread(total, _type_weights(t), STEP)
    return plan


def flat_plan(pagu: dict[str, Decimal]) -> Plan:
    """One twelfth of every type each month."""
    return {t: _spread(total, dict.fromkeys(MONTHS, 1.0), STEP) for t, total in pagu.items()}


def follow_plan(
    pagu: dict[str, Decimal], spent: dict[str, dict[int, Decimal]], last_month: int
) -> Plan:
    """Each month up to `last_month` = the realisasi of that type; the rest to year end."""
    plan: Plan = {}
    for t, total in pagu.items():
        done = {
            m: _round(spent.get(t, {}).get(m, Decimal(0)), FINE) for m in range(1, last_month + 1)
        }
        rest = total - sum(done.values(), Decimal(0))
        tail = _type_weights(t, last_month + 1)
        plan[t] = dict.fromkeys(MONTHS, Decimal("0.00")) | done | _spread(rest, tail, FINE)
    return plan


def april_update(
    pagu: dict[str, Decimal], first: Plan, spent: dict[str, dict[int, Decimal]]
) -> Plan:
    """The April re-plan (berlaku_mulai 4).

    April-October follow the normal profile at the pace the office knows it
    keeps (goods and services only; the sample takes that pace from the
    office's own April-October realisasi over the normal profile, kept within
    0.4-1.6); salaries and capital keep their schedule. November-December take
    what is left of `pagu - blokir` after the first plan's January-March.
    January-March hold the first quarter's realisasi, rounded to Rp 1.000:
    different from the first plan, and ignored by a correct loader (a past
    month keeps the plan that was in force then).
    """
    plan: Plan = {}
    for t, total in pagu.items():
        weights = _type_weights(t)
        wsum = Decimal(sum(weights.values()))
        normal = {m: total * Decimal(weights[m]) / wsum for m in range(4, 11) if m in weights}
        done = spent.get(t, {})
        seen = [m for m in normal if m in done]
        expected = sum((normal[m] for m in seen), Decimal(0))
        q1_plan = sum((first.get(t, {}).get(m, Decimal(0)) for m in (1, 2, 3)), Decimal(0))
        pace = Decimal(1)
        if t in ("52", "57") and expected:
            real = sum((done[m] for m in seen), Decimal(0))
            pace = min(Decimal("1.6"), max(Decimal("0.4"), real / expected))
            # never more than the year has left (November-December keep at least 5 %)
            room = (total * Decimal("0.95") - q1_plan) / sum(normal.values(), Decimal(0))
            pace = min(pace, room)
        mid = {m: _round(v * pace, STEP) for m, v in normal.items()}
        rest = total - q1_plan - sum(mid.values(), Decimal(0))
        tail = {m: weights.get(m, 0.0) or 0.1 for m in (11, 12)}
        past = {m: _round(done.get(m, Decimal(0)), FINE) for m in (1, 2, 3)}
        plan[t] = dict.fromkeys(MONTHS, Decimal("0.00")) | past | mid | _spread(rest, tail, STEP)
    return plan


def in_force(first: Plan, update: Plan | None, start: int = 4) -> Plan:
    """The plan in force per month: the update from `start` on, the first plan before."""
    if update is None:
        return first
    types = sorted(set(first) | set(update))
    return {
        t: {m: (update if m >= start else first).get(t, {}).get(m, Decimal("0.00")) for m in MONTHS}
        for t in types
    }
