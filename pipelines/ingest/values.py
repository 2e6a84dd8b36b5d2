"""Exact parsers for the cell values the offices' exports contain.

Every function takes a raw cell (a string from a CSV, or whatever the xlsx
reader returns: str, int, float, datetime, date) and returns a typed value or
raises `ValueProblem` with a message in Bahasa Indonesia that the office's
staff can act on. Money never passes through a float: numeric xlsx cells are
converted with `repr`-exact rules and checked to have at most two decimals.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TypeVar

CENT = Decimal("0.01")
EXCEL_EPOCH = dt.date(1899, 12, 30)

MONTHS_ID = {
    "januari": 1,
    "februari": 2,
    "maret": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "agustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "desember": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "agu": 8,
    "agt": 8,
    "agus": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "des": 12,
}

MONTH_NAMES_ID = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


class ValueProblem(ValueError):
    """A cell value outside the contract; the message is shown to the office."""


_WITHHOLD_VALUES: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "jejak_withhold_values", default=False
)
WITHHELD = "(nilai disamarkan: file berisi data pribadi)"


def quoted(value: object) -> str:
    """A cell value as a rejection message shows it: `'value'`, or withheld.

    Rejection reasons travel far (the ledger, `marts.file_deliveries`, the
    published file, logs, Dagster metadata). In a file that carries personal
    data a shifted row can put a name or a NIK in any column, so no cell value
    of such a file is ever quoted; the row and the column still are, which is
    enough to find the cell in the office's own copy.
    """
    return WITHHELD if _WITHHOLD_VALUES.get() else f"'{value}'"


@contextmanager
def values_withheld(active: bool = True) -> Iterator[None]:
    """While active, `quoted` withholds every cell value (see `quoted`)."""
    token = _WITHHOLD_VALUES.set(active)
    try:
        yield
    finally:
        _WITHHOLD_VALUES.reset(token)


T = TypeVar("T")
MEMO_SIZE = 8192
_EXACT_TYPES = frozenset({str, int, bool, type(None)})


def _same_when_equal(value: object) -> bool:
    """True when two equal cells of this type always parse alike (so may share a cache entry).

    Not so for `0.0`/`-0.0` and NaN, for Decimals with other exponents, or
    for aware datetimes that are equal across time zones: those are parsed
    every time.
    """
    kind = type(value)
    if kind in _EXACT_TYPES:
        return True
    if kind is float:
        return value == value and value != 0.0  # type: ignore[comparison-overlap]
    if kind is dt.datetime or kind is dt.date:
        return getattr(value, "tzinfo", None) is None
    return False


def memo_cells(parser: Callable[..., T]) -> Callable[..., T]:
    """Remember a pure cell parser's results, keyed by each argument's type and value.

    A monthly file repeats the same office code, dates and budget codes on
    most of its rows; parsing each distinct cell once is the cheapest fast
    path there is and cannot change a result: these parsers are pure and
    return immutable values (str, int, date, Decimal, frozen dataclasses).
    The key holds the type, so `1`, `1.0` and `True` (equal in Python) never
    share an entry. Failures are not remembered: a problem is raised, with
    its message, every time. The cache is bounded (LRU), so memory is too.
    """

    @functools.lru_cache(maxsize=MEMO_SIZE)
    def cached(key: tuple[tuple[type, object], ...]) -> T:
        return parser(*(value for _, value in key))

    @functools.wraps(parser)
    def parse(*args: object, **kwargs: object) -> T:
        if len(args) == 1 and not kwargs:  # the common call: one cell
            value = args[0]
            if type(value) is str or _same_when_equal(value):
                return cached(((type(value), value),))
            return parser(value)
        if kwargs or not all(_same_when_equal(a) for a in args):
            return parser(*args, **kwargs)
        return cached(tuple((type(a), a) for a in args))

    parse.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return parse


def is_blank(value: object) -> bool:
    """True for None, empty strings and whitespace-only strings."""
    return value is None or (isinstance(value, str) and value.strip() == "")


def _text(value: object) -> str:
    return str(value).strip().replace("\u00a0", " ")


# --- money -----------------------------------------------------------------

_RP_PREFIX = re.compile(r"^rp\.?\s*", re.IGNORECASE)
_ID_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d{1,2})?$")  # 1.234.567,00 / 1.234.567
_ID_DECIMAL_COMMA = re.compile(r"^\d+,\d{1,2}$")  # 1234567,50
_PLAIN = re.compile(r"^\d+(\.\d{1,2})?$")  # 1234567.00 / 1234567
_EN_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d{1,2})?$")  # 1,234,567.00


def parse_money(value: object) -> Decimal:
    """Parse a rupiah amount exactly (two decimals at most).

    Accepts every form of the source contract: `1.234.567,00`, `1.234.567`,
    `Rp 1.234.567,00`, `Rp1.234.567`, `1234567.00`, `1234567`, numeric cells,
    negatives as `-1.234.567,00` or `(1.234.567,00)`. A value like `1.234`
    is read as one thousand two hundred thirty-four rupiah (Indonesian
    thousands separator), never as a fraction.
    """
    if isinstance(value, bool):
        raise ValueProblem(f"nilai uang {quoted(value)} tidak dapat dibaca")
    if isinstance(value, int):
        return _two_decimals(Decimal(value), str(value))
    if isinstance(value, float):
        # Numeric xlsx cells arrive as binary floats; the shortest repr is the
        # number the office typed. Refuse anything with more than 2 decimals.
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueProblem(f"nilai uang {quoted(value)} tidak dapat dibaca")
        amount = Decimal(repr(value))
        return _two_decimals(amount, repr(value))
    if isinstance(value, Decimal):
        return _two_decimals(value, str(value))
    if is_blank(value):
        raise ValueProblem("nilai uang kosong")
    raw = _text(value)
    text = raw.replace(" ", "")
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    if text.startswith("-"):
        negative, text = not negative, text[1:]
    if text[:1] in "rR":  # the only case the prefix pattern can match
        text = _RP_PREFIX.sub("", text)
    if text.startswith("-") and not negative:
        negative, text = True, text[1:]
    if text.isdecimal():  # digits only: what `_PLAIN` accepts, without the regexes
        normal = text
    elif _ID_THOUSANDS.match(text) or _ID_DECIMAL_COMMA.match(text):
        normal = text.replace(".", "").replace(",", ".")
    elif _PLAIN.match(text):
        normal = text
    elif _EN_THOUSANDS.match(text):
        normal = text.replace(",", "")
    else:
        raise ValueProblem(f"nilai uang {quoted(raw)} tidak dapat dibaca")
    try:
        amount = Decimal(normal)
    except InvalidOperation as exc:  # pragma: no cover - regexes guarantee digits
        raise ValueProblem(f"nilai uang {quoted(raw)} tidak dapat dibaca") from exc
    amount = -amount if negative else amount
    return _two_decimals(amount, raw)


MAX_RUPIAH = Decimal(10) ** 16
"""Money is DECIMAL(18,2) end to end: at most 16 digits before the decimal point."""


def _two_decimals(amount: Decimal, shown: str) -> Decimal:
    # A value too large for DECIMAL(18,2) is the sender's error, named like any other:
    # left unchecked it crashed the whole feed's load (quantize or the Arrow cast).
    if not amount.is_finite() or abs(amount) >= MAX_RUPIAH:
        raise ValueProblem(
            f"nilai uang {quoted(shown)} terlalu besar (lebih dari 16 digit sebelum koma)"
        )
    cents = amount.quantize(CENT)
    if amount != cents:
        raise ValueProblem(f"nilai uang {quoted(shown)} memiliki lebih dari 2 angka desimal")
    return cents


@memo_cells
def parse_number(value: object) -> Decimal:
    """Parse a volume or target (not money): same separators, up to 4 decimals."""
    if isinstance(value, bool):
        raise ValueProblem(f"angka {quoted(value)} tidak dapat dibaca")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if is_blank(value):
        raise ValueProblem("angka kosong")
    raw = _text(value)
    text = raw.replace(" ", "")
    negative = text.startswith("-")
    text = text.lstrip("-")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", text) or re.fullmatch(r"\d+,\d+", text):
        normal = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d+(\.\d+)?", text):
        normal = text
    else:
        raise ValueProblem(f"angka {quoted(raw)} tidak dapat dibaca")
    number = Decimal(normal)
    return -number if negative else number


def parse_percent(value: object) -> Decimal:
    """Parse a share in percent (0-100); `%` sign allowed, comma or dot decimals."""
    if isinstance(value, str):
        value = value.replace("%", "")
    return parse_number(value)


# --- dates -----------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_NAMED = re.compile(r"^(\d{1,2})[\s-]+([A-Za-z]+)\.?[\s-]+(\d{4})$")


@memo_cells
def parse_date(value: object) -> dt.date:
    """Parse a date in any of the contract's forms.

    `dd-mm-yyyy`, `dd/mm/yyyy`, `yyyy-mm-dd`, `d MMMM yyyy` / `d MMM yyyy` with
    Indonesian month names, xlsx date cells and Excel serial numbers (as
    numbers or as digit-only text).
    """
    if isinstance(value, dt.datetime):
        return value.date()  # a date cell; SP2D and case dates carry no time of day
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueProblem(f"tanggal {quoted(value)} tidak dapat dibaca")
    if isinstance(value, int | float):
        return _excel_serial(value, str(value))
    if is_blank(value):
        raise ValueProblem("tanggal kosong")
    raw = _text(value)
    try:
        if m := _DMY.match(raw):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := _YMD.match(raw):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _NAMED.match(raw):
            month = MONTHS_ID.get(m[2].lower())
            if month is None:
                raise ValueProblem(
                    f"nama bulan {quoted(m[2])} pada tanggal {quoted(raw)} tidak dikenal"
                )
            return dt.date(int(m[3]), month, int(m[1]))
    except ValueError as exc:
        if isinstance(exc, ValueProblem):
            raise
        raise ValueProblem(f"tanggal {quoted(raw)} tidak ada di kalender") from exc
    if re.fullmatch(r"\d{5}(\.0+)?", raw):
        return _excel_serial(float(raw), raw)
    raise ValueProblem(f"tanggal {quoted(raw)} tidak dapat dibaca")


def _excel_serial(serial: float, shown: str) -> dt.date:
    if serial != int(serial) or not 1 <= serial <= 2958465:
        raise ValueProblem(f"tanggal {quoted(shown)} bukan nomor seri tanggal Excel yang sah")
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


@memo_cells
def parse_month(value: object) -> int:
    """Parse a month given as 1-12 (number or text) or an Indonesian month name."""
    if isinstance(value, float) and value == int(value):
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        month = value
    elif is_blank(value):
        raise ValueProblem("bulan kosong")
    else:
        raw = _text(value)
        if re.fullmatch(r"\d{1,2}(\.0+)?", raw):
            month = int(float(raw))
        else:
            found = MONTHS_ID.get(raw.lower().rstrip("."))
            if found is None:
                raise ValueProblem(f"bulan {quoted(raw)} tidak dikenal")
            month = found
    if not 1 <= month <= 12:
        raise ValueProblem(f"bulan {quoted(value)} di luar 1-12")
    return month


@memo_cells
def parse_int(value: object, what: str) -> int:
    """Parse a whole number such as a year or a revision number."""
    if isinstance(value, float) and value == int(value):
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raw = "" if value is None else _text(value)
    if re.fullmatch(r"\d+(\.0+)?", raw):
        return int(float(raw))
    raise ValueProblem(f"{what} {quoted(raw)} bukan bilangan bulat")


@memo_cells
def parse_year(value: object) -> int:
    """Parse a fiscal year (4 digits)."""
    year = parse_int(value, "tahun anggaran")
    if not 2000 <= year <= 2100:
        raise ValueProblem(f"tahun anggaran {quoted(value)} tidak wajar")
    return year


# --- codes -----------------------------------------------------------------

_OFFICE = re.compile(r"^\s*(\d{6})(?:\.0+)?(?:\s*[-–:]\s*.*)?$", re.DOTALL)


@memo_cells
def parse_office(value: object) -> str:
    """Take the 6-digit kdsatker from `900104` or `900104 - BP3MI Jawa Timur`."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(int(value))
    raw = "" if value is None else _text(value)
    m = _OFFICE.match(raw)
    if not m:
        raise ValueProblem(f"kode satker {quoted(raw)} bukan 6 digit")
    return m[1]


