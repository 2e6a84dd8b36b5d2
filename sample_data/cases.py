"""Protection cases (pengaduan) of one office and their status at a snapshot date.

Each case gets a fixed life plan when it is opened (resolved, closed or still
open, and when); a snapshot shows the status the plan gives at its date. So the
June and October snapshots agree with each other the way real successive
exports do: cases move from `Dalam Proses` to `Selesai`, never back.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from sample_data.people import Person, make_person
from sample_data.reference import (
    KANAL,
    MASALAH,
    OFFICE_BY_CODE,
    PROVINCE_CODES,
    THANG,
    Office,
    negara_weights,
)

SELESAI, DITUTUP = "Selesai", "Ditutup"
REPATRIATION = {"Dipulangkan", "Jenazah dipulangkan"}

# How each hasil profile handles cases: P(resolved), P(closed unresolved), median days.
HANDLING = {"good": (0.86, 0.06, 16), "mid": (0.72, 0.10, 28), "bad": (0.50, 0.14, 55)}


@dataclass(frozen=True, slots=True)  # an office at x1000 has ~100,000
class Case:
    """One case with its whole life plan."""

    kdsatker: str
    no_aduan: str
    tgl_aduan: date
    kanal: str
    person: Person
    negara: str
    jenis_masalah: str
    end: date | None  # when it is resolved or closed; None = still open after the year
    final_status: str  # "Selesai" | "Ditutup" | "" (open)
    hasil: str
    nilai_hak: Decimal | None
    kode_ro: str
    open_path: str  # status while open after verification

    def at(self, snapshot: date) -> tuple[str, date | None, str, Decimal | None]:
        """(status, tgl_selesai, hasil, nilai_hak) as exported on `snapshot`."""
        if self.end is not None and self.end <= snapshot:
            return self.final_status, self.end, self.hasil, self.nilai_hak
        age = (snapshot - self.tgl_aduan).days
        if age < 3:
            return "Diterima", None, "", None
        if age < 10:
            return "Verifikasi", None, "", None
        return self.open_path, None, "", None


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _outcome(rng: random.Random, masalah: str, generous: float) -> tuple[str, Decimal | None]:
    """The hasil of a resolved case and the rupiah recovered, if any."""

    def rp(lo: float, hi: float) -> Decimal:
        value = rng.uniform(lo, hi) * 1e6 * generous
        step = 1 if rng.random() < 0.2 else 50_000
        cents = Decimal("0.50") if rng.random() < 0.05 else Decimal(0)
        return Decimal(int(value / step) * step) + cents

    if masalah in ("Gaji tidak dibayar", "PHK sepihak"):
        return (
            ("Gaji dibayar", rp(4, 60))
            if rng.random() < 0.85
            else ("Klaim asuransi/BPJS dibayar", rp(5, 25))
        )
    if masalah in ("Ingin dipulangkan", "Overstay"):
        return "Dipulangkan", None
    if masalah == "PMI sakit":
        return (
            ("Dipulangkan", None)
            if rng.random() < 0.6
            else ("Klaim asuransi/BPJS dibayar", rp(5, 40))
        )
    if masalah == "Meninggal dunia":
        return ("Jenazah dipulangkan", Decimal(85_000_000) if rng.random() < 0.5 else None)
    if masalah in ("Gagal berangkat", "Biaya penempatan berlebih"):
        return "Biaya dikembalikan", rp(3, 25)
    if masalah == "Penipuan peluang kerja":
        return (
            ("Biaya dikembalikan", rp(5, 30))
            if rng.random() < 0.4
            else ("Dirujuk ke aparat penegak hukum", None)
        )
    if masalah == "Perdagangan orang (TPPO)":
        return (
            ("Dirujuk ke aparat penegak hukum", None)
            if rng.random() < 0.7
            else ("Dipulangkan", None)
        )
    if masalah == "Kekerasan":
        return (
            ("Dipulangkan", None)
            if rng.random() < 0.6
            else ("Dirujuk ke aparat penegak hukum", None)
        )
    if masalah == "Jaminan sosial":
        return "Klaim asuransi/BPJS dibayar", rp(3, 30)
    if masalah == "Hilang kontak":
        return ("Lainnya", None) if rng.random() < 0.5 else ("Dipulangkan", None)
    return "Lainnya", None


def _kode_ro(rng: random.Random, masalah: str, hasil: str) -> str:
    if rng.random() < 0.1:
        return ""
    if masalah == "Meninggal dunia":
        return "6011.QAH.003"
    if hasil == "Dipulangkan" or masalah in ("Ingin dipulangkan", "Overstay"):
        return "6011.QAH.002"
    return "6011.QAH.001"


def _open_path(rng: random.Random, masalah: str) -> str:
    if masalah in ("Perdagangan orang (TPPO)", "Penipuan peluang kerja") and rng.random() < 0.5:
        return "Dilimpahkan"
    if (
        masalah in ("Gaji tidak dibayar", "PHK sepihak", "Biaya penempatan berlebih")
        and rng.random() < 0.5
    ):
        return "Mediasi"
    return "Dalam Proses"


def make_case(
    office: Office,
    rng: random.Random,
    no_aduan: str,
    tgl: date,
    person: Person | None = None,
    masalah: str | None = None,
    force_resolved: bool = False,
) -> Case:
    """One case of the office, opened on `tgl`, planned by the office's hasil profile."""
    p_resolve, p_close, median = HANDLING[office.hasil]
    if person is None:
        prov = office.kode_prov if rng.random() < 0.85 else rng.choice(PROVINCE_CODES)
        person = make_person(
            rng, prov, tgl, special=rng.choice((1, 2)) if rng.random() < 0.04 else 0
        )
    masalah = masalah or _weighted(rng, MASALAH)
    negara = _weighted(
        rng, negara_weights(person.nik[:2] if person.nik_valid else office.kode_prov)
    )
    if masalah == "Perdagangan orang (TPPO)" and rng.random() < 0.5:
        negara = "Kamboja"
    r = rng.random()
    generous = 1.4 if office.hasil == "good" else 1.0
    if force_resolved or r < p_resolve:
        days = max(1, int(rng.lognormvariate(0, 0.6) * median))
        hasil, nilai = _outcome(rng, masalah, generous)
        end, status = tgl + timedelta(days=days), SELESAI
    elif r < p_resolve + p_close:
        days = max(3, int(rng.lognormvariate(0, 0.5) * median * 1.5))
        hasil, nilai = rng.choice(("Tidak dapat dihubungi", "Dicabut pelapor", "Lainnya")), None
        end, status = tgl + timedelta(days=days), DITUTUP
    else:
        hasil, nilai, end, status = "", None, None, ""
    return Case(
        kdsatker=office.kdsatker,
        no_aduan=no_aduan,
        tgl_aduan=tgl,
        kanal=_weighted(rng, KANAL),
        person=person,
        negara=negara,
        jenis_masalah=masalah,
        end=end,
        final_status=status,
        hasil=hasil,
        nilai_hak=nilai,
        kode_ro=_kode_ro(rng, masalah, hasil),
        open_path=_open_path(rng, masalah),
    )


