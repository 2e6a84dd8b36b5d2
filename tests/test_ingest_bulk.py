"""The bulk (column-wise) CSV path loads exactly what the row-wise path loads.

The bulk path (`pipelines/ingest/bulk*.py`, `vector_values.py`) only ever
accepts: anything it cannot reproduce for certain goes to the row-wise path.
So the claim to prove is one of equality, at three levels:

- the building blocks agree with what they replace, on arbitrary input
  (Hypothesis): pyarrow's tokeniser with Python's `csv`, the money, text and
  blank rules with `values.py` and `feeds.base.text`;
- every corpus case, the bundled sample and mutated real files (values
  swapped for every spelling of the contract and for broken ones, rows
  duplicated, blanked, totalled, bytes flipped) give the same `raw` rows, row
  numbers, ledger rows and rejection messages with the bulk path on and off;
- the bulk path does take the clean CSV files (otherwise equality would prove
  nothing).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import itertools
import os
import tempfile
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from pipelines.ingest import bulk, loader, pii
from pipelines.ingest import vector_values as vv
from pipelines.ingest.bulk_csv import _tokenise
from pipelines.ingest.bulk_identity import identity_columns
from pipelines.ingest.feeds import FEEDS
from pipelines.ingest.feeds.base import NameFacts
from pipelines.ingest.feeds.base import text as base_text
from pipelines.ingest.feeds.pengaduan import identity_fields
from pipelines.ingest.feeds.sp2d import parse_no_sp2d
from pipelines.ingest.layout import locate_table
from pipelines.ingest.readers import FileProblem, Row, read_rows
from pipelines.ingest.values import ValueProblem, parse_money
from tests import test_coded_columns, test_corpus, test_fuzz_readers
from tests.test_values import _id_format

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
SAMPLE = ROOT / "sample_data" / "landing"
KEY = b"kunci-bulk"
NOW = dt.datetime(2026, 11, 1, 1, 0, 0)
BULK_FEEDS = ("sp2d", "pengaduan", "capaian_ro")


@contextlib.contextmanager
def _bulk(on: bool) -> Iterator[None]:
    """The bulk path on or off, for this process and any worker it spawns."""
    before = os.environ.get(bulk.BULK_ENV)
    os.environ[bulk.BULK_ENV] = "always" if on else "0"
    try:
        yield
    finally:
        if before is None:
            del os.environ[bulk.BULK_ENV]
        else:
            os.environ[bulk.BULK_ENV] = before


def _common(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        derandomize=True,
    )


# --- building blocks ----------------------------------------------------------------------------


def test_space_chars_are_exactly_pythons_whitespace() -> None:
    import sys

    python = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert set(vv.SPACE_CHARS) == python


_CSV_ALPHABET = list('a1é,;" \n\r\t') + ["\u00a0", "\u2028", "\x85", "\x0c"]


@_common(1500)
@given(st.text(alphabet=_CSV_ALPHABET, max_size=60), st.sampled_from([",", ";"]))
def test_pyarrow_tokenises_as_python_csv_whenever_it_accepts(text: str, delimiter: str) -> None:
    python = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not python or not python[0]:
        return  # the bulk path declines a file whose first record is empty
    try:
        table = _tokenise(text.encode("utf-8"), delimiter, len(python[0]))
    except vv.Declined:
        return
    arrow = [list(row.values()) for row in table.to_pylist()]
    # Python's csv gives [] for an empty line, pyarrow a record of empty fields: both are
    # one numbered record that the layout skips.
    assert [r if r else [""] * len(python[0]) for r in python] == arrow


_SPACES = st.sampled_from(list(vv.SPACE_CHARS))
_WORDS = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12)


@_common(600)
@given(st.lists(st.one_of(_WORDS, _SPACES, st.just(" "), st.just("  ")), max_size=6))
def test_text_blank_and_strip_agree_with_python(parts: list[str]) -> None:
    value = "".join(parts)
    column = pa.array([value])
    cell = None if not value or value.isspace() else value  # the row-wise reader's cell
    assert vv.blank(column).to_pylist() == [cell is None]
    assert vv.cells(column).to_pylist() == [cell]
    assert vv.strip(column).to_pylist() == [value.strip()]
    assert vv.text(column).to_pylist() == [base_text(cell)]


_MONEY_ALPHABET = list("0123456789.,()-+ Rrp\t") + ["\u00a0", "\u3000", "\u0663", "e", "\n"]
_MONEY_TEXT = st.text(alphabet=_MONEY_ALPHABET, max_size=18)
_CENTS = st.integers(min_value=-(10**17), max_value=10**17)


@st.composite
def _money_forms(draw: st.DrawFn) -> str:
    """Every form of the contract (and near misses) around an arbitrary amount."""
    amount = Decimal(draw(_CENTS)) / 100
    form = draw(st.sampled_from(["id", "plain", "english", "free"]))
    if form == "id":
        text = _id_format(amount, draw(st.booleans()), draw(st.booleans()))
    elif form == "plain":
        text = f"{amount:.2f}" if draw(st.booleans()) else str(int(amount))
    elif form == "english":
        text = f"{amount:,.2f}"
    else:
        return draw(_MONEY_TEXT)
    pad = draw(st.sampled_from(["", " ", "\u00a0", "\t", "Rp", "Rp.", "rp ", "-", "("]))
    return draw(
        st.sampled_from([text, pad + text, text + " ", f"({text})", text.replace(",00", "")])
    )


def _parse_or_problem(value: str, blank_is_zero: bool) -> Decimal | None:
    cell = None if not value or value.isspace() else value
    if cell is None and blank_is_zero:
        return Decimal("0.00")
    try:
        return parse_money(cell)
    except ValueProblem:
        return None


@pytest.mark.slow  # loads whole files or the sample both ways, or hundreds of generated cases (over 5 s)
@_common(1500)
@given(st.lists(_money_forms(), min_size=1, max_size=4), st.booleans())
def test_money_column_gives_parse_money_or_declines(values: list[str], blank_is_zero: bool) -> None:
    try:
        got = vv.money(pa.array(values), blank_is_zero=blank_is_zero).to_pylist()
    except vv.Declined:
        return
    assert got == [_parse_or_problem(v, blank_is_zero) for v in values]


@given(_CENTS, st.booleans(), st.booleans())
def test_money_column_reads_every_indonesian_form(cents: int, rp: bool, parens: bool) -> None:
    """The contract's forms are read by the bulk rules themselves, not declined."""
    amount = Decimal(cents) / 100
    text = _id_format(amount, rp, parens)
    if abs(cents) >= 10**18:
        return
    assert vv.money(pa.array([text])).to_pylist() == [parse_money(text)]