@dataclass(frozen=True)
class BudgetCode:
    """The seven parts of a budget line code."""

    program: str
    kegiatan: str
    kro: str
    ro: str
    komponen: str
    subkomponen: str
    akun: str

    @property
    def kode_anggaran(self) -> str:
        """Normalised `program.kegiatan.kro.ro.komponen.subkomponen.akun`."""
        return ".".join(
            (
                self.program,
                self.kegiatan,
                self.kro,
                self.ro,
                self.komponen,
                self.subkomponen,
                self.akun,
            )
        )

    @property
    def kode_ro(self) -> str:
        """The output key `kegiatan.kro.ro`."""
        return f"{self.kegiatan}.{self.kro}.{self.ro}"


_PART_PATTERNS = (
    ("program", re.compile(r"^[A-Z]{2}$")),
    ("kegiatan", re.compile(r"^\d{4}$")),
    ("kro", re.compile(r"^[A-Z]{3}$")),
    ("ro", re.compile(r"^\d{3}$")),
    ("komponen", re.compile(r"^\d{3}$")),
    ("subkomponen", re.compile(r"^[A-Z0-9]{1,3}$")),
    ("akun", re.compile(r"^\d{6}$")),
)


def budget_code_from_parts(parts: list[object]) -> BudgetCode:
    """Build a budget code from the seven code columns, checking each part."""
    return _code_from_parts(*parts)


