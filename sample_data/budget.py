"""Budget lines (DIPA revisions) and disbursements (SP2D) of one office.

Spending is simulated line by line so that the offices differ the way the
scorecard must tell apart: salaries are paid every month whatever the office
does, while the pace of the other lines follows the office's `serapan` profile.
"""

from __future__ import annotations

import calendar
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import cache

from sample_data.reference import (
    ACCOUNTS,
    BULAN,
    RO_BARU,
    RO_DEFS,
    RO_PERKANTORAN,
    RO_SARANA,
    THANG,
    ZERO,
    Office,
    RoDef,
)

# Share of the non-salary budget spent by the end of each month at normal pace.
SEASON = (0.0, 0.03, 0.06, 0.08, 0.08, 0.09, 0.09, 0.09, 0.09, 0.09, 0.09, 0.10, 0.11)
REVISION_MONTH = 4  # rev01 is in force from April


@dataclass(frozen=True)
class BudgetLine:
    """One line of a DIPA: the seven code parts, its text, pagu and blokir."""

    program: str
    giat: str
    kro: str
    ro: str
    kmpnen: str
    skmpnen: str
    akun: str
    uraian: str
    pagu: Decimal
    blokir: Decimal = ZERO

    @property
    def code(self) -> str:
        """`program.kegiatan.kro.ro.komponen.subkomponen.akun`."""
        return ".".join(self.parts)

    @property
    def parts(self) -> tuple[str, str, str, str, str, str, str]:
        """The seven code columns, in order."""
        return (self.program, self.giat, self.kro, self.ro, self.kmpnen, self.skmpnen, self.akun)

    @property
    def kode_ro(self) -> str:
        """The output key `kegiatan.kro.ro`."""
        return f"{self.giat}.{self.kro}.{self.ro}"


@dataclass(frozen=True, slots=True)  # a month at x1000 has tens of thousands
class Sp2dLine:
    """One disbursement line: an SP2D paying (part of) one budget line."""

    kdsatker: str
    no_sp2d: str
    tgl: date
    line: BudgetLine
    nilai: Decimal
    jenis_spm: str
    uraian: str


def _round(value: float, step: int) -> Decimal:
    return Decimal(max(step, int(round(value / step)) * step)).quantize(Decimal("0.01"))


def _line(ro: RoDef, komp: str, sub: str, akun: str, pagu: Decimal) -> BudgetLine:
    giat, kro, kdro = ro.kode_ro.split(".")
    return BudgetLine(ro.program, giat, kro, kdro, komp, sub, akun, ACCOUNTS[akun], pagu)


