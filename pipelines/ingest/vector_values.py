"""The cell rules of `values.py` that Arrow can apply to a whole column at once.

A big feed spends most of its time calling a parser per cell. The columns
with a new value on nearly every row (amounts, SP2D numbers, free text) are
typed here with Arrow string kernels and RE2 patterns that follow the
parser's steps; the columns that repeat a few spellings are typed by
`distinct_values` (the parser itself, once per distinct cell).

These rules accept a strict subset of what the parser accepts (ASCII digits
only, at most 16 integer digits, a number cell below 10^12, ...), and every
value they accept comes out as the parser would return it
(`tests/test_ingest_bulk.py` checks this with Hypothesis against `values.py`).
Nothing here ever rejects: a value outside what a rule handles raises
`Declined`, and the whole file goes to the row-wise path, which produces the
rows, or the rejection with its rows and messages, exactly as it always has.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


class Declined(Exception):
    """The bulk path does not take this file; the row-wise path will (the reason is for logs)."""


SPACE_CHARS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)
"""Every character for which `str.isspace()` is true: what `strip()`, `split()` and
the reader's "blank cell" test remove or look for (a test checks the list)."""
_SPACE_CLASS = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in SPACE_CHARS) + "]"
"""The same set as an RE2 class (Python's `\\s` in a `str` pattern is this set too)."""

MONEY_DIGITS = 16
"""Integer digits a `decimal(18,2)` holds; a longer amount is left to the row-wise path."""


def blank(values: pa.Array) -> pa.BooleanArray:
    """True where the reader would give None: an empty or whitespace-only field."""
    return pc.equal(strip(values), "")


def strip(values: pa.Array) -> pa.Array:
    """`str.strip()` of each value."""
    return pc.utf8_trim(values, SPACE_CHARS)


def cells(values: pa.Array) -> pa.Array:
    """The cells as the row-wise reader hands them to a parser: null where blank."""
    return pc.if_else(blank(values), pa.scalar(None, pa.string()), values)


_OTHER_SPACE_CLASS = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in SPACE_CHARS if c != " ") + "]"
_UNTIDY = f"^{_SPACE_CLASS}|{_SPACE_CLASS}$|{_SPACE_CLASS}{_SPACE_CLASS}|{_OTHER_SPACE_CLASS}"
"""Text that `" ".join(value.split())` changes: spaces at an end, a run, or another space."""


def text(values: pa.Array) -> pa.Array:
    """`feeds.base.text`: whitespace runs become one space, ends trimmed, blank is null.

    Most cells are already tidy; the (costly) replacement runs on the others only.
    """
    untidy = pc.match_substring_regex(values, _UNTIDY)
    if pc.any(untidy).as_py():
        tidied = pc.utf8_trim(
            pc.replace_substring_regex(values.filter(untidy), _SPACE_CLASS + "+", " "), " "
        )
        values = pc.replace_with_mask(values, untidy, tidied)
    return pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), values)


def require(condition: pa.BooleanArray | pa.BooleanScalar | bool, reason: str) -> None:
    """Decline the file unless `condition` holds for every row."""
    if isinstance(condition, bool):
        ok = condition
    elif isinstance(condition, pa.Scalar):
        ok = bool(condition.as_py())
    else:
        ok = len(condition) == 0 or bool(pc.all(condition).as_py())
    if not ok:
        raise Declined(reason)


def fixed_digits(values: pa.Array, length: int, what: str) -> pa.Array:
    """The stripped value when it is exactly `length` ASCII digits (e.g. `no_sp2d`)."""
    stripped = strip(values)
    require(pc.match_substring_regex(stripped, f"^[0-9]{{{length}}}$"), f"{what}: not digits")
    return stripped


# --- money ------------------------------------------------------------------------------------

_ID_THOUSANDS = r"^[0-9]{1,3}(\.[0-9]{3})+(,[0-9]{1,2})?$"
_ID_DECIMAL_COMMA = r"^[0-9]+,[0-9]{1,2}$"
_PLAIN = r"^[0-9]+(\.[0-9]{1,2})?$"
_EN_THOUSANDS = r"^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]{1,2})?$"
_NORMAL = rf"^[0-9]{{1,{MONEY_DIGITS}}}(\.[0-9]{{1,2}})?$"