@_common(300)
@given(st.one_of(st.text(alphabet=list("0123456789 \t٣x"), max_size=18), st.just("")))
def test_fixed_digits_gives_parse_no_sp2d_or_declines(value: str) -> None:
    try:
        got = vv.fixed_digits(pa.array([value]), 15, "no_sp2d").to_pylist()
    except vv.Declined:
        return
    cell = None if not value or value.isspace() else value
    assert got == [parse_no_sp2d(cell)]


# --- whole files: bulk on == bulk off ------------------------------------------------------------


class _Warehouse:
    """Two in-memory warehouses reused across examples: one loads with the bulk path, one without."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="bulk_landing_"))
        self.cons = {on: duckdb.connect(":memory:") for on in (False, True)}
        for con in self.cons.values():
            loader.ensure_raw_schema(con)

    def outcome(self, feed: str, name: str, data: bytes, on: bool) -> dict[str, Any]:
        for old in self.folder.glob("*/*"):
            old.unlink()
        target = self.folder / feed / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        os.utime(target, ns=(1_767_225_600_000_000_000,) * 2)
        con = self.cons[on]
        con.execute("delete from raw.file_ledger")
        con.execute(f"delete from raw.{feed}")
        with _bulk(on):
            try:
                report = loader.load_feed(con, feed, self.folder, KEY, now=NOW, workers=1)
            except (pa.ArrowInvalid, ArithmeticError) as crash:
                # Today's row-wise path fails the whole load, instead of rejecting the file, on
                # an amount beyond decimal(18,2) (ArrowInvalid) or a number cell beyond Python's
                # decimal precision (InvalidOperation). The bulk path declines such a file, so
                # both fail alike; the equality of the failures is checked too.
                return {"crash": repr(crash)}
        return {
            "report": (report.loaded, report.rejected, report.rows, report.amount_total),
            "ledger": _table(con, "file_ledger"),
            "rows": _table(con, feed),
        }


def _table(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    exclude = " exclude (loaded_at)" if table == "file_ledger" else ""
    order = "file_id" if table == "file_ledger" else "_file_id, _row_number"
    return con.execute(f"select *{exclude} from raw.{table} order by {order}").fetchall()


_WAREHOUSE: list[_Warehouse] = []


def _warehouse() -> _Warehouse:
    if not _WAREHOUSE:
        _WAREHOUSE.append(_Warehouse())
    return _WAREHOUSE[0]


def _same_both_ways(feed: str, name: str, data: bytes) -> dict[str, Any]:
    off = _warehouse().outcome(feed, name, data, on=False)
    on = _warehouse().outcome(feed, name, data, on=True)
    assert on == off
    return on


@pytest.mark.parametrize("case", sorted(test_corpus.EXPECTED))
def test_corpus_case_with_the_bulk_path(case: str) -> None:
    """The corpus expectations hold with the bulk path on for every file, however small.

    (tests/test_corpus.py runs with the default, where files this small are read row-wise.)
    """
    with _bulk(True):
        test_corpus.test_corpus_case(case)


@pytest.mark.parametrize(
    "name",
    [
        "test_every_feed_takes_any_bytes",
        "test_every_feed_takes_mutated_real_files",
        "test_every_feed_takes_workbooks_with_changed_xml",
    ],
)
def test_fuzz_readers_with_the_bulk_path(name: str) -> None:
    """tests/test_fuzz_readers.py's file-level properties, with the bulk path on for every file."""
    with _bulk(True):
        getattr(test_fuzz_readers, name)()