def make_dipa(office: Office, rng: random.Random) -> tuple[list[BudgetLine], list[BudgetLine]]:
    """DIPA rev00 and rev01 of an office: rev01 moves pagu, adds a line and blocks some."""
    total = office.budget_bn * 1e9 * rng.uniform(0.93, 1.07)
    salary = total * rng.uniform(0.30, 0.36)
    operations = total * rng.uniform(0.07, 0.09)
    capital = total * office.capital_share
    new_ro = total * rng.uniform(0.05, 0.07) if office.new_ro else 0.0
    technical = total - salary - operations - capital - new_ro

    lines: list[BudgetLine] = []
    gaji, makan = salary * 0.84, salary * 0.16
    lines.append(_line(RO_PERKANTORAN, "001", "A", "511111", _round(gaji, 1)))
    lines.append(_line(RO_PERKANTORAN, "001", "A", "511129", _round(makan, 1000)))
    for (komp, sub, akun), share in zip(RO_PERKANTORAN.lines[2:], (0.55, 0.2, 0.25), strict=True):
        lines.append(_line(RO_PERKANTORAN, komp, sub, akun, _round(operations * share, 1000)))

    optional = {("6011.QAH.001", "051", "B", "522151"), ("6012.QAH.001", "052", "A", "524111")}
    for ro in RO_DEFS:
        ro_budget = technical * ro.weight * rng.uniform(0.85, 1.15)
        skeleton = [s for s in ro.lines if (ro.kode_ro, *s) not in optional or rng.random() < 0.6]
        weights = [rng.uniform(0.5, 1.5) for _ in skeleton]
        for (komp, sub, akun), w in zip(skeleton, weights, strict=True):
            step = 1000 if rng.random() < 0.9 else 100_000
            lines.append(_line(ro, komp, sub, akun, _round(ro_budget * w / sum(weights), step)))
    if capital:
        lines.append(_line(RO_SARANA, "051", "A", "532111", _round(capital, 1_000_000)))
    if new_ro:
        for komp, sub, akun in RO_BARU.lines:
            lines.append(
                _line(RO_BARU, komp, sub, akun, _round(new_ro / 3 * rng.uniform(0.7, 1.3), 1000))
            )
    # A rare line with cents, as travel-cost lines computed from unit prices have.
    if rng.random() < 0.4:
        i = rng.randrange(5, len(lines))
        lines[i] = replace(lines[i], pagu=lines[i].pagu + Decimal("0.50"))

    rev00 = lines
    rev01 = list(rev00)
    changeable = [i for i, ln in enumerate(rev01) if not ln.akun.startswith("511")]
    for i in rng.sample(changeable, rng.randint(2, 5)):
        rev01[i] = replace(
            rev01[i], pagu=_round(float(rev01[i].pagu) * rng.uniform(0.8, 1.2), 1000)
        )
    existing = {ln.code for ln in rev01}
    candidates = [
        _line(ro, komp, sub, akun, ZERO)
        for ro in RO_DEFS
        for komp, sub, akun in (*ro.lines, ("051", "B", "524113"), ("052", "A", "521213"))
    ]
    added = rng.choice([c for c in candidates if c.code not in existing])
    rev01.append(replace(added, pagu=_round(rng.uniform(80, 400) * 1e6, 1000)))
    blockable = [i for i, ln in enumerate(rev01) if ln.program == "DL"]
    for i in rng.sample(blockable, rng.randint(1, 3)):
        rev01[i] = replace(
            rev01[i], blokir=_round(float(rev01[i].pagu) * rng.uniform(0.1, 0.4), 1000)
        )
    rev01.sort(key=lambda ln: ln.code)
    rev00.sort(key=lambda ln: ln.code)
    return rev00, rev01


@cache
def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _workday(rng: random.Random, year: int, month: int, lo: int = 1) -> date:
    last = _last_day(year, month)
    for _ in range(50):
        d = date(year, month, rng.randint(lo, last))
        if d.weekday() < 5:
            return d
    return date(year, month, last)


KABUPATEN = (
    "Kab. Malang",
    "Kab. Cirebon",
    "Kab. Lombok Timur",
    "Kab. Kupang",
    "Kota Medan",
    "Kab. Indramayu",
)
NEGARA = ("Malaysia", "Taiwan", "Hong Kong", "Arab Saudi")
URAIAN = {
    "521111": "Belanja operasional perkantoran: listrik, air, telepon dan internet",
    "521213": 'Honor narasumber kegiatan "Migrasi Aman"',
    "521219": "Belanja barang non operasional lainnya",
    "521811": "Pembelian ATK dan barang persediaan",
    "522151": "Jasa profesi narasumber/tenaga ahli",
    "524113": "Transport lokal pendampingan kasus dalam kota",
    "524114": "Paket meeting dalam kota sosialisasi, fullboard",
    "524119": "Paket meeting luar kota",
    "526211": "Bantuan kebutuhan dasar PMI terlantar (sembako, tiket)",
    "532111": "Pengadaan peralatan dan mesin (laptop, printer, kendaraan)",
}


def _uraian(line: BudgetLine, month: int, rng: random.Random) -> str:
    """A disbursement description; some contain delimiters, quotes or line breaks.

    Every call draws a regency, a country and the variants of the meeting and
    travel texts, whatever the account: the random stream (so the whole
    sample) depends on those four draws. Only the text that is used is built.
    """
    bulan = BULAN[month]
    kab = rng.choice(KABUPATEN)
    negara = rng.choice(NEGARA)
    meeting = rng.choice((0, 1))  # same draw as choosing between the two texts
    travel = rng.choice((0, 1, 2))
    akun = line.akun
    if akun == "511111":
        return f"Pembayaran gaji induk bulan {bulan} {THANG}"
    if akun == "511129":
        return f"Uang makan PNS bulan {bulan} {THANG}"
    if akun == "521211":
        if meeting == 0:
            return f"Belanja bahan rapat koordinasi; konsumsi dan ATK {bulan}"
        return "Belanja bahan kegiatan OPP, penggandaan modul"
    if akun == "524111":
        if travel == 0:
            return f"Perjalanan dinas penanganan kasus PMI ke {kab}"
        if travel == 1:
            return f"Perjalanan dinas pemulangan PMI dari {negara}\nke daerah asal {kab}"
        return f"Perjalanan dinas pendampingan PMI; {kab}"
    return URAIAN.get(akun, line.uraian)


