"""A BI reader of the published warehouse, run as its own process by tests/test_operations.py.

    python -m tests.bi_reader MODE DB OUT STOP

Modes, as real tools connect:
  held        one `duckdb.connect(db, read_only=True)` kept open for the whole run
              (a notebook, a long-lived dashboard worker)
  reconnect   a new read-only connection per query, result as a pandas frame
              (scripts and pandas-based tools)
  sqlalchemy  SQLAlchemy + duckdb-engine, a new pooled-less connection per query
              (Superset's default NullPool)

Each query reads two marts and `meta` in ONE statement, so a mix of two nights
inside one answer would show as totals that disagree. Money is cast to text in
SQL: a pandas frame would otherwise turn DECIMAL into float. Every observation
(or error) is written as a JSON line to OUT, with its latency (connect
included for the reconnecting modes), until the file STOP exists.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

QUERY = """
select
    (select sum(realisasi) from marts.office_scorecard)::varchar as scorecard_realisasi,
    (select sum(realisasi_bulan) from marts.office_month)::varchar as month_realisasi,
    (select run_id from meta.publication) as run_id
"""
PAUSE_SECONDS = 0.5  # a busy dashboard, without starving the run on a small machine


def _held(db: str) -> Callable[[], tuple[str, str, str]]:
    import duckdb

    con = duckdb.connect(db, read_only=True)

    def query() -> tuple[str, str, str]:
        return con.execute(QUERY).fetchone()

    return query


def _reconnect(db: str) -> Callable[[], tuple[str, str, str]]:
    import duckdb

    def query() -> tuple[str, str, str]:
        con = duckdb.connect(db, read_only=True)
        try:
            frame = con.execute(QUERY).df()
        finally:
            con.close()
        row = frame.iloc[0]
        return row["scorecard_realisasi"], row["month_realisasi"], row["run_id"]

    return query


def _sqlalchemy(db: str) -> Callable[[], tuple[str, str, str]]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(f"duckdb:///{db}", connect_args={"read_only": True}, poolclass=NullPool)

    def query() -> tuple[str, str, str]:
        with engine.connect() as con:
            return tuple(con.execute(text(QUERY)).one())

    return query


MODES = {"held": _held, "reconnect": _reconnect, "sqlalchemy": _sqlalchemy}


def main(mode: str, db: str, out: str, stop: str) -> None:
    """Query in a loop until STOP exists; one JSON line per query.

    Importing the client libraries (pandas, SQLAlchemy's dialect) happens once,
    before the loop, as in a BI server that is already running: latency is
    what a user waits for a query, connection included.
    """
    stop_file = Path(stop)
    query = MODES[mode](db)
    if mode == "reconnect":
        import pandas  # noqa: F401 - loaded by `.df()` on the first query otherwise
    with open(out, "a", encoding="utf-8") as sink:
        while not stop_file.exists():
            started = time.perf_counter()
            record: dict[str, object] = {"reader": mode}
            try:
                scorecard, month, run_id = query()
                record.update(scorecard=scorecard, month=month, run_id=run_id, error=None)
            except Exception as exc:  # every error is an observation, not a crash
                record.update(error=f"{type(exc).__name__}: {exc}", trace=traceback.format_exc())
            record["latency"] = time.perf_counter() - started
            record["t"] = time.time()
            sink.write(json.dumps(record) + "\n")
            sink.flush()
            time.sleep(PAUSE_SECONDS)


if __name__ == "__main__":
    main(*sys.argv[1:5])