def make_cases(office: Office, rng: random.Random, scale: int, last_day: date) -> list[Case]:
    """All cases an office handles up to `last_day`: this year's and a few from late last year."""
    n_year = max(
        1, round(office.cases_per_year * scale * (last_day - date(THANG, 1, 1)).days / 365)
    )
    dates = sorted(
        date(THANG, 1, 1) + timedelta(days=rng.randrange((last_day - date(THANG, 1, 1)).days + 1))
        for _ in range(n_year)
    )
    cases: list[Case] = []
    seq = rng.randint(1, 400)
    # Carried over from late last year: still open on 31 December.
    carried, wanted = 0, rng.randint(2, 4) * scale
    seq_prev = rng.randint(300, 2500)
    while carried < wanted:
        tgl = date(THANG - 1, 10, 1) + timedelta(days=rng.randrange(92))
        case = make_case(office, rng, f"PGD-{THANG - 1}-{seq_prev:06d}", tgl)
        seq_prev += rng.randint(1, 9)
        if case.end is None or case.end > date(THANG - 1, 12, 31):
            cases.append(case)
            carried += 1
    for i, tgl in enumerate(dates):
        # The first two cases carry an apostrophe name and a non-ASCII name (encodings).
        person = make_person(rng, office.kode_prov, tgl, special=i + 1) if i < 2 else None
        cases.append(make_case(office, rng, f"PGD-{THANG}-{seq:06d}", tgl, person=person))
        seq += rng.randint(1, 3)
    return cases