@memo_cells
def _code_from_parts(*parts: object) -> BudgetCode:
    cleaned: list[str] = []
    for (name, pattern), part in zip(_PART_PATTERNS, parts, strict=True):
        if isinstance(part, float) and part == int(part):
            part = int(part)
        text = "" if part is None else _text(part).upper()
        if name in ("ro", "komponen") and text.isdigit() and len(text) < 3:
            text = text.zfill(3)  # numeric xlsx cells lose leading zeros
        if not pattern.match(text):
            raise ValueProblem(f"bagian kode anggaran {name} {quoted(text)} tidak sah")
        cleaned.append(text)
    return BudgetCode(*cleaned)


@memo_cells
def parse_budget_code(value: object) -> BudgetCode:
    """Parse `program.kegiatan.kro.ro.komponen.subkomponen.akun`.

    An optional `thang.kdsatker.` prefix (as SAKTI writes the full code) is
    removed: it repeats columns that the row already has.
    """
    raw = "" if value is None else _text(value)
    parts = [p.strip() for p in raw.split(".")]
    if len(parts) == 9 and re.fullmatch(r"\d{4}", parts[0]) and re.fullmatch(r"\d{6}", parts[1]):
        parts = parts[2:]
    if len(parts) != 7:
        raise ValueProblem(
            f"kode anggaran {quoted(raw)} harus berbentuk program.kegiatan.kro.ro.komponen.subkomponen.akun"
        )
    try:
        return budget_code_from_parts(list(parts))
    except ValueProblem as exc:
        raise ValueProblem(f"kode anggaran {quoted(raw)}: {exc}") from exc


@memo_cells
def parse_kode_ro(value: object, kdgiat: object = None) -> str:
    """Parse `kegiatan.kro.ro`; when the kegiatan is missing take it from `kdgiat`."""
    raw = "" if value is None else _text(value).upper()
    parts = [p.strip() for p in raw.split(".")]
    if len(parts) == 2 and not is_blank(kdgiat):
        giat = kdgiat
        if isinstance(giat, float) and giat == int(giat):
            giat = int(giat)
        parts = [_text(giat), *parts]
    if (
        len(parts) != 3
        or not re.fullmatch(r"\d{4}", parts[0])
        or not re.fullmatch(r"[A-Z]{3}", parts[1])
        or not re.fullmatch(r"\d{3}", parts[2])
    ):
        raise ValueProblem(
            f"kode RO {quoted(raw)} harus berbentuk kegiatan.kro.ro, mis. 6011.QAH.002"
        )
    return ".".join(parts)
