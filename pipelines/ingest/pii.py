"""Replace personal data by a keyed hash and derived fields, at ingestion.

UU PDP No. 27/2022 asks for minimisation: the warehouse keeps no name, NIK,
passport or phone number. A worker's cases still link across offices and
years through `pmi_key`, an HMAC-SHA256 of the normalised NIK (or passport
number) under a secret that lives outside the warehouse. Sex, age band and
province are derived from the NIK here, then the identifiers are dropped.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
from dataclasses import dataclass

from pipelines.ingest.values import is_blank

# Province codes in use (Kemendagri); the first two NIK digits.
PROVINCE_CODES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "16",
        "17",
        "18",
        "19",
        "21",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "51",
        "52",
        "53",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "72",
        "73",
        "74",
        "75",
        "76",
        "81",
        "82",
        "91",
        "92",
        "93",
        "94",
        "95",
        "96",
        "97",
    ]
)


@dataclass(frozen=True)
class NikFacts:
    """What a well-formed NIK tells without identifying the person."""

    kode_provinsi: str
    jenis_kelamin: str
    tanggal_lahir: dt.date


def normalise_nik(value: object) -> str | None:
    """Digits only (drops spaces, dots and a leading apostrophe Excel users type)."""
    if is_blank(value):
        return None
    if isinstance(value, float) and value == int(value):
        value = int(value)
    digits = re.sub(r"\D", "", str(value))
    return digits or None


def nik_facts(nik: str | None, reference: dt.date) -> NikFacts | None:
    """Decode a 16-digit NIK, or None when it is malformed.

    Birth date is DDMMYY with 40 added to the day for women. The century is
    the one that puts the birth date before `reference` (the complaint date)
    at an age of less than 100.
    """
    # ASCII digits only: `\d` also matches other scripts' digits, which the keyed hash
    # (ASCII) cannot take; such a NIK is malformed, like any other.
    if nik is None or not re.fullmatch(r"[0-9]{16}", nik):
        return None
    if nik[:2] not in PROVINCE_CODES:
        return None
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "L"
    if day > 40:
        day, sex = day - 40, "P"
    year = 2000 + yy if 2000 + yy <= reference.year else 1900 + yy
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return None
    if born > reference:
        return None
    return NikFacts(kode_provinsi=nik[:2], jenis_kelamin=sex, tanggal_lahir=born)


def age_band(born: dt.date, at: dt.date) -> str:
    """Contract age bands at a date: `<20`, `20-29`, `30-39`, `40-49`, `50+`."""
    age = at.year - born.year - ((at.month, at.day) < (born.month, born.day))
    if age < 20:
        return "<20"
    if age >= 50:
        return "50+"
    low = age // 10 * 10
    return f"{low}-{low + 9}"


def normalise_passport(value: object) -> str | None:
    """Upper-case letters and digits only."""
    if is_blank(value):
        return None
    text = re.sub(r"[^0-9A-Za-z]", "", str(value)).upper()
    return text or None


def pmi_key(key: bytes, nik: str | None, passport: str | None, valid_nik: bool) -> str | None:
    """Keyed hash of the NIK, or of the passport when the NIK is missing or malformed."""
    if valid_nik and nik:
        message = f"nik:{nik}"
    elif passport:
        message = f"paspor:{passport}"
    else:
        return None
    # `hmac.digest` is HMAC(key, message, sha256).digest() in one C call (same bytes).
    return hmac.digest(key, message.encode("ascii"), "sha256").hex()


def normalise_sex(value: object) -> str | None:
    """`L`/`P` from `L`, `P`, `Laki-laki`, `Perempuan` (None otherwise)."""
    if is_blank(value):
        return None
    text = str(value).strip().lower()
    if text in {"l", "laki-laki", "laki laki", "lakilaki", "pria"}:
        return "L"
    if text in {"p", "perempuan", "wanita"}:
        return "P"
    return None