def _real_files(suffix: str) -> list[tuple[str, Path]]:
    """Corpus files of the bulk feeds and the first sample files of each, of one type."""
    found = [
        (path.parent.name, path)
        for path in sorted(CORPUS.glob(f"*/*/*{suffix}"))
        if path.parent.name in BULK_FEEDS
    ]
    for feed in BULK_FEEDS:
        found += [(feed, p) for p in sorted((SAMPLE / feed).glob(f"*{suffix}"))[:6]]
    return found


CSV_FILES = _real_files(".csv")
XLSX_FILES = _real_files(".xlsx")
REAL_FILES = CSV_FILES + XLSX_FILES


@pytest.mark.parametrize(
    ("feed", "path"), REAL_FILES, ids=[f"{p.parent.parent.name}/{p.name}" for _, p in REAL_FILES]
)
def test_every_real_file_loads_the_same_both_ways(feed: str, path: Path) -> None:
    _same_both_ways(feed, path.name, path.read_bytes())


@pytest.mark.slow  # loads whole files or the sample both ways, or hundreds of generated cases (over 5 s)
def test_sample_raw_tables_identical_with_bulk_path_off_and_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every feed of the bundled sample, loaded once each way: every raw table and the ledger."""
    taken: dict[str, list[str]] = {}
    real = loader.parse_in_bulk

    def spy(feed, path, ctx, limit):  # type: ignore[no-untyped-def]
        parsed = real(feed, path, ctx, limit)
        if parsed is not None:
            taken.setdefault(feed.name, []).append(path.name)
        return parsed

    monkeypatch.setattr(loader, "parse_in_bulk", spy)
    tables = {}
    loaded: dict[str, list[str]] = {}
    for on in (False, True):
        con = duckdb.connect(str(tmp_path / f"bulk_{on}.duckdb"))
        with _bulk(on):
            for feed in FEEDS:
                report = loader.load_feed(con, feed, SAMPLE, KEY, now=NOW, workers=1)
                if not on:
                    loaded[feed] = report.loaded
        names = [
            f
            for (f,) in con.execute("select table_name from duckdb_tables() order by 1").fetchall()
        ]
        tables[on] = {t: _table(con, t) for t in names}
        con.close()
    assert tables[True] == tables[False]
    assert set(tables[True]) == {*FEEDS, "file_ledger"}
    # The bulk path took every file of its feeds that loads (CSV and workbooks alike); it
    # declined only the sample's bad files, which the row-wise path rejects.
    for feed in BULK_FEEDS:
        assert sorted(taken[feed]) == sorted(loaded[feed]), feed


# --- mutated real files ---------------------------------------------------------------------------

_ANY = st.sampled_from(
    [
        "",
        " ",
        "\u3000",
        "JUMLAH",
        "Total:",
        "(Jumlah)",
        'kutip "dalam"',
        "pisah; titik koma, koma",
        "baris\nbaru",
        "  spasi   ganda\t",
        "\u0661\u0662\u0663",
        "12.34,5x",
        "Budi Santoso",
    ]
)
_SPACED = st.sampled_from(["", " ", "  ", "\t", "\u00a0", "\u3000"])
_MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember"]  # fmt: skip
_SHORT = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


@st.composite
def _date_forms(draw: st.DrawFn, year: int | None, month: int | None) -> str:
    """A date in the file's month (when it has one) in every spelling, or a near miss."""
    day = dt.date(year or 2026, month or draw(st.integers(1, 12)), 1) + dt.timedelta(
        days=draw(st.integers(0, 27))
    )
    if draw(st.integers(0, 9)) == 0:
        day = draw(st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)))
    text = draw(
        st.sampled_from(
            [
                f"{day:%d-%m-%Y}",
                f"{day.day}/{day.month}/{day.year}",
                f"{day:%Y-%m-%d}",
                f"{day:%Y-%m-%d} 00:00:00",
                f"{day.day} {_MONTHS[day.month - 1]} {day.year}",
                f"{day.day} {_SHORT[day.month - 1]} {day.year}",
                f"{day.day} {_SHORT[day.month - 1].upper()}. {day.year}",
                f"{day.day}-{_SHORT[day.month - 1]}-{day.year}",
                str((day - dt.date(1899, 12, 30)).days),
                f"{(day - dt.date(1899, 12, 30)).days}.0",
                f"{day:%d.%m.%Y}",
                "31-02-2026",
                "5 March 2026",
                "17 Agt 2026",
            ]
        )
    )
    return draw(_SPACED) + text + draw(_SPACED)


