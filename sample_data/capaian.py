"""Monthly output (RO) volumes of an office, as SAKTI records them.

Volumes are non-cumulative (each month only that month's addition). The case
ROs follow the cases themselves (cases received, workers repatriated), so that
the output and outcome sides of the sample tell the same story; the other ROs
follow the office's pace.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date

from sample_data.budget import BudgetLine
from sample_data.cases import SELESAI, Case
from sample_data.reference import RO_BY_CODE, THANG, Office


@dataclass(frozen=True)
class CapaianRow:
    """One RO's line in a monthly capaian file."""

    kode_ro: str
    uraian: str
    satuan: str
    target: int
    volume: int
    kumulatif: int


def capaian_rows(
    office: Office,
    budget: list[BudgetLine],
    cases: list[Case],
    final: date,
    rng: random.Random,
) -> dict[int, list[CapaianRow]]:
    """Monthly (non-cumulative) RO volumes, consistent with the cases where an RO handles them."""
    fast = office.serapan == "fast"
    pace = rng.uniform(0.95, 1.1) if fast else rng.uniform(0.6, 0.85)
    done = [(c, c.at(final)) for c in cases if c.tgl_aduan.year == THANG]
    per_year = office.cases_per_year
    targets = {
        "6011.QAH.001": max(10, round(per_year * rng.uniform(1.0, 1.2))),
        "6011.QAH.002": max(3, round(per_year * 0.3)),
        "6011.QAH.003": max(1, round(per_year * 0.05)),
        "6012.QAH.001": int(round(per_year * rng.uniform(30, 45), -1)),
        "6012.PBM.001": int(round(per_year * rng.uniform(40, 60), -1)),
        "6011.QMA.001": 12,
        "6013.EBA.994": 12,
        "6013.EBA.962": 12,
        "6013.EBB.951": rng.randint(4, 10),
        "6011.QAH.004": rng.choice((120, 150, 200)),
    }
    ros = sorted({ln.kode_ro for ln in budget})
    cumulative = dict.fromkeys(ros, 0)
    out: dict[int, list[CapaianRow]] = {}
    for month in range(1, office.last_month + 1):
        rows = []
        for ro in ros:
            t = targets[ro]
            if ro == "6011.QAH.001":
                v = sum(1 for c, _ in done if c.tgl_aduan.month == month)
            elif ro in ("6011.QAH.002", "6011.QAH.003"):
                wanted = "Dipulangkan" if ro.endswith("002") else "Jenazah dipulangkan"
                v = sum(
                    1
                    for _, (st, end, h, _) in done
                    if st == SELESAI and h == wanted and end and end.month == month
                )
            elif ro in ("6011.QMA.001", "6013.EBA.994", "6013.EBA.962"):
                v = 1 if (ro != "6011.QMA.001" or rng.random() < pace + 0.1) else 0
            elif ro == "6013.EBB.951":
                v = rng.randint(1, 3) if month in (6, 8) else 0
            else:
                v = max(0, round(t / 12 * pace * rng.uniform(0.5, 1.5))) if month > 1 else 0
            cumulative[ro] += v
            ref = RO_BY_CODE[ro]
            rows.append(CapaianRow(ro, ref.uraian, ref.satuan, t, v, cumulative[ro]))
        out[month] = rows
    return out


def keep_pace(rows: dict[int, list[CapaianRow]]) -> dict[int, list[CapaianRow]]:
    """The same RO lines, each month's volume raised so the cumulative volume is never
    below the pro-rated target (ceil(target x month / 12)).

    An office that reports to the yardstick: its output volumes always keep
    pace with the target, whatever its case file shows (README: designed
    `rapor baik, hasil kosong`).
    """
    out: dict[int, list[CapaianRow]] = {}
    cumulative: dict[str, int] = {}
    for month in sorted(rows):
        new = []
        for r in rows[month]:
            before = cumulative.get(r.kode_ro, 0)
            floor = -(-r.target * month // 12)  # ceil without floats
            volume = max(r.volume, floor - before)
            cumulative[r.kode_ro] = before + volume
            new.append(replace(r, volume=volume, kumulatif=before + volume))
        out[month] = new
    return out
