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
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `sample_data` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sample_data import coverage, rpd  # noqa: E402
from sample_data.budget import BudgetLine, Sp2dLine, make_dipa, sp2d_months  # noqa: E402
from sample_data.capaian import capaian_rows, keep_pace  # noqa: E402
from sample_data.cases import WorkerLinker, make_cases, year_measures  # noqa: E402
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
    OFFICE_BY_CODE,
    OFFICES,
    PETA_HASIL,
    PETA_HASIL_DRAFT,
    THANG,
    Office,
)
from sample_data.targets import (  # noqa: E402
    SpendingTotals,
    office_expected_from,
    outcome_targets,
)
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
WRONG_SATKER_SOURCE = "900112"  # whose lines the `wrong_satker` file carries
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


class _Landing:
    """Writes each delivery as soon as it is made and keeps the summary's counters.

    Why: at x1000 the deliveries of a whole year are millions of rows; holding
    them until the end took gigabytes. A delivery is dropped once written, so
    memory is bounded by one file's rows (plus one office's cases).
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.files: dict[str, int] = dict.fromkeys(FEEDS, 0)
        self.rows: dict[str, int] = dict.fromkeys(FEEDS, 0)
        self.bad: list[dict[str, str]] = []
        self.variants: dict[str, list[str]] = {}
        self.bytes = 0
        self.hashes: dict[str, str] = {}

    def add(self, d: Delivery) -> None:
        """Render and write one delivery, set its landing time, count it."""
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
        path = self.out_dir / d.feed / d.name
        path.write_bytes(data)
        ts = calendar.timegm(d.landed.timetuple())
        os.utime(path, (ts, ts))
        rel = f"{d.feed}/{d.name}"
        self.hashes[rel] = hashlib.sha256(data).hexdigest()
        self.files[d.feed] += 1
        self.bytes += len(data)
        if d.bad:
            self.bad.append({"file": rel, "reason": d.bad})
            return
        self.rows[d.feed] += len(d.rows)
        for tag in d.tags:
            self.variants.setdefault(tag, []).append(rel)


def _rpd_deliveries(
    fm: Formats,
    o: Office,
    i: int,
    budget: tuple[list[BudgetLine], list[BudgetLine]],
    spent: SpendingTotals,
    emit: Callable[[Delivery], None],
) -> rpd.Plan | None:
    """Emit the office's page III deliveries; return the plan in force per month (None: no plan)."""
    kd = o.kdsatker
    if kd in rpd.NO_RPD:
        return None
    rev00, rev01 = budget
    pagu = rpd.pagu_efektif(rev00 if kd == rpd.PLAN_ON_REV00 else rev01, kd != rpd.PLAN_ON_REV00)
    if kd in rpd.FOLLOWS_SPENDING:
        first = rpd.follow_plan(pagu, spent.by_type, spent.last_month)
    elif kd in rpd.FLAT:
        first = rpd.flat_plan(pagu)
    else:
        first = rpd.seasonal_plan(pagu)
    landed, suffix = _landing(THANG, 1, 8 + i % 3, i), ""
    if kd == rpd.BAD_RPD[0]:  # rejected, then sent again five days later
        d = rpd_delivery(fm, o, first, landed, unknown_type=True)
        d.bad = rpd.BAD_RPD[2]
        emit(d)
        landed, suffix = landed + timedelta(days=5), rpd.BAD_RPD[1]
    emit(rpd_delivery(fm, o, first, landed, suffix=suffix))
    if kd not in rpd.APRIL_UPDATE:
        return first
    update = rpd.april_update(pagu, first, spent.by_type)
    emit(
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


def _sp2d_deliveries(
    fm: Formats,
    o: Office,
    i: int,
    month: int,
    lines: list[Sp2dLine],
    foreign: Callable[[int], list[Sp2dLine]],
    emit: Callable[[Delivery], None],
) -> bool:
    """Emit one office-month of SP2D (with its story); False if no delivery is accepted.

    `foreign(month)` gives another office's lines, for the file that carries
    them under this office's name (`wrong_satker`).
    """
    kd = o.kdsatker
    landed = _landing(THANG, month + 1, 3 + i % 3, i)
    suffix = " (1)" if ("sp2d", kd, month) in SOLE_COPY else ""
    short = SHORT_AUGUST.get(kd, "") if month == 8 else ""
    if (kd, month) == SP2D_KOREKSI:
        first = lines[:-2] + [replace(lines[-1], nilai=lines[-1].nilai + Decimal(1_250_000))]
        emit(sp2d_delivery(fm, o, month, first, landed))
        emit(sp2d_delivery(fm, o, month, lines, landed + timedelta(days=6), suffix="_koreksi"))
    elif (kd, month) in BAD_SP2D:
        defect, fix_suffix, reason = BAD_SP2D[(kd, month)]
        content = foreign(month) if defect == "wrong_satker" else lines
        d = sp2d_delivery(fm, o, month, content, landed, bad=defect)
        d.bad = reason
        emit(d)
        if not fix_suffix:
            return False  # left uncorrected: this month has no accepted delivery
        emit(sp2d_delivery(fm, o, month, lines, landed + timedelta(days=6), suffix=fix_suffix))
    else:
        emit(sp2d_delivery(fm, o, month, lines, landed, suffix=suffix, force_short_date=short))
    return True


def generate(out_dir: Path, scale: int = 1, seed: int = 2026) -> dict:
    """Write the sample landing directory and return a summary of what was written.

    The summary holds the files per feed, the deliberately bad files with the
    reason a loader must give, where each format variant occurs, and the
    scorecard and execution yardstick each office is expected to get (see
    README.md).

    Files are written as they are made, one office and one month at a time,
    so memory does not grow with the scale (x1000: 6 million SP2D lines). The
    order in which files are made, and every random draw, is the order of the
    whole-year generator this replaced: the bytes and times are the same.
    """
    if scale < 1:
        raise ValueError("scale must be >= 1")
    out_dir = Path(out_dir)
    fm = Formats(seed)
    _clean(out_dir)
    landing = _Landing(out_dir)
    emit = landing.add
    budgets = {o.kdsatker: make_dipa(o, _rng(seed, "dipa", o.kdsatker)) for o in OFFICES}
    linker = WorkerLinker(seed)

    def spending(o: Office) -> Iterator[tuple[int, list[Sp2dLine]]]:
        rev00, rev01 = budgets[o.kdsatker]
        rng = _rng(seed, "sp2d", o.kdsatker)
        return sp2d_months(o, rev00, rev01, rng, scale, OUTSIDE_DIPA.get(o.kdsatker, ()))

    # The lines another office's bad file carries (`wrong_satker`), kept as they pass by.
    wanted = {(WRONG_SATKER_SOURCE, m) for (_, m), b in BAD_SP2D.items() if b[0] == "wrong_satker"}
    kept: dict[tuple[str, int], list[Sp2dLine]] = {}

    def foreign(month: int) -> list[Sp2dLine]:
        if (WRONG_SATKER_SOURCE, month) not in kept:  # its office comes later: draw it again
            source = OFFICE_BY_CODE[WRONG_SATKER_SOURCE]
            kept[(WRONG_SATKER_SOURCE, month)] = dict(spending(source))[month]
        return kept[(WRONG_SATKER_SOURCE, month)]

    expected: dict[str, dict] = {}
    execution: dict[str, dict] = {}
    targets: dict[str, dict[str, Decimal]] = {}
    draft: dict[str, dict[str, Decimal]] = {}
    for i, o in enumerate(OFFICES):
        kd = o.kdsatker
        rev00, rev01 = budgets[kd]
        cases = make_cases(o, _rng(seed, "cases", kd), scale, SNAPSHOTS[-1])
        linker.apply(kd, cases)
        # DIPA: rev00 early January, rev01 mid April.
        emit(dipa_delivery(fm, o, 0, rev00, _landing(THANG, 1, 5 + i % 3, i)))
        if (kd, 1) == BAD_DIPA[:2]:
            d = dipa_delivery(fm, o, 1, rev01, _landing(THANG, 4, 14, i), duplicate=True)
            d.bad = BAD_DIPA[3]
            emit(d)
            emit(dipa_delivery(fm, o, 1, rev01, _landing(THANG, 4, 21, i), suffix=BAD_DIPA[2]))
        else:
            emit(dipa_delivery(fm, o, 1, rev01, _landing(THANG, 4, 13 + i % 3, i)))
        # SP2D: the 3rd-5th of the following month, written month by month.
        spent = SpendingTotals(o, rev01)
        for month, lines in spending(o):
            if (kd, month) in wanted:
                kept[(kd, month)] = lines
            if _sp2d_deliveries(fm, o, i, month, lines, foreign, emit):
                spent.add(month, lines)
        # Capaian RO: the 6th-8th of the following month.
        cap = capaian_rows(o, rev01, cases, SNAPSHOTS[-1], _rng(seed, "capaian", kd))
        if kd in rpd.FOLLOWS_SPENDING:
            cap = keep_pace(cap)  # reports to the yardstick: volumes keep pace with the targets
        for month, rows in cap.items():
            landed = _landing(THANG, month + 1, 6 + i % 3, i)
            suffix = " (1)" if ("capaian_ro", kd, month) in SOLE_COPY else ""
            if (kd, month) == BAD_CAPAIAN[:2]:
                d = capaian_delivery(fm, o, month, cap[month - 1], landed, row_month=month - 1)
                d.bad = BAD_CAPAIAN[3]
                emit(d)
                emit(
                    capaian_delivery(
                        fm, o, month, rows, landed + timedelta(days=5), suffix=BAD_CAPAIAN[2]
                    )
                )
            else:
                emit(capaian_delivery(fm, o, month, rows, landed, suffix=suffix))
        # RPD: the first plan 8-10 January, April updates 16-18 April.
        plan = _rpd_deliveries(fm, o, i, budgets[kd], spent, emit)
        # Pengaduan: two snapshots, landed two days after their date.
        for snap in SNAPSHOTS:
            emit(pengaduan_delivery(fm, o, snap, cases, _landing(THANG, snap.month + 1, 2, i)))

        # Targets from the data, so every office lands in its designed quadrant.
        m = spent.last_month
        measures = year_measures(cases, SNAPSHOTS[-1])
        t = outcome_targets(o, measures, m, _rng(seed, "targets", kd))
        ro_target = {r.kode_ro: Decimal(r.target) for r in cap[1]}
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
        expected[kd] = office_expected_from(o, rev01, spent, measures, t)
        rh = expected[kd]["rasio_hasil"]
        execution[kd] = office_execution(
            m,
            rpd.pagu_efektif(rev01),
            spent.by_type,
            plan,
            cap,
            None if rh is None else Decimal(str(rh)),
        )

    for d in peta_hasil_deliveries(
        PETA_HASIL_DRAFT, PETA_HASIL, (_landing(THANG, 1, 12), _landing(THANG, 3, 16))
    ):
        emit(d)
    for d in indikator_deliveries(
        targets, draft, (_landing(THANG, 1, 12, 30), _landing(THANG, 2, 20))
    ):
        emit(d)

    return {
        "out_dir": str(out_dir),
        "seed": seed,
        "scale": scale,
        "files": landing.files,
        "rows": landing.rows,
        "bytes": landing.bytes,
        "bad_files": landing.bad,
        "variants": {k: sorted(v) for k, v in sorted(landing.variants.items())},
        "missing_variants": coverage.missing(landing.variants),
        "expected_scorecard": expected,
        "expected_execution": execution,
        "sha256": landing.hashes,
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
