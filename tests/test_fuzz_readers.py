"""Fuzz the readers and every feed: arbitrary bytes and mutated real files.

Whatever lands, the outcome is one of two: the file loads, or it is rejected with
a reason (`FileProblem` from a reader; a `rejected` ledger row with a reason from
the loader). Nothing else is raised, and no input takes more than a few seconds
(Hypothesis' deadline). Real files come from tests/corpus and the committed
sample; mutations truncate them, flip a byte, give rows another number of
fields, or change the XML inside a workbook. Example counts are kept modest so
the module runs in well under 30 seconds (counts in `EXAMPLES`).
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.ingest.feeds import FEEDS
from pipelines.ingest.loader import ensure_raw_schema, load_feed
from pipelines.ingest.readers import FileProblem, Row, read_rows

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
SAMPLE = ROOT / "sample_data" / "landing"
KEY = b"kunci-fuzz"
DEADLINE = dt.timedelta(seconds=3)
EXAMPLES = {
    "csv_bytes": 300,
    "xlsx_bytes": 200,
    "feed_bytes": 200,
    "mutated_files": 400,
    "mutated_xml": 200,
}


def _real_files() -> list[tuple[str, Path]]:
    """(feed, path) of every corpus file and the smallest sample file of each feed and format."""
    found = [
        (path.parent.name, path)
        for path in sorted(CORPUS.glob("*/*/*"))
        if path.is_file() and path.parent.name in FEEDS
    ]
    for feed in FEEDS:
        for suffix in (".csv", ".xlsx"):
            files = sorted((SAMPLE / feed).glob(f"*{suffix}"), key=lambda p: p.stat().st_size)
            found += [(feed, p) for p in files[:1]]
    return found


REAL = _real_files()
VALID_NAMES = {
    "dipa": "DIPA_900104_2026_rev01",
    "sp2d": "SP2D_900104_202603",
    "capaian_ro": "CAPAIAN_900104_202603",
    "pengaduan": "PENGADUAN_900104_20260331",
    "peta_hasil": "PETA_HASIL_2026",
    "indikator": "INDIKATOR_2026",
    "rpd": "RPD_900104_2026",
}


def _common(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=DEADLINE,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        derandomize=True,  # the same examples on every run and in CI
    )


def _read(data: bytes, suffix: str) -> list[Row] | FileProblem:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"x{suffix}"
        path.write_bytes(data)
        try:
            return read_rows(path)
        except FileProblem as problem:
            assert str(problem).strip()
            return problem


class _Landing:
    """A landing folder and a warehouse reused across examples (one file per example).

    Made once per test module (`_shared`): a fresh DuckDB per example would spend
    more time creating the raw schema than loading the file.
    """

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="fuzz_landing_"))
        self.con = duckdb.connect(":memory:")
        ensure_raw_schema(self.con)

    def load(self, feed: str, name: str, data: bytes) -> None:
        for old in self.folder.glob("*/*"):
            old.unlink()
        target = self.folder / feed / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        before = self.con.execute("select count(*) from raw.file_ledger").fetchone()[0]
        report = load_feed(self.con, feed, self.folder, KEY)
        outcomes = len(report.loaded) + len(report.rejected) + report.already_loaded
        assert outcomes == 1, report
        assert not report.still_written
        for reason in report.rejected.values():
            assert reason.strip()
        after = self.con.execute("select count(*) from raw.file_ledger").fetchone()[0]
        assert after == before + (0 if report.already_loaded else 1)


_SHARED: list[_Landing] = []


def _shared() -> _Landing:
    if not _SHARED:
        _SHARED.append(_Landing())
    return _SHARED[0]


# --- arbitrary bytes --------------------------------------------------------------------


@_common(EXAMPLES["csv_bytes"])
@given(st.binary(max_size=4096))
def test_csv_reader_takes_any_bytes(data: bytes) -> None:
    _read(data, ".csv")


@_common(EXAMPLES["xlsx_bytes"])
@given(st.one_of(st.binary(max_size=4096), st.binary(max_size=4096).map(b"PK\x03\x04".__add__)))
def test_xlsx_reader_takes_any_bytes(data: bytes) -> None:
    _read(data, ".xlsx")


@_common(EXAMPLES["feed_bytes"])
@given(
    st.sampled_from(sorted(VALID_NAMES)),
    st.sampled_from([".csv", ".xlsx"]),
    st.binary(max_size=2048),
)
def test_every_feed_takes_any_bytes(feed: str, suffix: str, data: bytes) -> None:
    _shared().load(feed, VALID_NAMES[feed] + suffix, data)


# --- mutated real files ---------------------------------------------------------------------


@st.composite
def _mutated(draw: st.DrawFn) -> tuple[str, str, bytes]:
    feed, path = draw(st.sampled_from(REAL))
    data = path.read_bytes()
    kind = draw(st.sampled_from(["truncate", "flip", "insert", "rows"]))
    if kind == "truncate":
        data = data[: draw(st.integers(0, max(0, len(data) - 1)))]
    elif kind == "flip" and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    elif kind == "insert":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at:]
    elif kind == "rows" and path.suffix == ".csv":
        lines = data.split(b"\n")
        at = draw(st.integers(0, len(lines) - 1))
        delimiter = b";" if lines[0].count(b";") >= lines[0].count(b",") else b","
        change = draw(st.sampled_from(["more", "fewer", "duplicate", "drop", "quote"]))
        if change == "more":
            lines[at] += delimiter * draw(st.integers(1, 5)) + b"x"
        elif change == "fewer":
            lines[at] = delimiter.join(lines[at].split(delimiter)[: draw(st.integers(0, 3))])
        elif change == "duplicate":
            lines.insert(at, lines[at])
        elif change == "drop":
            del lines[at]
        else:
            lines[at] = b'"' + lines[at]  # an unclosed quote swallows the rest of the file
        data = b"\n".join(lines)
    return feed, path.name, data


@pytest.mark.slow  # hundreds of mutated real files through every feed (about 10 s each)
@_common(EXAMPLES["mutated_files"])
@given(_mutated())
def test_every_feed_takes_mutated_real_files(case: tuple[str, str, bytes]) -> None:
    feed, name, data = case
    _shared().load(feed, name, data)


@st.composite
def _mutated_sheet(draw: st.DrawFn) -> tuple[str, str, bytes]:
    """A real workbook whose first sheet's XML is changed, then zipped again (valid zip)."""
    workbooks = [(f, p) for f, p in REAL if p.suffix == ".xlsx" and zipfile.is_zipfile(p)]
    feed, path = draw(st.sampled_from(workbooks))
    source = zipfile.ZipFile(path)
    sheet = next(n for n in source.namelist() if n.startswith("xl/worksheets/sheet"))
    xml = source.read(sheet)
    kind = draw(st.sampled_from(["flip", "cut", "far-row", "far-column", "swap-rows"]))
    if kind == "flip":
        at = draw(st.integers(0, len(xml) - 1))
        xml = xml[:at] + bytes([xml[at] ^ draw(st.integers(1, 255))]) + xml[at + 1 :]
    elif kind == "cut":
        xml = xml[: draw(st.integers(0, len(xml)))]
    elif kind == "far-row":  # a valued cell moved to a row far below
        xml = xml.replace(b'r="A2"', f'r="A{draw(st.integers(3, 1048576))}"'.encode(), 1)
    elif kind == "far-column":
        column = draw(st.sampled_from(["Z", "AA", "ZZ", "AAA", "XFD", "XFE"]))
        xml = xml.replace(b'r="B2"', f'r="{column}2"'.encode(), 1)
    else:  # rows out of order
        xml = xml.replace(b'<row r="2"', b'<row r="999999"', 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, xml if info.filename == sheet else source.read(info))
    return feed, path.name, out.getvalue()


@pytest.mark.slow  # hundreds of mutated real files through every feed (about 10 s each)
@_common(EXAMPLES["mutated_xml"])
@given(_mutated_sheet())
def test_every_feed_takes_workbooks_with_changed_xml(case: tuple[str, str, bytes]) -> None:
    feed, name, data = case
    _shared().load(feed, name, data)