def _field_values(feed: str, field: str, facts: Any) -> st.SearchStrategy[str]:
    """Spellings of one field: every form the contract allows, and some it does not."""
    office = facts.kdsatker or "900104"
    year = facts.thang or (facts.snapshot_date.year if facts.snapshot_date else 2026)
    pools: dict[str, st.SearchStrategy[str]] = {
        "kdsatker": st.sampled_from(
            [
                office,
                f"{office} - BP3MI Jawa Timur",
                f"{office}.0",
                f" {office} ",
                f"{office}:X",
                f"{office}\u2013X",
                "900199",
                office[:5],
                f"\u0663{office[1:]}",
            ]  # fmt: skip
        ),
        "no_sp2d": st.integers(10**14, 10**15 - 1).map(str)
        | st.sampled_from([" 260000000000001 ", "26000000000001", "2600000000000011"]),
        "kode_anggaran": st.sampled_from(
            [
                "DL.6011.QAH.002.051.A.524111",
                "2026.900104.DL.6011.QAH.002.051.A.524111",
                "dl.6011.qah.002.051.a.524111",
                " DL . 6011 . QAH.002.051.A.524111 ",
                "WA.6013.EBA.994.001.A.521111",
                "DL.6011.QAH.002.524111",
                "DL.6011.QAH.2.51.A.524111",
            ]  # fmt: skip
        ),
        "jenis_spm": st.sampled_from(["LS", " gup ", "Tup", "XX", "", "ptup"]),
        "uraian": st.text(max_size=12) | _ANY,
        "no_aduan": st.sampled_from(["PGD-2026-000001", " PGD-2026-999999 ", "PGD  2026\t1", ""]),
        "kanal": st.sampled_from(
            ["Langsung", "media  SOSIAL", "e-pengaduan", "Budi", "", "Lainnya"]
        ),
        "negara_penempatan": st.sampled_from(
            ["Malaysia", "hong kong", "Réunion", "Arab Saudi", "X"]
        ),
        "jenis_masalah": st.sampled_from(["PMI sakit", "overstay ", "Budi minta pulang", ""]),
        "hasil": st.sampled_from(["Gaji dibayar", "", "LAINNYA", "dipulangkan", "entah"]),
        "status": st.sampled_from(["Selesai", "dalam  proses", "DITUTUP", "Ditunda", ""]),
        "nik": st.sampled_from(
            [
                "3578011203900001",
                "'3578015203900002",
                "3578 0112 0390 0001",
                "123",
                "",
                "3578013102000001",
                "9978011203900001",
            ]
        ),  # fmt: skip
        "no_paspor": st.sampled_from(["B7654321", "b 765-4321", "", "X"]),
        "jenis_kelamin": st.sampled_from(["L", "p", "Laki-laki", "Perempuan", "pria", "?", ""]),
        "kode_ro": st.sampled_from(["6011.QAH.001", "qah.002", "6011.QAH.1", "", " 6011.QAH.002 "]),
        "thang": st.sampled_from([str(year), f"{year}.0", f" {year} ", "2025", "20x6"]),
        "bulan": st.sampled_from(["3", "03", "3.0", "Maret", "mar.", "Agt", "13", ""]),
        "kdgiat": st.sampled_from(["6011", "6011.0", "", "60x1"]),
        "satuan": st.sampled_from(["Orang", " Layanan  ", ""]),
        "volume": st.sampled_from(["1", "12,5", "1.234", "-4", "1.234,5678", "", "x"]),
        "target": st.sampled_from(["29", "", "1.000", "7,25"]),
    }
    if field in ("nilai", "nilai_hak"):
        return _money_forms()
    if field in ("tgl_sp2d", "tgl_aduan", "tgl_selesai"):
        in_month = feed == "sp2d"
        return _date_forms(year if in_month else None, facts.bulan if in_month else None)
    return pools.get(field, st.text(max_size=8))


