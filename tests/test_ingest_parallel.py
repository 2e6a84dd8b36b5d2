"""Parsing in worker processes loads exactly what a sequential load does.

Big nights parse files in worker processes (`loader._examined_in_order`); the
fixture and the sample are far below the size where that starts, so the
threshold is lowered here. The sample's SP2D folder has 222 files, four of
them rejected (a missing column, a bad amount, rows of another office, a
corrupt xlsx), so both verdicts cross the process boundary.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import duckdb
import pytest

from pipelines.core.paths import REPO_ROOT
from pipelines.ingest import loader

pytestmark = pytest.mark.slow  # starts a pool of worker processes on a large generated feed

SAMPLE = REPO_ROOT / "sample_data" / "landing"
NOW = dt.datetime(2026, 11, 1, 1, 0, 0)


def _load(db: Path, feeds: list[str]) -> dict[str, loader.FeedReport]:
    con = duckdb.connect(str(db))
    try:
        return {f: loader.load_feed(con, f, SAMPLE, b"kunci", now=NOW) for f in feeds}
    finally:
        con.close()


def _tables(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [
            t
            for (t,) in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'raw' order by 1"
            ).fetchall()
        ]
        # Insertion order included: the main process writes in landing order either way.
        return {t: con.execute(f"select * from raw.{t}").fetchall() for t in names}
    finally:
        con.close()


def test_workers_load_what_one_process_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feeds = ["sp2d", "pengaduan"]
    monkeypatch.setenv("JEJAK_INGEST_WORKERS", "1")
    sequential = _load(tmp_path / "one.duckdb", feeds)

    monkeypatch.setenv("JEJAK_INGEST_WORKERS", "2")
    monkeypatch.setattr(loader, "PARALLEL_MIN_BYTES", 0)
    sent_to_workers: list[str] = []

    class CountingPool(ProcessPoolExecutor):
        """The real pool; it only notes which files went to a worker."""

        def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
            sent_to_workers.append(args[1].name)
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(loader, "ProcessPoolExecutor", CountingPool)
    parallel = _load(tmp_path / "two.duckdb", feeds)
    # Every file was parsed by a worker: 222 SP2D files and 44 case snapshots in the sample,
    # less the truncated workbook, which the look before reading rejects (no parser needed).
    assert len(sent_to_workers) == len(set(sent_to_workers)) == 222 + 44 - 1
    assert "SP2D_900116_202608.xlsx" not in sent_to_workers

    assert _tables(tmp_path / "two.duckdb") == _tables(tmp_path / "one.duckdb")
    for feed in feeds:
        assert parallel[feed].loaded == sequential[feed].loaded
        assert parallel[feed].rejected == sequential[feed].rejected
        assert parallel[feed].amount_total == sequential[feed].amount_total
    # The sample's four bad SP2D files (sample_data/README.md), rejected the same way.
    assert len(parallel["sp2d"].rejected) == 4
    assert len(parallel["sp2d"].loaded) == 218
