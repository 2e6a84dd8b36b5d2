"""The execution yardstick (`marts.office_execution`) the sample is expected to produce.

Computed the way `warehouse-contract.md` ("Yardsticks") defines it, from the
plan in force (`rpd.in_force`), the accepted SP2D and the capaian deliveries,
with the initial parameters of `reference.target_penyerapan` and
`reference.bobot_eksekusi`. Values are computed unrounded and rounded once,
half even, as the contract says.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from sample_data.capaian import CapaianRow
from sample_data.rpd import Plan

# reference.target_penyerapan (from 2024): % of the type's pagu - blokir at the end of each quarter.
TARGET_PENYERAPAN = {
    "51": (20, 50, 75, 95),
    "52": (15, 50, 70, 90),
    "53": (10, 40, 70, 90),
    "57": (25, 50, 75, 95),
}
BOBOT = {"deviasi": 15, "penyerapan": 20, "capaian_output": 25}
AMBANG_DEVIASI = Decimal(5)
HUNDRED = Decimal(100)


def _q(value: Decimal | None, places: str = "0.01") -> str | None:
    if value is None:
        return None
    return str(value.quantize(Decimal(places), rounding=ROUND_HALF_EVEN))


def deviasi_pct(rencana: Decimal, realisasi: Decimal) -> Decimal:
    """One month and type: min(100, |realisasi - rencana| / rencana x 100); 0/100 when no plan."""
    if rencana == 0:
        return Decimal(0) if realisasi == 0 else HUNDRED
    return min(HUNDRED, abs(realisasi - rencana) / rencana * HUNDRED)


def predikat(score: Decimal) -> str:
    if score >= 95:
        return "Sangat Baik"
    if score >= 89:
        return "Baik"
    return "Cukup" if score >= 70 else "Kurang"


def rapor_vs_hasil(nilai: Decimal | None, rasio_hasil: Decimal | None) -> str | None:
    if nilai is None or rasio_hasil is None:
        return None
    if nilai >= 89:
        if rasio_hasil >= Decimal("0.9"):
            return "rapor baik, hasil nyata"
        if rasio_hasil < Decimal("0.7"):
            return "rapor baik, hasil kosong"
    elif rasio_hasil >= Decimal("0.9"):
        return "rapor kurang, hasil nyata"
    return "perlu pembinaan"


def office_execution(
    m: int,
    pagu: dict[str, Decimal],
    spent: dict[str, dict[int, Decimal]],
    plan: Plan | None,
    capaian: dict[int, list[CapaianRow]],
    rasio_hasil: Decimal | None,
) -> dict[str, object]:
    """The office_execution row of one office (money and scores as decimal strings)."""
    weights = {t: p for t, p in pagu.items() if p > 0}
    wsum = sum(weights.values(), Decimal(0))

    deviasi: Decimal | None = None
    monthly: list[str | None] = []
    if plan is not None and wsum:
        per_month = []
        for month in range(1, m + 1):
            d = sum(
                (
                    p
                    * deviasi_pct(
                        plan.get(t, {}).get(month, Decimal(0)),
                        spent.get(t, {}).get(month, Decimal(0)),
                    )
                    for t, p in weights.items()
                ),
                Decimal(0),
            )
            per_month.append(d / wsum)
        deviasi = sum(per_month, Decimal(0)) / len(per_month)
        monthly = [_q(v) for v in per_month]
    nilai_deviasi = (
        None
        if deviasi is None
        else max(Decimal(0), HUNDRED - max(Decimal(0), deviasi - AMBANG_DEVIASI))
    )

    quarters: list[Decimal] = []
    for q in range(1, m // 3 + 1):
        value = Decimal(0)
        for t, p in weights.items():
            cum = sum(
                (spent.get(t, {}).get(mm, Decimal(0)) for mm in range(1, 3 * q + 1)), Decimal(0)
            )
            target = Decimal(TARGET_PENYERAPAN[t][q - 1]) / 100 * p
            value += p * min(HUNDRED, cum / target * HUNDRED)
        quarters.append(value / wsum)
    nilai_penyerapan = sum(quarters, Decimal(0)) / len(quarters) if quarters else None

    per_ro: dict[str, Decimal] = {}
    latest = {r.kode_ro: r.target for month in sorted(capaian) for r in capaian[month]}
    for ro, target in sorted(latest.items()):
        if target <= 0:
            continue
        volume = sum(
            r.volume for month in capaian if month <= m for r in capaian[month] if r.kode_ro == ro
        )
        per_ro[ro] = min(HUNDRED, Decimal(volume) / (Decimal(target) * m / 12) * HUNDRED)
    nilai_capaian = sum(per_ro.values(), Decimal(0)) / len(per_ro) if per_ro else None

    nilai: Decimal | None = None
    if None not in (nilai_deviasi, nilai_penyerapan, nilai_capaian):
        nilai = (
            BOBOT["deviasi"] * nilai_deviasi  # type: ignore[operator]
            + BOBOT["penyerapan"] * nilai_penyerapan  # type: ignore[operator]
            + BOBOT["capaian_output"] * nilai_capaian  # type: ignore[operator]
        ) / sum(BOBOT.values())
    rounded = None if nilai is None else nilai.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    return {
        "bulan_berjalan": m,
        "pagu_efektif": {t: str(p) for t, p in weights.items()},
        "rencana_setahun": None
        if plan is None
        else {t: str(sum(plan[t].values(), Decimal(0))) for t in sorted(plan)},
        "deviasi_bulan_pct": monthly,
        "deviasi_rpd_pct": _q(deviasi),
        "nilai_deviasi": _q(nilai_deviasi),
        "triwulan_selesai": m // 3,
        "nilai_penyerapan_triwulan": [_q(v) for v in quarters],
        "nilai_penyerapan": _q(nilai_penyerapan),
        "nilai_capaian_output_ro": {ro: _q(v) for ro, v in per_ro.items()},
        "nilai_capaian_output": _q(nilai_capaian),
        "nilai_eksekusi": _q(nilai),
        # The label from the published (rounded) score, as the mart compares it.
        "predikat_eksekusi": None if rounded is None else predikat(rounded),
        "rasio_hasil": None if rasio_hasil is None else str(rasio_hasil),
        "rapor_vs_hasil": rapor_vs_hasil(rounded, rasio_hasil),
    }