def money(values: pa.Array, blank_is_zero: bool = False) -> pa.Array:
    """`values.parse_money` of every value, as `decimal(18,2)`, step by step.

    The steps are the parser's: strip, drop spaces (a no-break space counts),
    `(...)` and a leading `-` for the sign, an `Rp` prefix, a `-` after it,
    then the four number forms in the parser's order of preference. Digits
    are ASCII only and an amount has at most 16 integer digits: anything else
    declines the file. With `blank_is_zero` an empty cell is 0 (the optional
    columns whose contract says so); otherwise it declines. A step that would
    change no value of the column is skipped (a file keeps to one or two forms).
    """
    empty = blank(values)
    if not blank_is_zero:
        require(pc.invert(empty), "money: empty cell")
    text_ = strip(values)
    if _any(pc.match_substring_regex(text_, "[ \xa0]")):
        text_ = pc.replace_substring(pc.replace_substring(text_, "\xa0", ""), " ", "")
    negative = pc.and_(pc.starts_with(text_, "("), pc.ends_with(text_, ")"))
    if _any(negative):
        text_ = pc.if_else(negative, pc.utf8_slice_codeunits(text_, 1, -1), text_)
    minus = pc.starts_with(text_, "-")
    if _any(minus):
        negative = pc.xor(negative, minus)
        text_ = pc.if_else(minus, pc.utf8_slice_codeunits(text_, 1), text_)
    if _any(pc.match_substring_regex(text_, "^[rR]")):
        text_ = pc.replace_substring_regex(
            text_, r"^[rR][pP]\.?" + _SPACE_CLASS + "*", "", max_replacements=1
        )
    late_minus = pc.and_(pc.starts_with(text_, "-"), pc.invert(negative))
    if _any(late_minus):  # `Rp-1.234`, or `(--1)`: the parser's second look for a sign
        negative = pc.or_(negative, late_minus)
        text_ = pc.if_else(late_minus, pc.utf8_slice_codeunits(text_, 1), text_)
    normal = _normal_number(text_)
    if blank_is_zero:
        normal = pc.if_else(empty, "0", normal)
        negative = pc.and_(negative, pc.invert(empty))
    require(pc.invert(pc.is_null(normal)), "money: a form the bulk rules do not read")
    require(pc.match_substring_regex(normal, _NORMAL), "money: too many digits")
    if _any(negative):
        normal = pc.if_else(negative, pc.binary_join_element_wise("-", normal, ""), normal)
    return pc.cast(normal, pa.decimal128(18, 2))


EXACT_CELL_LIMIT = 1e12
"""Below this, a float has one 2-decimal spelling within half a unit of its last place, so
`round(v * 100) / 100 == v` says exactly that `repr(v)` has at most two decimals."""


def money_cells(cells: list[Any], blank_is_zero: bool = False) -> pa.Array | None:
    """`parse_money` of numeric sheet cells, in Arrow; None when the cells are not all numbers.

    The parser reads a number cell as `Decimal(repr(v))` and refuses more than
    two decimals. For |v| < 10^12 that is: `c = round(v * 100)` (exact to well
    under a cent) and `c / 100 == v`; the amount is then `c` cents. A cell
    beyond the limit, not finite, or with more decimals declines the file.
    With `blank_is_zero`, an empty (None) cell is 0.
    """
    allowed = {float, type(None)} if blank_is_zero else {float}
    if not cells or not set(map(type, cells)) <= allowed:
        return None
    values = pc.fill_null(pa.array(cells, type=pa.float64()), 0.0)
    finite = pc.less(pc.abs(values), EXACT_CELL_LIMIT)  # NaN compares false
    require(finite, "money: a number cell beyond the exact range")
    cents = pc.round(pc.multiply(values, 100.0))
    require(pc.equal(pc.divide(cents, 100.0), values), "money: more than two decimals")
    whole = np.asarray(pc.cast(cents, pa.int64()))
    buffer = np.empty(2 * len(whole), dtype="<i8")  # decimal128: little-endian 128-bit integer
    buffer[0::2] = whole
    buffer[1::2] = np.where(whole < 0, -1, 0)
    return pa.Array.from_buffers(pa.decimal128(18, 2), len(whole), [None, pa.py_buffer(buffer)])


def _normal_number(text_: pa.Array) -> pa.Array:
    """The parser's four forms, in its order, as `1234567.89`; null for any other text."""
    digits_only = pc.match_substring_regex(text_, "^[0-9]+$")
    if pc.all(digits_only).as_py():
        return text_
    indonesian = pc.or_(
        pc.match_substring_regex(text_, _ID_THOUSANDS),
        pc.match_substring_regex(text_, _ID_DECIMAL_COMMA),
    )
    plain = pc.match_substring_regex(text_, _PLAIN)
    english = pc.match_substring_regex(text_, _EN_THOUSANDS)
    return pc.case_when(
        pc.make_struct(digits_only, indonesian, plain, english),
        text_,
        pc.replace_substring(pc.replace_substring(text_, ".", ""), ",", "."),
        text_,
        pc.replace_substring(text_, ",", ""),
        pa.scalar(None, pa.string()),
    )


def _any(mask: pa.Array) -> bool:
    return len(mask) > 0 and bool(pc.any(mask).as_py())