@st.composite
def _mutated_csv(draw: st.DrawFn) -> tuple[str, str, bytes]:
    """A real CSV with cells, rows or bytes changed, written back as an office's tool would."""
    feed, path = draw(st.sampled_from(CSV_FILES))
    data = path.read_bytes()
    kind = draw(st.sampled_from(["cells", "cells", "cells", "cells", "rows", "bytes"]))
    if kind == "bytes":
        at = draw(st.integers(0, max(0, len(data) - 1)))
        change = draw(st.sampled_from(["flip", "insert", "truncate"]))
        if change == "truncate":
            return feed, path.name, data[:at]
        if change == "flip" and data:
            flipped = bytes([data[at] ^ draw(st.integers(1, 255))])
            return feed, path.name, data[:at] + flipped + data[at + 1 :]
        return feed, path.name, data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = data.decode("cp1252"), "cp1252"
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    width = len(rows[0]) if rows else 1
    if kind == "cells" and len(rows) > 1:
        spec = FEEDS[feed]
        header = [None if not c or c.isspace() else c for c in rows[0]]
        try:
            found = locate_table([Row(1, header)], spec.columns, spec.alternatives).columns
        except FileProblem:
            found = {}
        try:
            facts = spec.facts_from_name(path.name)
        except FileProblem:
            facts = NameFacts()
        for _ in range(draw(st.integers(1, 6))):
            r = draw(st.integers(1, len(rows) - 1))
            if not found or not rows[r] or draw(st.integers(0, 9)) == 0:
                if rows[r]:
                    c = draw(st.integers(0, len(rows[r]) - 1))
                    rows[r][c] = draw(_ANY | st.text(max_size=8))
                continue
            field = draw(st.sampled_from(sorted(found)))
            if found[field] < len(rows[r]):
                rows[r][found[field]] = draw(_field_values(feed, field, facts))
    elif kind == "rows" or len(rows) <= 1:
        r = draw(st.integers(1, max(1, len(rows) - 1))) if len(rows) > 1 else 0
        change = draw(st.sampled_from(["duplicate", "blank", "empty", "title", "total", "extra"]))
        if change == "duplicate" and r < len(rows):
            rows.insert(r, list(rows[r]))
        elif change == "blank":
            rows.insert(r, [" "] * width)
        elif change == "empty":
            rows.insert(r, [])
        elif change == "title":
            rows.insert(0, ["LAPORAN"] + [""] * (width - 1))
        elif change == "total":
            label = draw(st.sampled_from(["JUMLAH", "Total", "Jumlah Total:"]))
            rows.append([label] + [""] * (width - 1))
        elif r < len(rows):
            rows[r] = [*rows[r], draw(st.sampled_from(["", " ", "x"]))]
    out = io.StringIO(newline="")
    writer = csv.writer(
        out,
        delimiter=delimiter,
        lineterminator=draw(st.sampled_from(["\r\n", "\n"])),
        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
    )
    writer.writerows(rows)
    encoding = draw(st.sampled_from([encoding, "utf-8-sig"]))
    try:
        payload = out.getvalue().encode(encoding)
    except UnicodeEncodeError:
        payload = out.getvalue().encode("utf-8")
    return feed, path.name, payload


