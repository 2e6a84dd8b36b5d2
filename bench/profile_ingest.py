"""Profile the ingest stage alone: every feed of a landing folder into a scratch DuckDB.

Run:  .venv/bin/python bench/profile_ingest.py /tmp/jejak_bench/after/x10/landing

Why: the nightly job's ingest assets run `load_feed` per feed inside Dagster;
profiling that call directly (pyinstrument, from the `bench` extra) shows
the parsing code without Dagster's and dbt's own time around it. Prints the
per-feed wall time and pyinstrument's call tree; `--html` also writes the
interactive page.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duckdb  # noqa: E402

from pipelines.ingest.feeds import FEEDS  # noqa: E402
from pipelines.ingest.loader import load_feed  # noqa: E402

PII_KEY = b"kunci-benchmark-bukan-rahasia"


def ingest_all(landing: Path, db_path: Path) -> dict[str, tuple[float, float, int]]:
    """Load every feed; returns wall seconds, CPU seconds and rows per feed.

    CPU time is printed beside wall time because the machine is shared: other
    processes stretch the wall clock, much less this process's CPU time.
    """
    con = duckdb.connect(str(db_path))
    out = {}
    try:
        for name in FEEDS:
            started, cpu = time.perf_counter(), time.process_time()
            report = load_feed(con, name, landing, PII_KEY)
            out[name] = (
                time.perf_counter() - started,
                time.process_time() - cpu,
                report.rows,
            )
    finally:
        con.close()
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: profile (or just time, with --no-profile) one ingest of a landing folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("landing", type=Path)
    parser.add_argument("--html", type=Path, help="also write pyinstrument's HTML page here")
    parser.add_argument("--no-profile", action="store_true", help="time only")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "profile.duckdb"
        if args.no_profile:
            result = ingest_all(args.landing, db)
        else:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.001)
            profiler.start()
            result = ingest_all(args.landing, db)
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False))
            if args.html:
                args.html.parent.mkdir(parents=True, exist_ok=True)
                args.html.write_text(profiler.output_html(), encoding="utf-8")
    print(f"{'feed':<11} {'wall':>8} {'cpu':>8} {'rows':>9}")
    for name, (seconds, cpu, rows) in result.items():
        print(f"{name:<11} {seconds:7.2f}s {cpu:7.2f}s {rows:>9}")
    wall = sum(s for s, _, _ in result.values())
    cpu = sum(c for _, c, _ in result.values())
    print(f"{'total':<11} {wall:7.2f}s {cpu:7.2f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
