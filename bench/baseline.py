"""The baseline: the same marts computed by DuckDB alone from normalised CSV files.

It answers "how much does the pipeline cost on top of what DuckDB can do?".
Outside the timing, `export_inputs` writes every accepted delivery (one CSV
per landing file, xlsx included, exactly the rows the pipeline accepted) plus
the ledger and the offices seed, and `dbt compile` provides the SQL of every
model. Timed: `read_csv` of those files into `raw`/`reference` tables, then
each model's compiled SQL, in dependency order, as a view or table in its
schema, into a fresh DuckDB file. No validation, no lineage bookkeeping, no
tests, no checks, no publish: a lower bound, not a competitor.

Run as a script it prints one JSON object (timings, rows, comparison with the
pipeline's marts), so the benchmark can run it in its own process.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from graphlib import TopologicalSorter
from pathlib import Path
from typing import Any

import duckdb

INPUT_SCHEMAS = ("raw", "reference")
SCHEMA_FILE = "schema.json"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def export_inputs(work_db: Path, out_dir: Path) -> dict[str, int]:
    """Write the accepted rows of the working DB as normalised CSVs; returns files per table.

    Data tables (those with `_file_id`) get one CSV per delivery, named after
    the landing file, so the baseline reads as many files as the pipeline did.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(work_db), read_only=True)
    schema: dict[str, Any] = {}
    files: dict[str, int] = {}
    try:
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() "
            "where schema_name in ('raw', 'reference') order by 1, 2"
        ).fetchall()
        for schema_name, table in tables:
            columns = con.execute(
                "select column_name, data_type from duckdb_columns() "
                "where schema_name = ? and table_name = ? order by column_index",
                [schema_name, table],
            ).fetchall()
            key = f"{schema_name}.{table}"
            folder = out_dir / schema_name / table
            folder.mkdir(parents=True, exist_ok=True)
            relation = f"{_quote(schema_name)}.{_quote(table)}"
            names = [c for c, _ in columns]
            if "_file_id" in names:
                deliveries = con.execute(
                    f"select distinct _file_id, _source_file from {relation} order by 2"
                ).fetchall()
                for file_id, source in deliveries:
                    target = folder / f"{Path(source).name}.{file_id[:8]}.csv"
                    con.execute(
                        f"copy (select * from {relation} where _file_id = {_literal(file_id)} "
                        f"order by _row_number) to {_literal(str(target))} (header, delimiter ',')"
                    )
                files[key] = len(deliveries)
            else:
                con.execute(
                    f"copy {relation} to {_literal(str(folder / f'{table}.csv'))} "
                    "(header, delimiter ',')"
                )
                files[key] = 1
            schema[key] = {"columns": columns, "folder": str(folder.relative_to(out_dir))}
    finally:
        con.close()
    (out_dir / SCHEMA_FILE).write_text(json.dumps(schema, indent=2), encoding="utf-8")
    return files