@pytest.mark.slow  # loads whole files or the sample both ways, or hundreds of generated cases (over 5 s)
@_common(400)
@given(_mutated_csv())
def test_mutated_csv_files_load_the_same_both_ways(case: tuple[str, str, bytes]) -> None:
    feed, name, data = case
    _same_both_ways(feed, name, data)


def test_a_clean_file_takes_the_bulk_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The equalities above are not the row-wise path twice: a clean file is taken in bulk."""
    taken: list[bool] = []
    real = loader.parse_in_bulk

    def spy(*args: Any) -> Any:
        parsed = real(*args)
        taken.append(parsed is not None)
        return parsed

    monkeypatch.setattr(loader, "parse_in_bulk", spy)
    for feed, suffix in itertools.product(BULK_FEEDS, (".csv", ".xlsx")):
        path = sorted((SAMPLE / feed).glob(f"*{suffix}"))[0]
        taken.clear()
        outcome = _same_both_ways(feed, path.name, path.read_bytes())
        assert outcome["rows"] and taken == [False, True], (feed, path.name)


# --- sheets: numeric cells, personal data, mutated workbooks --------------------------------------

_FLOATS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**14), 10**14).map(lambda c: c / 100),
    st.integers(-(10**15), 10**15).map(lambda c: c / 1000),
    st.sampled_from([0.0, -0.0, 0.1 + 0.2, 1e12 - 0.01, 1e12, 999999999999.99, 5e-324]),
)


@pytest.mark.slow  # loads whole files or the sample both ways, or hundreds of generated cases (over 5 s)
@_common(1500)
@given(st.lists(st.one_of(_FLOATS, st.none()), min_size=1, max_size=4), st.booleans())
def test_money_from_number_cells_gives_parse_money_or_declines(
    cells: list[float | None], blank_is_zero: bool
) -> None:
    try:
        got = vv.money_cells(cells, blank_is_zero=blank_is_zero)
    except vv.Declined:
        return
    if got is None:
        assert None in cells and not blank_is_zero
        return
    expected = [Decimal("0.00") if c is None else parse_money(c) for c in cells]
    assert got.to_pylist() == expected


@st.composite
def _nik(draw: st.DrawFn) -> str:
    """NIK-like text: well formed, near misses (day 40/41/72, month 0/13, Feb 29), or noise."""
    if draw(st.integers(0, 4)) == 0:
        return draw(st.text(alphabet=list("0123456789 .'-x\u0663"), max_size=20))
    province = draw(st.sampled_from([*sorted(pii.PROVINCE_CODES), "00", "99"]))
    day = draw(st.sampled_from([0, 1, 12, 28, 29, 30, 31, 32, 40, 41, 52, 68, 69, 70, 71, 72]))
    month = draw(st.integers(0, 13))
    yy = draw(st.integers(0, 99))
    tail = draw(st.integers(0, 9999))
    text = f"{province}0101{day:02d}{month:02d}{yy:02d}{tail:04d}"
    return draw(st.sampled_from([text, f"'{text}", text[:8] + " " + text[8:], text + "1"]))


_PASSPORT = st.text(alphabet=list("AB12 -c\u00e9x"), max_size=10)
_SEX = st.sampled_from(["L", "P", "Laki-laki", " perempuan ", "pria", "X", "", " "])


@_common(800)
@given(
    st.lists(
        st.tuples(_nik(), _PASSPORT, _SEX, st.dates(dt.date(1995, 1, 1), dt.date(2030, 12, 31))),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from(["all", "no_passport", "no_sex", "no_nik"]),
)
@pytest.mark.slow  # loads whole files or the sample both ways, or hundreds of generated cases (over 5 s)
def test_identity_columns_equal_identity_fields(
    rows: list[tuple[str, str, str, dt.date]], missing: str
) -> None:
    """Keyed hash, sex, age band and province: byte-identical to the row-wise function."""
    nik, passport, sex, dates = (list(c) for c in zip(*rows, strict=True))
    columns = {
        "nik": None if missing == "no_nik" else pa.array(nik),
        "passport": None if missing == "no_passport" else pa.array(passport),
        "sex": None if missing == "no_sex" else pa.array(sex),
    }
    got = identity_columns(KEY, *columns.values(), pa.array(dates, type=pa.date32()))

    def cell(column: str, value: str) -> str | None:
        return None if columns[column] is None or not value or value.isspace() else value

    expected = [
        identity_fields(KEY, cell("nik", n), cell("passport", p), cell("sex", x), d)
        for n, p, x, d in rows
    ]
    assert list(got) == list(expected[0])
    columns_got = [a.to_pylist() for a in got.values()]
    rows_got = [dict(zip(got, r, strict=True)) for r in zip(*columns_got, strict=True)]
    assert rows_got == expected


_SHEET_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "money": st.one_of(
        _FLOATS.filter(lambda f: f == f), st.integers(-(10**12), 10**12), _money_forms(), st.none()
    ),
    "date": st.one_of(
        st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        st.datetimes(dt.datetime(2026, 1, 1), dt.datetime(2026, 12, 31)),
        st.integers(46000, 46400),
        st.floats(46000, 46400),
        _date_forms(2026, 3),
        st.none(),
    ),
    "office": st.sampled_from([900104.0, 900104, "900104", " 900104 - Jatim", 900105.0, None]),
    "no_sp2d": st.one_of(st.integers(10**13, 10**15 - 1), st.integers(10**14, 10**15 - 1).map(str)),
    "nik": st.one_of(
        st.integers(10**15, 10**16 - 1), st.integers(10**15, 10**16 - 1).map(float), _nik()
    ),
    "code_part": st.one_of(st.sampled_from([6011.0, 2.0, 51, "QAH", "A", "524111", None])),
    "number": st.one_of(st.floats(-10, 1e6), st.integers(-10, 10**6), st.sampled_from(["12,5"])),
    "text": st.one_of(_ANY, st.text(max_size=6), st.floats(0, 100), st.none()),
}
_SHEET_FIELDS = {
    "nilai": "money",
    "nilai_hak": "money",
    "pagu": "money",
    "tgl_sp2d": "date",
    "tgl_aduan": "date",
    "tgl_selesai": "date",
    "kdsatker": "office",
    "no_sp2d": "no_sp2d",
    "nik": "nik",
    "kdgiat": "code_part",
    "kdro": "code_part",
    "kdkmpnen": "code_part",
    "kdakun": "code_part",
    "volume": "number",
    "target": "number",
}


@st.composite
def _mutated_workbook(draw: st.DrawFn) -> tuple[str, str, bytes]:
    """A real workbook with cells set to typed values (numbers, dates, text), or rows added."""
    feed, path = draw(st.sampled_from([(f, p) for f, p in XLSX_FILES if zipfile.is_zipfile(p)]))
    spec = FEEDS[feed]
    try:
        table = locate_table(read_rows(path), spec.columns, spec.alternatives)
    except FileProblem:
        return feed, path.name, path.read_bytes()
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    last = sheet.max_row
    for _ in range(draw(st.integers(1, 6))):
        field = draw(st.sampled_from(sorted(table.columns)))
        row = draw(st.integers(table.header_row + 1, max(table.header_row + 1, last)))
        kind = _SHEET_FIELDS.get(field, "text")
        with contextlib.suppress(IllegalCharacterError):  # control characters: not in a sheet
            sheet.cell(row=row, column=table.columns[field] + 1).value = draw(_SHEET_VALUES[kind])
    change = draw(
        st.sampled_from(["none", "none", "blank_row", "total", "beyond", "spaces", "sparse"])
    )
    width = max(table.columns.values()) + 1
    if change == "blank_row":
        sheet.insert_rows(draw(st.integers(table.header_row + 1, last + 1)))
    elif change == "total":
        sheet.cell(row=last + 1, column=1).value = draw(st.sampled_from(["JUMLAH", "Total :"]))
        sheet.cell(row=last + 2, column=1).value = "900104"
    elif change == "beyond":
        sheet.cell(row=last, column=width + 3).value = "x"
    elif change == "sparse":  # a stray cell far below: read by openpyxl streaming, not calamine
        sheet.cell(row=1_048_576, column=1).value = draw(st.sampled_from([" ", "x"]))
    elif change == "spaces":
        for column in range(1, width + 1):
            sheet.cell(row=last, column=column).value = " "
    out = io.BytesIO()
    book.save(out)
    return feed, path.name, out.getvalue()


@pytest.mark.slow  # loads whole files or the sample both ways, or hundreds of generated cases (over 5 s)
@_common(150)
@given(_mutated_workbook())
def test_mutated_workbooks_load_the_same_both_ways(case: tuple[str, str, bytes]) -> None:
    feed, name, data = case
    _same_both_ways(feed, name, data)


@pytest.mark.slow  # loads whole files or the sample both ways, or hundreds of generated cases (over 5 s)
def test_workers_with_the_bulk_path_load_what_one_row_wise_process_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`loader._examined_in_order` still works: spawned workers run the bulk path too."""
    feeds = ["sp2d", "pengaduan"]
    tables = {}
    for name, on, workers in (("rows", False, 1), ("bulk", True, 2)):
        monkeypatch.setattr(loader, "PARALLEL_MIN_BYTES", 0)
        con = duckdb.connect(str(tmp_path / f"{name}.duckdb"))
        with _bulk(on):  # the environment, so the spawned workers see it
            for feed in feeds:
                loader.load_feed(con, feed, SAMPLE, KEY, now=NOW, workers=workers)
        tables[name] = {t: _table(con, t) for t in [*feeds, "file_ledger"]}
        con.close()
    assert tables["bulk"] == tables["rows"]


