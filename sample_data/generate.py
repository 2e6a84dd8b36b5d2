"""Deterministic sample landing data for Jejak Rupiah (fiscal year 2026, in progress).

Run:    python sample_data/generate.py --out sample_data/landing --scale 1 --seed 2026
Import: from sample_data.generate import generate

Why it exists: the pipeline must be developed and tested against every format
variant and every defect that `shared/specs/source-exports.md` allows, and the
real exports contain personal data that must never enter the repository. The
same seed and scale always give byte-identical files and file times, so the
committed sample can be regenerated and checked. `sample_data/README.md`
describes the content and the deliberately bad files.
"""

from __future__ import annotations

import argparse
import calendar
import hashlib
import json
import os
import random
import sys
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `sample_data` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sample_data import coverage, rpd  # noqa: E402
from sample_data.budget import BudgetLine, Sp2dLine, make_dipa, make_sp2d  # noqa: E402
from sample_data.capaian import CapaianRow, capaian_rows, keep_pace  # noqa: E402
from sample_data.cases import Case, link_workers, make_cases, year_measures  # noqa: E402
from sample_data.execution import office_execution  # noqa: E402
from sample_data.feeds import (  # noqa: E402
    Delivery,
    capaian_delivery,
    dipa_delivery,
    indikator_deliveries,
    pengaduan_delivery,
    peta_hasil_deliveries,
    rpd_delivery,
    sp2d_delivery,
)
from sample_data.formats import Formats  # noqa: E402
from sample_data.reference import (  # noqa: E402
    OFFICES,
    PETA_HASIL,
    PETA_HASIL_DRAFT,
    THANG,
    Office,
)
from sample_data.targets import office_expected, outcome_targets  # noqa: E402
from sample_data.writers import render_csv, render_xlsx  # noqa: E402

FEEDS = ("dipa", "sp2d", "capaian_ro", "pengaduan", "peta_hasil", "indikator", "rpd")
PREFIXES = ("DIPA_", "SP2D_", "CAPAIAN_", "PENGADUAN_", "PETA_HASIL_", "INDIKATOR_", "RPD_")
SNAPSHOTS = (date(THANG, 6, 30), date(THANG, 10, 31))

# The story of the deliveries (see README.md).
SP2D_KOREKSI = ("900104", 3)  # a valid delivery replaced by a `_koreksi` with different lines
BAD_SP2D: dict[tuple[str, int], tuple[str, str, str]] = {
    # (office, month): (defect, suffix of the corrected file or "" = left uncorrected, reason)
    ("900107", 7): ("missing_nilai", "", "kolom wajib 'nilai' tidak ditemukan"),
    ("900113", 4): (
        "wrong_satker",
        "_2",
        "kdsatker pada baris (900112) tidak sama dengan nama file (900113)",
    ),
    ("900110", 5): ("bad_money", "_koreksi", "nilai '12.34,5x' bukan angka rupiah yang sah"),
    ("900116", 8): ("corrupt", "_2", "file .xlsx rusak (arsip zip terpotong), tidak dapat dibaca"),
}
BAD_DIPA = (
    "900120",
    1,
    "_koreksi",
    "baris anggaran ganda (kode anggaran yang sama muncul dua kali)",
)
BAD_CAPAIAN = ("900117", 6, "_2", "bulan pada baris (5) tidak sama dengan bulan pada nama file (6)")
SOLE_COPY = {("sp2d", "900121", 6), ("capaian_ro", "900108", 9)}  # only delivery, named `... (1)`
OUTSIDE_DIPA = {"900102": (5,), "900105": (9,), "900109": (8,), "900116": (3,), "900122": (6,)}
SHORT_AUGUST = {"900101": "Agu", "900102": "Agt"}  # August SP2D dates written `d MMM yyyy`
# RPD (page III of the DIPA): who plans how, the April updates and the bad file are in rpd.py.


def _rng(seed: int, *key: object) -> random.Random:
    """An independent, reproducible stream per purpose (no global random state)."""
    return random.Random(":".join(str(k) for k in (seed, *key)))


def _landing(year: int, month: int, day: int, minute: int = 0) -> datetime:
    """A landing time (UTC): the nightly transfer at 02:00."""
    if month > 12:
        year, month = year + 1, month - 12
    return datetime(year, month, day, 2, 0) + timedelta(minutes=minute)


