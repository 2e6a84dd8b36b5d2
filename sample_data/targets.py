"""Indicator targets and the scorecard the sample is expected to produce.

Targets are set from the generated data so that each office lands in the
`orientasi` quadrant it was designed for, whatever the random draws: a planner
sets realistic round targets, and the office either meets them or not. The
expected scorecard is computed the way `warehouse-contract.md` defines it, so
pipeline tests can compare against it.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_EVEN, Decimal

from sample_data.budget import BudgetLine, Sp2dLine
from sample_data.reference import Office, traced_share
from sample_data.rpd import jenis

# Band of capaian (value / pro-rated target) wanted per hasil profile.
BANDS = {
    "good": (0.95, 1.15, 0.93, 9.0),
    "mid": (0.74, 0.86, 0.73, 0.87),
    "bad": (0.35, 0.62, 0.0, 0.66),
}
STEP_RP = Decimal(5_000_000)
OUTCOMES = ("PL-01", "PL-02", "PL-03", "PL-04")


def _q(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_EVEN)


def capaian(
    ind: str, target: Decimal, measures: dict[str, Decimal | int | None], m: int
) -> Decimal | None:
    """capaian (as a ratio, not %) of an outcome indicator, per the contract."""
    prorate = Decimal(m) / 12
    if ind == "PL-01":
        v = measures["kasus_selesai_pct"]
        return None if v is None or not target else Decimal(v) / target
    if ind == "PL-02":
        v = measures["hak_dipulihkan_rp"]
        return Decimal(v or 0) / (target * prorate) if target else None
    if ind == "PL-03":
        v = measures["pmi_dipulangkan"]
        return Decimal(v or 0) / (target * prorate) if target else None
    v = measures["median_hari_selesai"]
    return None if not v else target / Decimal(v)


def rasio_hasil(
    targets: dict[str, Decimal], measures: dict[str, Decimal | int | None], m: int
) -> Decimal | None:
    """Mean of min(capaian_pct, 120)/100 over outcome indicators with a value."""
    values = []
    for ind in OUTCOMES:
        c = capaian(ind, targets[ind], measures, m)
        if c is not None:
            pct = _q(c * 100, "0.01")
            values.append(min(pct, Decimal(120)) / 100)
    return _q(sum(values, Decimal(0)) / len(values), "0.0001") if values else None


def outcome_targets(
    office: Office, measures: dict[str, Decimal | int | None], m: int, rng: random.Random
) -> dict[str, Decimal]:
    """Round yearly targets for PL-01..04 that put the office in its designed band."""
    lo, hi, floor, ceiling = BANDS[office.hasil]
    prorate = Decimal(m) / 12

    def want() -> Decimal:
        return Decimal(str(round(rng.uniform(lo, hi), 3)))

    pct = Decimal(measures["kasus_selesai_pct"] or 0)
    rp = Decimal(measures["hak_dipulihkan_rp"] or 0)
    pul = Decimal(measures["pmi_dipulangkan"] or 0)
    med = Decimal(measures["median_hari_selesai"] or 30)
    t = {
        "PL-01": min(Decimal(90), max(Decimal(40), _q(pct / want(), "1"))),
        "PL-02": max(STEP_RP, _q(rp / (prorate * want()) / STEP_RP, "1") * STEP_RP),
        "PL-03": max(Decimal(1), _q(pul / (prorate * want()), "1")),
        "PL-04": max(Decimal(3), _q(med * want(), "1")),
    }
    easier = {"PL-01": Decimal(-1), "PL-02": -STEP_RP, "PL-03": Decimal(-1), "PL-04": Decimal(1)}
    minimum = {"PL-01": Decimal(30), "PL-02": STEP_RP, "PL-03": Decimal(1), "PL-04": Decimal(1)}
    for _ in range(2000):
        r = rasio_hasil(t, measures, m)
        if r is None or floor <= r <= ceiling:
            break
        caps = {i: capaian(i, t[i], measures, m) for i in OUTCOMES}
        known = {i: c for i, c in caps.items() if c is not None}
        if r < floor:  # make the weakest indicator's target easier
            ind = min(known, key=lambda i: known[i])
            step = easier[ind]
        else:  # make the strongest indicator's target harder
            ind = max(known, key=lambda i: min(known[i], Decimal("1.2")))
            step = -easier[ind]
        new = t[ind] + step
        if new < minimum[ind] or (ind == "PL-01" and new > 95):
            break
        t[ind] = new
    return t


class SpendingTotals:
    """An office's accepted SP2D, summed month by month as the files are written.

    The generator no longer keeps a year of SP2D lines (millions at x1000), so
    what the expected scorecard and the execution yardstick need from them is
    accumulated here, in the same order the whole-year sums used to add up.
    """

    def __init__(self, office: Office, budget: list[BudgetLine]) -> None:
        self.kdsatker = office.kdsatker
        self.codes = {ln.code for ln in budget}
        self.last_month = 0
        self.realisasi = Decimal(0)
        self.tanpa_dipa = Decimal(0)
        self.untraced = Decimal(0)
        # `rpd.realisasi` of the accepted months: type -> month -> realisasi
        self.by_type: dict[str, dict[int, Decimal]] = {}
        self._traced: dict[str, bool] = {}

    def add(self, month: int, lines: list[Sp2dLine]) -> None:
        """Count one accepted month (months in ascending order)."""
        self.last_month = max(self.last_month, month)
        codes, traced, zero = self.codes, self._traced, Decimal(0)
        for s in lines:
            self.realisasi += s.nilai
            if s.line.code not in codes:
                self.tanpa_dipa += s.nilai
            kode_ro = s.line.kode_ro
            if kode_ro not in traced:
                traced[kode_ro] = traced_share(self.kdsatker, kode_ro) == 100
            if not traced[kode_ro]:
                self.untraced += s.nilai
            by_month = self.by_type.setdefault(jenis(s.line.akun), {})
            by_month[month] = by_month.get(month, zero) + s.nilai


def office_expected(
    office: Office,
    budget: list[BudgetLine],
    months: dict[int, list[Sp2dLine]],
    measures: dict[str, Decimal | int | None],
    targets: dict[str, Decimal],
) -> dict[str, object]:
    """The office_scorecard row the pipeline should compute for this office."""
    spent = SpendingTotals(office, budget)
    for month, lines in months.items():
        spent.add(month, lines)
    return office_expected_from(office, budget, spent, measures, targets)


def office_expected_from(
    office: Office,
    budget: list[BudgetLine],
    spent: SpendingTotals,
    measures: dict[str, Decimal | int | None],
    targets: dict[str, Decimal],
) -> dict[str, object]:
    """`office_expected` from the running totals of the accepted SP2D (`budget`: rev01)."""
    m = spent.last_month
    pagu = sum((ln.pagu for ln in budget), Decimal(0))
    blokir = sum((ln.blokir for ln in budget), Decimal(0))
    realisasi, tanpa, untraced = spent.realisasi, spent.tanpa_dipa, spent.untraced
    penyerapan = _q(realisasi / (pagu - blokir) * 100, "0.01")
    rasio_serapan = _q(penyerapan / (Decimal(100) * m / 12), "0.0001") if m else None
    rh = rasio_hasil(targets, measures, m)
    orientasi = None
    if rasio_serapan is not None and rh is not None:
        if rasio_serapan >= Decimal("0.9"):
            orientasi = (
                "goal oriented"
                if rh >= Decimal("0.9")
                else ("target oriented" if rh < Decimal("0.7") else "tertinggal")
            )
        else:
            orientasi = "hemat" if rh >= Decimal("0.9") else "tertinggal"
    caps = {i: capaian(i, targets[i], measures, m) for i in OUTCOMES}
    return {
        "bulan_berjalan": m,
        "pagu": str(pagu),
        "blokir": str(blokir),
        "realisasi": str(realisasi),
        "penyerapan_pct": str(penyerapan),
        "realisasi_tanpa_dipa": str(tanpa),
        "realisasi_untraced": str(untraced),
        "kasus_diterima": measures["kasus_diterima"],
        "kasus_selesai": measures["kasus_selesai"],
        "hak_dipulihkan_rp": str(_q(Decimal(measures["hak_dipulihkan_rp"] or 0), "0.01")),
        "pmi_dipulangkan": measures["pmi_dipulangkan"],
        "median_hari_selesai": None
        if measures["median_hari_selesai"] is None
        else str(measures["median_hari_selesai"]),
        "targets": {k: str(v) for k, v in targets.items()},
        "capaian_pct": {
            k: None if v is None else str(_q(v * 100, "0.01")) for k, v in caps.items()
        },
        "rasio_serapan": None if rasio_serapan is None else str(rasio_serapan),
        "rasio_hasil": None if rh is None else str(rh),
        "orientasi": orientasi,
        "orientasi_designed": office.orientasi,
    }
