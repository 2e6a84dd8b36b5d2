"""Prove an ingest optimisation changed nothing: load one landing folder with two checkouts.

Run:  .venv/bin/python bench/compare_ingest.py LANDING --before /tmp/old_checkout

Each checkout loads every feed of LANDING into its own DuckDB file (in its
own process, so each imports its own `pipelines`), then every `raw` table is
compared row for row in both directions, the ledger included (its
`loaded_at` differs by construction and is left out). Rejection messages are
part of the ledger, so a changed error text is a difference too.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

REPO_ROOT = Path(__file__).resolve().parent.parent
PII_KEY = "kunci-benchmark-bukan-rahasia"
LOAD = """
import sys
from pathlib import Path
import duckdb
from pipelines.ingest.feeds import FEEDS
from pipelines.ingest.loader import load_feed
con = duckdb.connect(sys.argv[2])
for name in FEEDS:
    load_feed(con, name, Path(sys.argv[1]), sys.argv[3].encode())
con.close()
"""


def load_with(checkout: Path, landing: Path, db: Path) -> None:
    """Ingest `landing` into `db` with the `pipelines` package of `checkout`."""
    env = dict(os.environ, PYTHONPATH=str(checkout))
    subprocess.run(
        [sys.executable, "-c", LOAD, str(landing), str(db), PII_KEY],
        env=env,
        cwd=checkout,
        check=True,
        capture_output=True,
    )


def differences(old: Path, new: Path) -> dict[str, int]:
    """Rows present in one database and not the other, per raw table."""
    con = duckdb.connect(str(new), read_only=True)
    con.execute(f"attach '{old}' as old (read_only)")
    out = {}
    tables = [
        t
        for (t,) in con.execute(
            "select table_name from duckdb_tables() where database_name = 'old' "
            "and schema_name = 'raw' order by 1"
        ).fetchall()
    ]
    for table in tables:
        exclude = " exclude (loaded_at)" if table == "file_ledger" else ""
        a, b = f"raw.{table}", f"old.raw.{table}"
        out[table] = con.execute(
            f"select (select count(*) from (select *{exclude} from {a} except all "
            f"select *{exclude} from {b})) + (select count(*) from (select *{exclude} from {b} "
            f"except all select *{exclude} from {a}))"
        ).fetchone()[0]
    con.close()
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: exit 1 when any raw table differs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("landing", type=Path)
    parser.add_argument("--before", type=Path, required=True, help="checkout of the old code")
    parser.add_argument("--after", type=Path, default=REPO_ROOT, help="checkout of the new code")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        old, new = Path(tmp) / "old.duckdb", Path(tmp) / "new.duckdb"
        load_with(args.before.resolve(), args.landing.resolve(), old)
        load_with(args.after.resolve(), args.landing.resolve(), new)
        diff = differences(old, new)
    for table, count in diff.items():
        print(f"{table:<12} {'identical' if count == 0 else f'{count} rows differ'}")
    return 0 if not any(diff.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
