"""Synthetic migrant workers: names, NIK, passport and phone numbers.

The NIK follows the real structure (province 2, regency 2, district 2, birth
date DDMMYY with day+40 for women, sequence 4) so that a loader can derive sex,
age band and province, and a few are missing or malformed so that it must fall
back to the passport number. All people are invented.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

FEMALE = (
    "Siti Aminah",
    "Sri Wahyuni",
    "Dewi Lestari",
    "Nur Hidayah",
    "Rina Marlina",
    "Yuliani",
    "Sumiati",
    "Tri Handayani",
    "Endang Susilowati",
    "Kartini",
    "Wulan Sari",
    "Ani Suryani",
    "Eka Puspitasari",
    "Fitri Rahmawati",
    "Lilis Suryani",
    "Neneng Hasanah",
    "Rohmah",
    "Suwarni",
    "Yati Mulyati",
    "Ida Farida",
    "Masitoh",
    "Ratna Dewi",
    "Umi Kalsum",
    "Nurhayati",
    "Sulastri",
    "Tuti Alawiyah",
    "Mariyam",
    "Saodah",
    "Wartini",
    "Khotimah",
)
MALE = (
    "Agus Salim",
    "Budi Santoso",
    "Joko Susilo",
    "Ahmad Fauzi",
    "Slamet Riyadi",
    "Hendra Gunawan",
    "Dedi Kurniawan",
    "Rudi Hartono",
    "Yusuf Maulana",
    "Bambang Sutrisno",
    "Imam Syafii",
    "Wahyu Hidayat",
    "Andi Saputra",
    "Heri Setiawan",
    "Supriyadi",
    "Sugeng Riyanto",
    "Asep Saepudin",
    "Ujang Suherman",
    "Taufik Hidayat",
    "Rahmat Hidayat",
    "Zainal Abidin",
    "Muhammad Rizki",
    "Suparman",
    "Darmawan",
    "Syahrul Ramadhan",
    "Edi Purnomo",
    "Nanang Kosim",
    "Iwan Setiawan",
)
# Regional naming so offices look like their provinces.
REGIONAL = {
    "12": (
        ("Rosmawati Siregar", "Lestari Nainggolan", "Erna Simanjuntak"),
        ("Parlindungan Sitompul", "Horas Situmorang", "Ucok Harahap"),
    ),
    "51": (
        ("Ni Luh Putu Ariani", "Ni Made Sukerti", "Ni Ketut Sariasih"),
        ("I Made Suardana", "I Ketut Wirawan", "I Wayan Sudarta"),
    ),
    "52": (
        ("Baiq Nurul Aini", "Baiq Rahmawati", "Inaq Sahnim"),
        ("Lalu Muhammad Zaini", "Lalu Hamdani", "Amaq Sahnan"),
    ),
    "53": (
        ("Maria Goreti Bria", "Yohana Seran", "Agustina Ndun"),
        ("Yohanes Tefa", "Fransiskus Nahak", "Petrus Lake"),
    ),
}
# Names that exercise encodings: ASCII apostrophes, and characters outside ASCII
# that Windows-1252 can still encode (typographic apostrophe, accents).
APOSTROPHE = (
    ("Siti Nur'aini", "Jum'atun Hasanah", "Khoirun Ni'mah"),
    ("Fauzi Ma'ruf", "I Gusti Ngurah Ra'i", "Mu'min Hidayat"),
)
NON_ASCII = (
    ("Dewi Ma\u2019rifah", "D\u00e9sy Ratnasari", "Maria Ang\u00e9lica Bria"),
    ("Jos\u00e9 da Costa", "Andr\u00e9as Tukan", "Ren\u00e9 Pattiasina"),
)


@dataclass(frozen=True, slots=True)  # one per case
class Person:
    """One worker as the case system records them."""

    nama: str
    sex: str  # "L" | "P"
    birth: date
    nik: str  # as written in the export: may be empty or malformed
    nik_valid: bool
    paspor: str
    hp: str


def make_nik(rng: random.Random, kode_prov: str, birth: date, sex: str) -> str:
    """A structurally valid 16-digit NIK."""
    day = birth.day + (40 if sex == "P" else 0)
    return (
        f"{kode_prov}{rng.randint(1, 29):02d}{rng.randint(1, 20):02d}"
        f"{day:02d}{birth.month:02d}{birth.year % 100:02d}{rng.randint(1, 150):04d}"
    )


def malform_nik(rng: random.Random, nik: str) -> str:
    """A NIK as typed wrongly in the field: missing, short, long or with a letter."""
    kind = rng.choice(("empty", "short", "long", "letter", "placeholder"))
    if kind == "empty":
        return ""
    if kind == "short":
        return nik[:15]
    if kind == "long":
        return nik + str(rng.randint(0, 9))
    if kind == "letter":
        return nik[:6] + "O" + nik[7:]
    return "-"


def make_phone(rng: random.Random) -> str:
    """Indonesian mobile number in one of the three written forms."""
    body = (
        f"8{rng.choice(('11', '12', '13', '21', '22', '52', '53', '57', '77', '78', '95', '96'))}"
    )
    body += "".join(str(rng.randint(0, 9)) for _ in range(rng.choice((7, 8, 9))))
    form = rng.random()
    if form < 0.55:
        return "0" + body
    return ("+62" if form < 0.8 else "62") + body


def make_passport(rng: random.Random) -> str:
    """Indonesian passport number: a letter and seven digits."""
    return f"{rng.choice('ABCEX')}{rng.randint(0, 9_999_999):07d}"


def make_person(rng: random.Random, kode_prov: str, on: date, special: int = 0) -> Person:
    """A worker from province `kode_prov`, aged 18-55 on date `on`.

    `special` 1 gives a name with an apostrophe, 2 a name with non-ASCII letters.
    """
    sex = "P" if rng.random() < 0.65 else "L"
    if special:
        pair = APOSTROPHE if special == 1 else NON_ASCII
        nama = rng.choice(pair[0] if sex == "P" else pair[1])
    else:
        regional = REGIONAL.get(kode_prov)
        pool = FEMALE if sex == "P" else MALE
        if regional and rng.random() < 0.5:
            pool = regional[0] if sex == "P" else regional[1]
        nama = rng.choice(pool)
    age_days = rng.randint(18 * 365 + 5, 55 * 365)
    birth = on - timedelta(days=age_days)
    nik = make_nik(rng, kode_prov, birth, sex)
    valid = rng.random() >= 0.07
    if not valid:
        nik = malform_nik(rng, nik)
    # Without a valid NIK the passport usually identifies the worker; rarely neither is known.
    paspor = make_passport(rng) if rng.random() < (0.8 if valid else 0.85) else ""
    hp = make_phone(rng) if rng.random() < 0.93 else ""
    return Person(nama, sex, birth, nik, valid, paspor, hp)