def year_measures(cases: list[Case], snapshot: date) -> dict[str, Decimal | int | None]:
    """The outcome measures of the warehouse contract over cases of the year."""
    rows = [
        (c, *c.at(snapshot)) for c in cases if c.tgl_aduan.year == THANG and c.tgl_aduan <= snapshot
    ]
    done = [(c, st, end, hasil, nilai) for c, st, end, hasil, nilai in rows if st == SELESAI]
    days = sorted((end - c.tgl_aduan).days for c, _, end, _, _ in done if end is not None)
    median: Decimal | None = None
    if days:
        mid = len(days) // 2
        median = (
            Decimal(days[mid])
            if len(days) % 2
            else (Decimal(days[mid - 1]) + Decimal(days[mid])) / 2
        )
    return {
        "kasus_diterima": len(rows),
        "kasus_selesai": len(done),
        "kasus_selesai_pct": (Decimal(len(done)) * 100 / len(rows)) if rows else None,
        "hak_dipulihkan_rp": sum((n or Decimal(0) for _, _, _, _, n in done), Decimal(0)),
        "pmi_dipulangkan": sum(1 for _, _, _, h, _ in done if h in REPATRIATION),
        "median_hari_selesai": median,
    }


def link_workers(cases: dict[str, list[Case]], seed: int) -> None:
    """Workers whose cases must be linked by NIK (pmi_key), for every office at once.

    One worker has cases at two offices (Jawa Timur, then Kepulauan Riau on the
    way home); another has two cases at Jawa Tengah. Each takes over the number
    and date of an existing case, so numbering stays in date order.
    """
    linker = WorkerLinker(seed)
    for kd in linker.offices:
        linker.apply(kd, cases[kd])


class WorkerLinker:
    """`link_workers` one office at a time, so an office's cases can be dropped once written.

    The linked cases share one random stream, so offices must be applied in
    the order of the plan (`offices`, ascending office codes); applying them
    out of order raises instead of silently drawing different cases.
    """

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(f"{seed}:linked-workers")
        jatim = self._worker("35", date(THANG, 2, 9))
        jateng = self._worker("33", date(THANG, 1, 20))
        self._plan = [
            ("900104", date(THANG, 2, 9), "Gaji tidak dibayar", jatim),
            ("900106", date(THANG, 6, 15), "Overstay", jatim),
            ("900112", date(THANG, 1, 20), "Penahanan dokumen", jateng),
            ("900112", date(THANG, 8, 3), "Gaji tidak dibayar", jateng),
        ]
        self.offices = tuple(dict.fromkeys(kd for kd, *_ in self._plan))

    def _worker(self, prov: str, on: date) -> Person:
        person = make_person(self._rng, prov, on)
        while not person.nik_valid:
            person = make_person(self._rng, prov, on)
        return person

    def apply(self, kdsatker: str, lst: list[Case]) -> None:
        """Put the linked workers' cases of one office into its case list (in place)."""
        if any(kd == kdsatker for kd, *_ in self._plan) and self._plan[0][0] != kdsatker:
            raise ValueError(
                f"linked workers: {self._plan[0][0]} must be applied before {kdsatker}"
            )
        while self._plan and self._plan[0][0] == kdsatker:
            kd, near, masalah, person = self._plan.pop(0)
            this_year = [j for j in range(len(lst)) if lst[j].tgl_aduan.year == THANG]
            i = min(this_year, key=lambda j: abs((lst[j].tgl_aduan - near).days))
            slot = lst[i]
            case = make_case(
                OFFICE_BY_CODE[kd], self._rng, slot.no_aduan, slot.tgl_aduan, person, masalah, True
            )
            lst[i] = replace(case, negara="Malaysia")
