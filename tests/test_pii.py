"""NIK decoding (day+40 for women), age bands, keyed hash."""

from __future__ import annotations

import datetime as dt

from pipelines.ingest import pii


def test_nik_woman_day_plus_40() -> None:
    facts = pii.nik_facts("3578015203900001", dt.date(2026, 1, 5))
    assert facts is not None
    assert facts.jenis_kelamin == "P"
    assert facts.tanggal_lahir == dt.date(1990, 3, 12)
    assert facts.kode_provinsi == "35"


def test_nik_man_and_century() -> None:
    facts = pii.nik_facts("3301011204050007", dt.date(2026, 1, 5))
    assert facts is not None
    assert (facts.jenis_kelamin, facts.tanggal_lahir) == ("L", dt.date(2005, 4, 12))


def test_malformed_nik() -> None:
    assert pii.nik_facts("12345", dt.date(2026, 1, 1)) is None
    assert pii.nik_facts("3578013213900001", dt.date(2026, 1, 1)) is None  # month 13
    assert pii.nik_facts("0078011203900001", dt.date(2026, 1, 1)) is None  # province 00


def test_age_bands() -> None:
    born = dt.date(2000, 6, 15)
    assert pii.age_band(born, dt.date(2020, 6, 14)) == "<20"
    assert pii.age_band(born, dt.date(2020, 6, 15)) == "20-29"
    assert pii.age_band(born, dt.date(2045, 1, 1)) == "40-49"
    assert pii.age_band(born, dt.date(2050, 6, 15)) == "50+"


def test_pmi_key_links_and_hides() -> None:
    key = b"secret"
    a = pii.pmi_key(key, "3578015203900001", "C1234567", True)
    b = pii.pmi_key(key, "3578015203900001", None, True)
    assert a == b  # same worker, another office without passport: same key
    assert "3578015203900001" not in a and len(a) == 64
    assert pii.pmi_key(b"other", "3578015203900001", None, True) != a
    assert pii.pmi_key(key, "12345", "C1234567", False) == pii.pmi_key(
        key, None, pii.normalise_passport("c 1234567"), False
    )
    assert pii.pmi_key(key, None, None, False) is None
