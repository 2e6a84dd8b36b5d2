"""Pseudonymise a case file's identifier columns at once: `pmi_key`, sex, age band, province.

`feeds.pengaduan.identity_fields` does this per row with `pii.py`; a snapshot
has a new NIK on nearly every row, so the row-wise cost (two regex passes, a
date, a keyed hash per row) is most of a bulk case load. Here the NIK is
decoded with Arrow string and integer kernels following `pii.nik_facts` step
by step (digits only, 16 of them, a province in use, day+40 for women, the
century that puts the birth before the complaint date, a real calendar date
not after it), and only the keyed hash itself, `pii.pmi_key`, runs per row.

The identifiers are read only here, only to derive these four values; nothing
else of them leaves this module. A NIK column that is not plain ASCII text (a
sheet's numeric NIK cells, or other scripts' digits, which Python's `\\D`
keeps) is pseudonymised by `identity_fields` per row, as the row-wise path
does. `tests/test_ingest_bulk.py` checks the two agree on arbitrary values.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.ingest import distinct_values as dv
from pipelines.ingest import pii
from pipelines.ingest import vector_values as vv
from pipelines.ingest.feeds.pengaduan import identity_fields

FIELDS = ("pmi_key", "jenis_kelamin", "kelompok_umur", "kode_provinsi_asal")
STRING = pa.string()
_PLACEHOLDER = "1101010101000000"  # a well-formed NIK, used where a row has none (then masked)
_DAYS = pa.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], type=pa.int32())


def identity_columns(
    key: bytes,
    nik: dv.Cells | None,
    passport: dv.Cells | None,
    sex: dv.Cells | None,
    tgl_aduan: pa.Array,
) -> dict[str, pa.Array]:
    """The four derived columns of `identity_fields`, for every row."""
    n = len(tgl_aduan)
    if any(isinstance(c, list) for c in (nik, passport)) or (
        nik is not None and not pc.all(pc.string_is_ascii(nik)).as_py()
    ):
        return _per_row(key, nik, passport, sex, tgl_aduan)
    empty = pa.repeat(pa.scalar("", STRING), n)
    digits = pc.replace_substring_regex(empty if nik is None else nik, "[^0-9]", "")
    facts = _nik_facts(digits, tgl_aduan)
    passports = _passports(empty if passport is None else passport)
    stated = (
        pa.repeat(pa.scalar(None, STRING), n)
        if sex is None
        else dv.by_distinct(sex, pii.normalise_sex, STRING)
    )
    known = facts["known"]
    none = pa.scalar(None, STRING)
    keys = [
        pii.pmi_key(key, nik_digits or None, passport_text, valid)
        for nik_digits, passport_text, valid in zip(
            digits.to_pylist(), passports.to_pylist(), known.to_pylist(), strict=True
        )
    ]
    return {
        "pmi_key": pa.array(keys, type=STRING),
        "jenis_kelamin": pc.if_else(known, facts["sex"], stated),
        "kelompok_umur": pc.if_else(known, facts["band"], none),
        "kode_provinsi_asal": pc.if_else(known, pc.utf8_slice_codeunits(digits, 0, 2), none),
    }


def _per_row(
    key: bytes,
    nik: dv.Cells | None,
    passport: dv.Cells | None,
    sex: dv.Cells | None,
    tgl_aduan: pa.Array,
) -> dict[str, pa.Array]:
    """`identity_fields` row by row, on the cells as `Record.get` gives them."""
    n = len(tgl_aduan)
    columns = [[None] * n if c is None else _cells(c) for c in (nik, passport, sex)]
    out: dict[str, list[str | None]] = {name: [] for name in FIELDS}
    for row in zip(*columns, tgl_aduan.to_pylist(), strict=True):
        for name, value in identity_fields(key, *row).items():
            out[name].append(value)
    return {name: pa.array(values, type=STRING) for name, values in out.items()}


def _cells(values: dv.Cells) -> list[object]:
    return values if isinstance(values, list) else vv.cells(values).to_pylist()


def _passports(values: pa.Array) -> pa.Array:
    """`pii.normalise_passport`: ASCII letters and digits only, upper case; null when none."""
    kept = pc.ascii_upper(pc.replace_substring_regex(values, "[^0-9A-Za-z]", ""))
    return pc.if_else(pc.equal(kept, ""), pa.scalar(None, STRING), kept)


def _int(digits: pa.Array, start: int) -> pa.Array:
    return pc.cast(pc.utf8_slice_codeunits(digits, start, start + 2), pa.int32())


def _nik_facts(digits: pa.Array, reference: pa.Array) -> dict[str, pa.Array]:
    """`pii.nik_facts` and `pii.age_band` on columns; `known` marks the rows with facts."""
    shaped = pc.and_(
        pc.match_substring_regex(digits, "^[0-9]{16}$"),
        pc.is_in(
            pc.utf8_slice_codeunits(digits, 0, 2), value_set=pa.array(sorted(pii.PROVINCE_CODES))
        ),
    )
    nik = pc.if_else(shaped, digits, _PLACEHOLDER)
    raw_day, month, yy = _int(nik, 6), _int(nik, 8), _int(nik, 10)
    female = pc.greater(raw_day, 40)
    day = pc.if_else(female, pc.subtract(raw_day, 40), raw_day)
    ref_year = pc.cast(pc.year(reference), pa.int32())
    this_century = pc.add(yy, 2000)
    year = pc.if_else(pc.less_equal(this_century, ref_year), this_century, pc.add(yy, 1900))
    month_ok = pc.and_(pc.greater_equal(month, 1), pc.less_equal(month, 12))
    safe_month = pc.if_else(month_ok, month, 1)
    leap = pc.and_(
        pc.equal(pc.bit_wise_and(year, 3), 0),
        pc.or_(pc.not_equal(_remainder(year, 100), 0), pc.equal(_remainder(year, 400), 0)),
    )
    days = pc.add(
        pc.take(_DAYS, pc.subtract(safe_month, 1)),
        pc.cast(pc.and_(leap, pc.equal(safe_month, 2)), pa.int32()),
    )
    day_ok = pc.and_(pc.greater_equal(day, 1), pc.less_equal(day, days))
    real = pc.and_(shaped, pc.and_(month_ok, day_ok))
    born = _dates(
        pc.if_else(real, year, 2000), pc.if_else(real, month, 1), pc.if_else(real, day, 1)
    )
    known = pc.and_(real, pc.less_equal(born, reference))
    return {
        "known": known,
        "sex": pc.if_else(female, "P", "L"),
        "band": _age_band(born, reference),
    }


def _remainder(values: pa.Array, divisor: int) -> pa.Array:
    """`values % divisor` for non-negative integers (Arrow's integer `divide` truncates)."""
    return pc.subtract(values, pc.multiply(pc.divide(values, divisor), divisor))


def _dates(year: pa.Array, month: pa.Array, day: pa.Array) -> pa.Array:
    """Calendar dates from valid year, month and day columns."""
    iso = pc.binary_join_element_wise(
        pc.cast(year, STRING),
        pc.utf8_lpad(pc.cast(month, STRING), 2, "0"),
        pc.utf8_lpad(pc.cast(day, STRING), 2, "0"),
        "-",
    )
    return pc.cast(iso, pa.date32())


def _age_band(born: pa.Array, at: pa.Array) -> pa.Array:
    """`pii.age_band`: completed years at the complaint date, in the contract's bands."""
    before_birthday = pc.or_(
        pc.less(pc.month(at), pc.month(born)),
        pc.and_(pc.equal(pc.month(at), pc.month(born)), pc.less(pc.day(at), pc.day(born))),
    )
    age = pc.subtract(pc.subtract(pc.year(at), pc.year(born)), pc.cast(before_birthday, pa.int64()))
    return pc.case_when(
        pc.make_struct(pc.less(age, 20), pc.less(age, 30), pc.less(age, 40), pc.less(age, 50)),
        "<20",
        "20-29",
        "30-39",
        "40-49",
        "50+",
    )
