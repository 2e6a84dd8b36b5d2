"""Money, date, month and code parsing: examples from the source contract and properties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.ingest.values import (
    MONTH_NAMES_ID,
    ValueProblem,
    parse_budget_code,
    parse_date,
    parse_kode_ro,
    parse_money,
    parse_month,
    parse_office,
)

D = Decimal


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.234.567,00", D("1234567.00")),
        ("1.234.567", D("1234567.00")),
        ("Rp 1.234.567,00", D("1234567.00")),
        ("Rp1.234.567", D("1234567.00")),
        ("Rp. 1.234.567,5", D("1234567.50")),
        ("1234567.00", D("1234567.00")),
        ("1234567", D("1234567.00")),
        ("1.234", D("1234.00")),  # Indonesian thousands separator, never a fraction
        ("12.34", D("12.34")),
        ("-1.234.567,00", D("-1234567.00")),
        ("(1.234.567,00)", D("-1234567.00")),
        ("Rp (1.234.567,00)", None),
        ("1,234,567.89", D("1234567.89")),
        (1234567, D("1234567.00")),
        (1234567.5, D("1234567.50")),
        (20000000.01, D("20000000.01")),
        (0.1, D("0.10")),
    ],
)
def test_money_examples(raw: object, expected: Decimal | None) -> None:
    if expected is None:
        with pytest.raises(ValueProblem):
            parse_money(raw)
    else:
        assert parse_money(raw) == expected


@pytest.mark.parametrize("raw", ["12.34,5x", "", "abc", "1.23.4", "1,2345", 0.001, "1.234,567"])
def test_money_rejects(raw: object) -> None:
    with pytest.raises(ValueProblem):
        parse_money(raw)


@pytest.mark.parametrize(
    "raw",
    ["12345678901234567", "12.345.678.901.234.567,00", 10**16, 1e20, "9" * 40 + ",00"],
)
def test_money_too_large_for_decimal_18_2_is_rejected_with_a_reason(raw: object) -> None:
    # DECIMAL(18,2) holds 16 digits before the point; 10^16 has 17. Such a value used to
    # crash the whole feed's load instead of rejecting the one file.
    with pytest.raises(ValueProblem, match="terlalu besar"):
        parse_money(raw)
    assert parse_money("9999999999999999,99") == D("9999999999999999.99")


def test_money_error_names_the_value() -> None:
    with pytest.raises(ValueProblem, match="'12.34,5x'"):
        parse_money("12.34,5x")


cents = st.integers(min_value=-(10**15), max_value=10**15)


def _id_format(amount: Decimal, rp: bool, parens: bool) -> str:
    sign = "-" if amount < 0 else ""
    whole, frac = f"{abs(amount):.2f}".split(".")
    groups = f"{int(whole):,}".replace(",", ".")
    text = f"{groups},{frac}"
    if rp:
        text = "Rp " + text
    if sign:
        text = f"({text})" if parens else f"-{text}"
    return text


@given(cents, st.booleans(), st.booleans())
def test_money_indonesian_format_roundtrip(c: int, rp: bool, parens: bool) -> None:
    amount = D(c) / 100
    if parens and rp and amount < 0:
        text = "(" + _id_format(abs(amount), False, False) + ")"
    else:
        text = _id_format(amount, rp, parens)
    assert parse_money(text) == amount.quantize(D("0.01"))


@given(cents)
def test_money_plain_format_roundtrip(c: int) -> None:
    amount = D(c) / 100
    assert parse_money(f"{amount:.2f}") == amount
    assert parse_money(repr(float(f"{amount:.2f}"))) == amount if abs(c) < 10**13 else True


@given(st.integers(min_value=-(10**13), max_value=10**13))
def test_money_numeric_cell_is_exact(c: int) -> None:
    # An xlsx numeric cell holding the 2-decimal amount the office typed.
    amount = D(c) / 100
    assert parse_money(float(amount)) == amount


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("05-03-2026", dt.date(2026, 3, 5)),
        ("5/3/2026", dt.date(2026, 3, 5)),
        ("2026-03-05", dt.date(2026, 3, 5)),
        ("5 Maret 2026", dt.date(2026, 3, 5)),
        ("05 Mar 2026", dt.date(2026, 3, 5)),
        ("17 Agustus 2026", dt.date(2026, 8, 17)),
        ("17 Agt 2026", dt.date(2026, 8, 17)),
        ("17 Agu 2026", dt.date(2026, 8, 17)),
        ("1 Mei 2026", dt.date(2026, 5, 1)),
        ("31 Des 2026", dt.date(2026, 12, 31)),
        ("3 Okt 2026", dt.date(2026, 10, 3)),
        (46086, dt.date(2026, 3, 5)),
        (46086.0, dt.date(2026, 3, 5)),
        ("46086", dt.date(2026, 3, 5)),
        (dt.date(2026, 3, 5), dt.date(2026, 3, 5)),
        (dt.datetime(2026, 3, 5, 0, 0), dt.date(2026, 3, 5)),
    ],
)
def test_date_examples(raw: object, expected: dt.date) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["31-02-2026", "5 March 2026", "2026/13/01", "kemarin", 46086.5])
def test_date_rejects(raw: object) -> None:
    with pytest.raises(ValueProblem):
        parse_date(raw)


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)), st.integers(0, 5))
def test_date_every_format_roundtrip(day: dt.date, form: int) -> None:
    month = MONTH_NAMES_ID[day.month - 1]
    text = [
        f"{day:%d-%m-%Y}",
        f"{day:%d/%m/%Y}",
        day.isoformat(),
        f"{day.day} {month} {day.year}",
        f"{day.day} {month[:3]} {day.year}",
        str((day - dt.date(1899, 12, 30)).days),
    ][form]
    assert parse_date(text) == day


def test_month_names_and_numbers() -> None:
    assert [parse_month(m) for m in MONTH_NAMES_ID] == list(range(1, 13))
    assert parse_month("3") == 3
    assert parse_month(3.0) == 3
    with pytest.raises(ValueProblem):
        parse_month(13)


def test_office_forms() -> None:
    assert parse_office("900104") == "900104"
    assert parse_office("900104 - BP3MI Jawa Timur") == "900104"
    assert parse_office(900104) == "900104"
    assert parse_office(900104.0) == "900104"
    with pytest.raises(ValueProblem):
        parse_office("BP3MI Jawa Timur")


def test_budget_code_forms() -> None:
    plain = parse_budget_code("DL.6011.QAH.002.051.A.524111")
    prefixed = parse_budget_code("2026.900104.DL.6011.QAH.002.051.A.524111")
    assert plain == prefixed
    assert plain.kode_anggaran == "DL.6011.QAH.002.051.A.524111"
    assert plain.kode_ro == "6011.QAH.002"
    assert plain.akun == "524111"
    with pytest.raises(ValueProblem, match="kode anggaran"):
        parse_budget_code("DL.6011.QAH.002.524111")


def test_kode_ro_with_kdgiat() -> None:
    assert parse_kode_ro("6011.QAH.002") == "6011.QAH.002"
    assert parse_kode_ro("QAH.002", 6011) == "6011.QAH.002"
    with pytest.raises(ValueProblem):
        parse_kode_ro("QAH.002")