def _jenis(line: BudgetLine, month: int, rng: random.Random) -> str:
    if line.akun.startswith(("511", "532")):
        return "LS"
    if line.akun in ("521213", "522151"):
        return "LS"
    r = rng.random()
    if r < 0.06:
        return ""
    if r < 0.10:
        return "TUP" if month < 10 else "PTUP"
    if r < 0.13:
        return "PTUP"
    if r < 0.45:
        return "LS"
    return "GUP" if r < 0.85 else "GU"


@dataclass
class SpendPlan:
    """The profile knobs of one office's spending."""

    pace: float  # multiplier on the seasonal share of non-salary lines
    pay_probability: float = 0.55


def make_sp2d(
    office: Office,
    rev00: list[BudgetLine],
    rev01: list[BudgetLine],
    rng: random.Random,
    scale: int = 1,
    outside_dipa_months: tuple[int, ...] = (),
) -> dict[int, list[Sp2dLine]]:
    """Every SP2D line of the office for months 1..last_month, by month."""
    return dict(sp2d_months(office, rev00, rev01, rng, scale, outside_dipa_months))


def sp2d_months(
    office: Office,
    rev00: list[BudgetLine],
    rev01: list[BudgetLine],
    rng: random.Random,
    scale: int = 1,
    outside_dipa_months: tuple[int, ...] = (),
) -> Iterator[tuple[int, list[Sp2dLine]]]:
    """The office's SP2D lines one month at a time, in month order.

    A generator so that the caller can write a month's file and drop its
    lines before the next month is drawn: at x1000 a whole year of every
    office is millions of lines. The random stream is the same as drawing the
    whole year at once (`make_sp2d`), so the lines are too.
    """
    plan = SpendPlan(
        pace=rng.uniform(1.06, 1.18) if office.serapan == "fast" else rng.uniform(0.42, 0.58)
    )
    kppn = rng.randint(10, 180)
    seq = rng.randint(100_000, 600_000)
    paid: dict[str, Decimal] = {}
    due: dict[str, float] = {}
    spendable = {ln.code: float(ln.pagu - ln.blokir) for ln in rev01}
    by_code = {ln.code: ln for ln in rev01}

    def number(month: int) -> str:
        nonlocal seq
        seq += rng.randint(1, 40)
        return f"26{kppn:03d}3{month:02d}{seq:07d}"

    for month in range(1, office.last_month + 1):
        active = rev00 if month < REVISION_MONTH else rev01
        out: list[Sp2dLine] = []
        # Salaries: 14 payments a year (THR in March, 13th month in June), one SP2D for both accounts.
        salary_lines = [ln for ln in active if ln.akun.startswith("511")]
        runs = (
            [("induk", 1)]
            + ([("THR", 15)] if month == 3 else [])
            + ([("ke-13", 10)] if month == 6 else [])
        )
        for label, day in runs:
            no = number(month)
            tgl = _workday(rng, THANG, month, day) if label != "induk" else _first_workday(month)
            for ln in salary_lines:
                amount = (by_code[ln.code].pagu / 14).quantize(Decimal("1"))
                text = (
                    _uraian(ln, month, rng)
                    if label == "induk"
                    else f"Pembayaran gaji {label} {THANG}"
                )
                out.append(Sp2dLine(office.kdsatker, no, tgl, ln, amount, "LS", text))
        # Other lines: dues accumulate with the season and the office's pace, and are paid in chunks.
        for ln in active:
            if ln.akun.startswith("511"):
                continue
            if ln.akun == "532111" and month < 5:
                continue  # procurement of equipment happens mid-year
            due[ln.code] = due.get(ln.code, 0.0) + spendable[ln.code] * SEASON[month] * plan.pace
            last = month == office.last_month
            if rng.random() >= (0.85 if last else plan.pay_probability):
                continue
            room = spendable[ln.code] * 0.985 - float(paid.get(ln.code, ZERO))
            amount = min(due[ln.code], room)
            if amount < 1_000_000:
                continue
            due[ln.code] -= amount
            pieces = (1 if rng.random() < 0.6 else rng.choice((2, 2, 3))) * scale
            total = Decimal(int(amount / 100) * 100)
            weights = [rng.uniform(0.5, 1.5) for _ in range(pieces)]
            parts = [(total * Decimal(w / sum(weights))).quantize(Decimal("1")) for w in weights]
            parts[-1] = total - sum(parts[:-1])
            for part in parts:
                if rng.random() < 0.04:
                    part += Decimal(rng.choice(("0.50", "0.25", "37.75")))
                out.append(
                    Sp2dLine(
                        office.kdsatker,
                        number(month),
                        _workday(rng, THANG, month),
                        ln,
                        part,
                        _jenis(ln, month, rng),
                        _uraian(ln, month, rng),
                    )
                )
            paid[ln.code] = paid.get(ln.code, ZERO) + Decimal(int(amount / 100) * 100)
        # Several budget lines paid by one SP2D: merge some neighbours of the same RO.
        _merge_numbers(out, rng)
        # Refunds of earlier spending (pengembalian belanja).
        paid_lines = [
            ln for ln in active if paid.get(ln.code, ZERO) > 0 and not ln.akun.startswith("511")
        ]
        for _ in range(sum(rng.random() < 0.35 for _ in range(scale))):
            if not paid_lines:
                break
            ln = rng.choice(paid_lines)
            amount = (paid[ln.code] * Decimal(rng.uniform(0.002, 0.02))).quantize(Decimal("1"))
            text = rng.choice(
                ("pengembalian belanja", "Pengembalian belanja sisa perjalanan dinas")
            )
            out.append(
                Sp2dLine(
                    office.kdsatker,
                    number(month),
                    _workday(rng, THANG, month),
                    ln,
                    -amount,
                    rng.choice(("", "GUP")),
                    text,
                )
            )
            paid[ln.code] -= amount
        if month == 1:
            op = next(ln for ln in active if ln.akun == "521111")
            amount = _round(rng.uniform(40, 120) * 1e6, 1_000_000)
            out.append(
                Sp2dLine(
                    office.kdsatker,
                    number(month),
                    _first_workday(1),
                    op,
                    amount,
                    "UP",
                    "Uang persediaan (UP) awal tahun anggaran",
                )
            )
        if month in outside_dipa_months:
            base = next(ln for ln in active if ln.kode_ro == "6011.QAH.001")
            akun = rng.choice(("521219", "524119"))
            stray = replace(
                base, kmpnen="051", skmpnen="A", akun=akun, uraian=ACCOUNTS[akun], pagu=ZERO
            )
            amount = _round(rng.uniform(5, 60) * 1e6, 1000)
            out.append(
                Sp2dLine(
                    office.kdsatker,
                    number(month),
                    _workday(rng, THANG, month),
                    stray,
                    amount,
                    "GUP",
                    _uraian(stray, month, rng),
                )
            )
        out.sort(key=lambda s: (s.tgl, s.no_sp2d, s.line.code))
        yield month, out