def _write(out_dir: Path, d: Delivery) -> tuple[Path, str]:
    """Render and write one delivery, set its landing time; returns its path and sha256."""
    if d.style.fmt == "csv":
        rendered = render_csv(d.columns, d.rows, d.style)
    else:
        rendered = render_xlsx(d.columns, d.rows, d.style, d.titles, d.landed, d.creator)
    data = rendered.data
    if d.truncate:
        data = data[: len(data) * 3 // 5]
    d.tags |= rendered.tags
    for suffix in ("_koreksi", "_2", " (1)"):
        if Path(d.name).stem.endswith(suffix):
            d.tags.add(f"name_suffix:{suffix.strip()}")
    path = out_dir / d.feed / d.name
    path.write_bytes(data)
    ts = calendar.timegm(d.landed.timetuple())
    os.utime(path, (ts, ts))
    return path, hashlib.sha256(data).hexdigest()


def _rpd_deliveries(
    fm: Formats,
    o: Office,
    i: int,
    budget: tuple[list[BudgetLine], list[BudgetLine]],
    spent_lines: dict[int, list[Sp2dLine]],
    deliveries: list[Delivery],
) -> rpd.Plan | None:
    """Append the office's page III deliveries; return the plan in force per month (None: no plan)."""
    kd = o.kdsatker
    if kd in rpd.NO_RPD:
        return None
    rev00, rev01 = budget
    pagu = rpd.pagu_efektif(rev00 if kd == rpd.PLAN_ON_REV00 else rev01, kd != rpd.PLAN_ON_REV00)
    spent = rpd.realisasi(spent_lines)
    if kd in rpd.FOLLOWS_SPENDING:
        first = rpd.follow_plan(pagu, spent, max(spent_lines))
    elif kd in rpd.FLAT:
        first = rpd.flat_plan(pagu)
    else:
        first = rpd.seasonal_plan(pagu)
    landed, suffix = _landing(THANG, 1, 8 + i % 3, i), ""
    if kd == rpd.BAD_RPD[0]:  # rejected, then sent again five days later
        d = rpd_delivery(fm, o, first, landed, unknown_type=True)
        d.bad = rpd.BAD_RPD[2]
        deliveries.append(d)
        landed, suffix = landed + timedelta(days=5), rpd.BAD_RPD[1]
    deliveries.append(rpd_delivery(fm, o, first, landed, suffix=suffix))
    if kd not in rpd.APRIL_UPDATE:
        return first
    update = rpd.april_update(pagu, first, spent)
    deliveries.append(
        rpd_delivery(
            fm, o, update, _landing(THANG, 4, 16 + i % 3, i), berlaku_mulai=4, suffix="_revisi"
        )
    )
    return rpd.in_force(first, update, 4)


def _clean(out_dir: Path) -> None:
    """Remove files this generator writes (only those), so a rerun leaves no stale file."""
    for feed in FEEDS:
        folder = out_dir / feed
        folder.mkdir(parents=True, exist_ok=True)
        for f in folder.iterdir():
            if f.is_file() and f.name.startswith(PREFIXES):
                f.unlink()


def generate(out_dir: Path, scale: int = 1, seed: int = 2026) -> dict:
    """Write the sample landing directory and return a summary of what was written.

    The summary holds the files per feed, the deliberately bad files with the
    reason a loader must give, where each format variant occurs, and the
    scorecard and execution yardstick each office is expected to get (see
    README.md).
    """
    if scale < 1:
        raise ValueError("scale must be >= 1")
    out_dir = Path(out_dir)
    fm = Formats(seed)
    deliveries: list[Delivery] = []
    bad: list[dict[str, str]] = []
    budgets: dict[str, tuple[list[BudgetLine], list[BudgetLine]]] = {}
    cases: dict[str, list[Case]] = {}
    spending: dict[str, dict[int, list[Sp2dLine]]] = {}
    plans: dict[str, rpd.Plan | None] = {}

    for o in OFFICES:
        budgets[o.kdsatker] = make_dipa(o, _rng(seed, "dipa", o.kdsatker))
        cases[o.kdsatker] = make_cases(o, _rng(seed, "cases", o.kdsatker), scale, SNAPSHOTS[-1])
    link_workers(cases, seed)
    for o in OFFICES:
        rev00, rev01 = budgets[o.kdsatker]
        rng = _rng(seed, "sp2d", o.kdsatker)
        spending[o.kdsatker] = make_sp2d(
            o, rev00, rev01, rng, scale, OUTSIDE_DIPA.get(o.kdsatker, ())
        )

    accepted: dict[str, dict[int, list[Sp2dLine]]] = {}
    capaian: dict[str, dict[int, list[CapaianRow]]] = {}
    for i, o in enumerate(OFFICES):
        kd = o.kdsatker
        rev00, rev01 = budgets[kd]
        # DIPA: rev00 early January, rev01 mid April.
        deliveries.append(dipa_delivery(fm, o, 0, rev00, _landing(THANG, 1, 5 + i % 3, i)))
        if (kd, 1) == BAD_DIPA[:2]:
            d = dipa_delivery(fm, o, 1, rev01, _landing(THANG, 4, 14, i), duplicate=True)
            d.bad = BAD_DIPA[3]
            deliveries += [
                d,
                dipa_delivery(fm, o, 1, rev01, _landing(THANG, 4, 21, i), suffix=BAD_DIPA[2]),
            ]
        else:
            deliveries.append(dipa_delivery(fm, o, 1, rev01, _landing(THANG, 4, 13 + i % 3, i)))
        # SP2D: the 3rd-5th of the following month.
        accepted[kd] = {}
        for month, lines in spending[kd].items():
            landed = _landing(THANG, month + 1, 3 + i % 3, i)
            suffix = " (1)" if ("sp2d", kd, month) in SOLE_COPY else ""
            short = SHORT_AUGUST.get(kd, "") if month == 8 else ""
            if (kd, month) == SP2D_KOREKSI:
                first = lines[:-2] + [
                    replace(lines[-1], nilai=lines[-1].nilai + Decimal(1_250_000))
                ]
                deliveries.append(sp2d_delivery(fm, o, month, first, landed))
                deliveries.append(
                    sp2d_delivery(
                        fm, o, month, lines, landed + timedelta(days=6), suffix="_koreksi"
                    )
                )
            elif (kd, month) in BAD_SP2D:
                defect, fix_suffix, reason = BAD_SP2D[(kd, month)]
                content = spending["900112"][month] if defect == "wrong_satker" else lines
                d = sp2d_delivery(fm, o, month, content, landed, bad=defect)
                d.bad = reason
                deliveries.append(d)
                if fix_suffix:
                    deliveries.append(
                        sp2d_delivery(
                            fm, o, month, lines, landed + timedelta(days=6), suffix=fix_suffix
                        )
                    )
                else:
                    continue  # left uncorrected: this month has no accepted delivery
            else:
                deliveries.append(
                    sp2d_delivery(
                        fm, o, month, lines, landed, suffix=suffix, force_short_date=short
                    )
                )
            accepted[kd][month] = lines
        # Capaian RO: the 6th-8th of the following month.
        cap = capaian_rows(o, rev01, cases[kd], SNAPSHOTS[-1], _rng(seed, "capaian", kd))
        if kd in rpd.FOLLOWS_SPENDING:
            cap = keep_pace(cap)  # reports to the yardstick: volumes keep pace with the targets
        capaian[kd] = cap
        for month, rows in cap.items():
            landed = _landing(THANG, month + 1, 6 + i % 3, i)
            suffix = " (1)" if ("capaian_ro", kd, month) in SOLE_COPY else ""
            if (kd, month) == BAD_CAPAIAN[:2]:
                d = capaian_delivery(fm, o, month, cap[month - 1], landed, row_month=month - 1)
                d.bad = BAD_CAPAIAN[3]
                deliveries += [
                    d,
                    capaian_delivery(
                        fm, o, month, rows, landed + timedelta(days=5), suffix=BAD_CAPAIAN[2]
                    ),
                ]
            else:
                deliveries.append(capaian_delivery(fm, o, month, rows, landed, suffix=suffix))
        # RPD: the first plan 8-10 January, April updates 16-18 April.
        plans[kd] = _rpd_deliveries(fm, o, i, budgets[kd], accepted[kd], deliveries)
        # Pengaduan: two snapshots, landed two days after their date.
        for snap in SNAPSHOTS:
            deliveries.append(
                pengaduan_delivery(fm, o, snap, cases[kd], _landing(THANG, snap.month + 1, 2, i))
            )

    # Targets from the data, so every office lands in its designed quadrant.
    expected: dict[str, dict] = {}
    execution: dict[str, dict] = {}
    targets: dict[str, dict[str, Decimal]] = {}
    draft: dict[str, dict[str, Decimal]] = {}
    for o in OFFICES:
        kd = o.kdsatker
        m = max(accepted[kd])
        measures = year_measures(cases[kd], SNAPSHOTS[-1])
        t = outcome_targets(o, measures, m, _rng(seed, "targets", kd))
        ro_target = {r.kode_ro: Decimal(r.target) for r in capaian[kd][1]}
        t |= {
            "OP-01": ro_target["6012.QAH.001"],
            "OP-02": ro_target["6012.PBM.001"],
            "OP-03": ro_target["6011.QMA.001"],
            "DK-01": Decimal(12),
        }
        targets[kd] = t
        draft[kd] = t | {
            "PL-01": Decimal(75),
            "PL-04": Decimal(30),
            "PL-02": (t["PL-02"] * Decimal("0.8")).quantize(Decimal(1)),
        }
        expected[kd] = office_expected(o, budgets[kd][1], accepted[kd], measures, t)
        rh = expected[kd]["rasio_hasil"]
        execution[kd] = office_execution(
            m,
            rpd.pagu_efektif(budgets[kd][1]),
            rpd.realisasi(accepted[kd]),
            plans[kd],
            capaian[kd],
            None if rh is None else Decimal(str(rh)),
        )

    deliveries += peta_hasil_deliveries(
        PETA_HASIL_DRAFT, PETA_HASIL, (_landing(THANG, 1, 12), _landing(THANG, 3, 16))
    )
    deliveries += indikator_deliveries(
        targets, draft, (_landing(THANG, 1, 12, 30), _landing(THANG, 2, 20))
    )

    _clean(out_dir)
    files: dict[str, int] = dict.fromkeys(FEEDS, 0)
    rows: dict[str, int] = dict.fromkeys(FEEDS, 0)
    variants: dict[str, list[str]] = {}
    total_bytes = 0
    hashes: dict[str, str] = {}
    for d in deliveries:
        path, digest = _write(out_dir, d)
        rel = f"{d.feed}/{d.name}"
        hashes[rel] = digest
        files[d.feed] += 1
        total_bytes += path.stat().st_size
        if d.bad:
            bad.append({"file": rel, "reason": d.bad})
            continue
        rows[d.feed] += len(d.rows)
        for tag in d.tags:
            variants.setdefault(tag, []).append(rel)

    return {
        "out_dir": str(out_dir),
        "seed": seed,
        "scale": scale,
        "files": files,
        "rows": rows,
        "bytes": total_bytes,
        "bad_files": bad,
        "variants": {k: sorted(v) for k, v in sorted(variants.items())},
        "missing_variants": coverage.missing(variants),
        "expected_scorecard": expected,
        "expected_execution": execution,
        "sha256": hashes,
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: write the sample and print a short summary (JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "landing")
    parser.add_argument(
        "--scale", type=int, default=1, help="multiply SP2D lines and cases (benchmarks)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", action="store_true", help="print the whole summary as JSON")
    args = parser.parse_args(argv)
    summary = generate(args.out, scale=args.scale, seed=args.seed)
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
        return 0
    print(
        f"wrote {sum(summary['files'].values())} files, {summary['bytes'] / 1e6:.2f} MB to {summary['out_dir']}"
    )
    for feed, n in summary["files"].items():
        print(f"  {feed:<11} {n:>4} files {summary['rows'][feed]:>7} rows (good files)")
    print("bad files (a correct loader rejects them):")
    for b in summary["bad_files"]:
        print(f"  {b['file']}: {b['reason']}")
    print("expected orientasi:")
    for kd, e in summary["expected_scorecard"].items():
        flag = "" if e["orientasi"] == e["orientasi_designed"] else "   <-- differs from design"
        print(
            f"  {kd} m={e['bulan_berjalan']:>2} serapan={e['rasio_serapan']} hasil={e['rasio_hasil']} {e['orientasi']}{flag}"
        )
    print("expected execution yardstick (rapor_vs_hasil):")
    for kd, x in summary["expected_execution"].items():
        print(
            f"  {kd} deviasi={x['nilai_deviasi']} penyerapan={x['nilai_penyerapan']} "
            f"capaian_output={x['nilai_capaian_output']} eksekusi={x['nilai_eksekusi']} "
            f"{x['rapor_vs_hasil'] or '(no plan)'}"
        )
    if summary["missing_variants"]:
        print(
            "WARNING: format variants not exercised:",
            ", ".join(summary["missing_variants"]),
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