def model_order(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """Enabled model nodes of the manifest, each after the models it selects from."""
    models = {k: n for k, n in manifest["nodes"].items() if n["resource_type"] == "model"}
    graph = {
        k: [d for d in n["depends_on"]["nodes"] if d in models] for k, n in sorted(models.items())
    }
    return [models[k] for k in TopologicalSorter(graph).static_order()]


def run_baseline(inputs: Path, manifest_path: Path, db_path: Path) -> dict[str, Any]:
    """Timed: read every CSV into its table, then build every model. Returns the timings."""
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    schema = json.loads((inputs / SCHEMA_FILE).read_text(encoding="utf-8"))
    nodes = model_order(manifest)
    missing = [n["unique_id"] for n in nodes if not n.get("compiled_code")]
    if missing:
        raise SystemExit(f"manifest has no compiled_code for {missing[:3]}: run `dbt compile`")
    # The compiled SQL names relations "<database>"."<schema>"."<name>"; the
    # file is named so that DuckDB's catalog has that name.
    database = nodes[0]["database"]
    db_path = db_path.with_name(f"{database}.duckdb")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (db_path, db_path.with_name(db_path.name + ".wal")):
        stale.unlink(missing_ok=True)

    started = time.perf_counter()
    con = duckdb.connect(str(db_path))
    rows: dict[str, int] = {}
    for key, spec in schema.items():
        schema_name, table = key.split(".")
        con.execute(f"create schema if not exists {_quote(schema_name)}")
        columns = ", ".join(f"{_literal(c)}: {_literal(t)}" for c, t in spec["columns"])
        relation = f"{_quote(schema_name)}.{_quote(table)}"
        folder = inputs / spec["folder"]
        if any(folder.glob("*.csv")):
            source = (
                f"read_csv({_literal(str(folder / '*.csv'))}, header = true, "
                f"auto_detect = false, delim = ',', quote = '\"', columns = {{{columns}}})"
            )
            con.execute(f"create table {relation} as select * from {source}")
        else:
            cols = ", ".join(f"{_quote(c)} {t}" for c, t in spec["columns"])
            con.execute(f"create table {relation} ({cols})")
        rows[key] = con.execute(f"select count(*) from {relation}").fetchone()[0]
    read_done = time.perf_counter()
    for node in nodes:
        kind = "view" if node["config"]["materialized"] == "view" else "table"
        relation = f"{_quote(node['schema'])}.{_quote(node['alias'] or node['name'])}"
        con.execute(f"create schema if not exists {_quote(node['schema'])}")
        con.execute(f"create or replace {kind} {relation} as\n{node['compiled_code']}\n")
    con.execute("checkpoint")
    con.close()
    done = time.perf_counter()
    return {
        "db": str(db_path),
        "read_s": read_done - started,
        "models_s": done - read_done,
        "total_s": done - started,
        "models": len(nodes),
        "input_rows": rows,
    }


def compare_marts(baseline_db: Path, work_db: Path, schema: str = "marts") -> dict[str, Any]:
    """Rows that differ between the baseline's and the pipeline's marts (both directions)."""
    con = duckdb.connect(str(baseline_db), read_only=True)
    con.execute(f"attach {_literal(str(work_db))} as pipeline (read_only)")
    differences: dict[str, int] = {}
    try:
        tables = [
            t
            for (t,) in con.execute(
                "select table_name from duckdb_tables() where database_name = 'pipeline' "
                "and schema_name = ? order by 1",
                [schema],
            ).fetchall()
        ]
        for table in tables:
            cols = ", ".join(
                _quote(c)
                for (c,) in con.execute(
                    "select column_name from duckdb_columns() where database_name = 'pipeline' "
                    "and schema_name = ? and table_name = ? order by column_index",
                    [schema, table],
                ).fetchall()
            )
            ours = f"{_quote(schema)}.{_quote(table)}"
            theirs = f"pipeline.{_quote(schema)}.{_quote(table)}"
            count = con.execute(
                f"select (select count(*) from (select {cols} from {ours} except all "
                f"select {cols} from {theirs})) + (select count(*) from (select {cols} from "
                f"{theirs} except all select {cols} from {ours}))"
            ).fetchone()[0]
            differences[table] = count
    finally:
        con.close()
    return {"tables": len(differences), "differing_rows": differences}


def main(argv: list[str] | None = None) -> int:
    """Command line: time the baseline and print the result as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=Path, required=True, help="folder from export_inputs")
    parser.add_argument("--manifest", type=Path, required=True, help="manifest.json of dbt compile")
    parser.add_argument("--db", type=Path, required=True, help="where to write the DuckDB file")
    parser.add_argument("--compare", type=Path, help="the pipeline's working DB to compare marts")
    args = parser.parse_args(argv)
    result = run_baseline(args.inputs, args.manifest, args.db)
    if args.compare:
        result["comparison"] = compare_marts(Path(result["db"]), args.compare)
    json.dump(result, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