def _first_workday(month: int) -> date:
    d = date(THANG, month, 1)
    while d.weekday() >= 5:
        d = d.replace(day=d.day + 1)
    return d


def _merge_numbers(lines: list[Sp2dLine], rng: random.Random) -> None:
    """Let some SP2D pay several budget lines (same number and date, distinct codes).

    A line joins the previous line's SP2D only if that SP2D does not pay its
    budget code yet. Which codes each number pays is kept up to date in a
    counter instead of scanning the month for every line, which was quadratic
    in the lines per month (most of the generation time at x1000).
    """
    paying: Counter[tuple[str, str]] = Counter((x.no_sp2d, x.line.code) for x in lines)
    for i in range(1, len(lines)):
        prev, cur = lines[i - 1], lines[i]
        if (
            prev.jenis_spm != "LS"
            or cur.line.akun.startswith("511")
            or prev.line.akun.startswith("511")
        ):
            continue
        distinct = paying[(prev.no_sp2d, cur.line.code)] == 0
        if cur.line.kode_ro == prev.line.kode_ro and distinct and rng.random() < 0.5:
            lines[i] = replace(cur, no_sp2d=prev.no_sp2d, tgl=prev.tgl, jenis_spm=prev.jenis_spm)
            paying[(cur.no_sp2d, cur.line.code)] -= 1
            paying[(prev.no_sp2d, cur.line.code)] += 1