def test_names_typed_into_coded_columns_via_the_bulk_path(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """tests/test_coded_columns.py's hostile case file, taken by the bulk path: the free text
    becomes `Lainnya`, is counted, and is in no table, no file byte and no log line (the
    bulk path's own debug lines included)."""
    taken: list[bool] = []
    real = loader.parse_in_bulk

    def spy(*args: Any) -> Any:
        parsed = real(*args)
        taken.append(parsed is not None)
        return parsed

    monkeypatch.setattr(loader, "parse_in_bulk", spy)
    with _bulk(True):
        test_coded_columns.test_free_text_becomes_lainnya_is_counted_and_kept_nowhere(
            tmp_path, caplog
        )
    assert taken == [True]


@pytest.mark.parametrize("feed", BULK_FEEDS)
def test_a_sparse_workbook_read_by_streaming_loads_the_same(
    feed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stray cell at row 1,048,576 sends a workbook to openpyxl's streaming reader, whose
    cells differ in type from calamine's (whole numbers as int, dates as datetime): the bulk
    path takes it and loads what the row-wise path loads."""
    path = sorted((SAMPLE / feed).glob("*.xlsx"))[0]
    book = openpyxl.load_workbook(path)
    book.worksheets[0].cell(row=1_048_576, column=1).value = " "
    out = io.BytesIO()
    book.save(out)
    taken: list[bool] = []
    real = loader.parse_in_bulk

    def spy(*args: Any) -> Any:
        parsed = real(*args)
        taken.append(parsed is not None)
        return parsed

    monkeypatch.setattr(loader, "parse_in_bulk", spy)
    outcome = _same_both_ways(feed, path.name, out.getvalue())
    assert outcome["rows"] and taken == [False, True]
