"""The dbt project builds on PostgreSQL and gives exactly the DuckDB marts.

The raw fixture of tests/dbt/make_raw_fixture.py is written to a DuckDB file
and to a PostgreSQL database; `dbt build` runs on both targets at once (models,
seeds, data tests and unit tests); then every mart is compared row for row:
same tables, same columns and column types (money DECIMAL(18,2), never a
float), and the same values, Decimals to the last digit and scale.

The exact-arithmetic macros (safe_divide, round_half_even, share_in_cents,
fit_decimal, exact_median) are also compiled for both targets on a grid of
edge cases (ties, refunds, 16-digit rupiah, zero and NULL denominators) and
must give the same digits on both engines and match Python's Decimal with
ROUND_HALF_EVEN.
"""

from __future__ import annotations

import collections
import decimal
import itertools
import os
import statistics
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pytest

from tests.dbt.make_raw_fixture import DDL, build

pytestmark = pytest.mark.slow  # starts PostgreSQL and builds the dbt project on both engines

if TYPE_CHECKING:
    from tests.postgres_fixture import PostgresCluster

# One cluster for the session, shared by every module that names this plugin
# (imported by pytest, not here, so that it is imported once and rewritten).
pytest_plugins = ["tests.postgres_fixture"]

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
DBT = Path(sys.executable).with_name("dbt")
PG_DB = "jejak_rupiah"
AS_OF_DATE = "2025-03-15"
# The contract's marts, each non-empty on the raw fixture.
CONTRACT_MARTS = [
    "budget_line_trace",
    "untraced_spending",
    "office_month",
    "office_scorecard",
    "indicator_achievement",
    "case_outcomes",
    "file_deliveries",
    "execution_month",
    "office_execution",
    "spending_composition",
    "realisasi_lines",
]

# DuckDB's information_schema names for PostgreSQL's.
PG_TYPE_NAMES = {
    "character varying": "VARCHAR",
    "integer": "INTEGER",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp without time zone": "TIMESTAMP",
}
FLOAT_TYPES = {"REAL", "FLOAT", "DOUBLE", "DOUBLE PRECISION", "FLOAT4", "FLOAT8"}


# --- running dbt on both targets -------------------------------------------------


def _dbt_env(target: str, work_db: Path, postgres: PostgresCluster) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JEJAK_", "DBT_"))}
    env.update(
        {
            "JEJAK_DBT_TARGET": target,
            "JEJAK_WORK_DB": str(work_db),
            "JEJAK_PG_HOST": postgres.host,
            "JEJAK_PG_PORT": str(postgres.port),
            "JEJAK_PG_USER": postgres.user,
            "JEJAK_PG_PASSWORD": "",
            "JEJAK_PG_DB": PG_DB,
            # marts that depend on "today" (delivery_status) see the same day on both
            "JEJAK_AS_OF_DATE": AS_OF_DATE,
        }
    )
    return env


def _run_dbt_on_both(
    args: list[str], tmp_path: Path, work_db: Path, postgres: PostgresCluster
) -> dict[str, str]:
    """Run the same dbt command on both targets concurrently; stdout per target."""
    procs = {}
    for target in ("duckdb", "postgres"):
        procs[target] = subprocess.Popen(
            [
                str(DBT),
                *args,
                "--project-dir",
                str(DBT_PROJECT_DIR),
                "--profiles-dir",
                str(DBT_PROJECT_DIR),
                "--target",
                target,
                "--target-path",
                str(tmp_path / f"target-{target}"),
                "--log-path",
                str(tmp_path / f"logs-{target}"),
            ],
            cwd=DBT_PROJECT_DIR,
            env=_dbt_env(target, work_db, postgres),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    outputs = {}
    for target, proc in procs.items():
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, (
            f"dbt {' '.join(args[:2])} --target {target} failed:\n{out[-6000:]}\n{err[-2000:]}"
        )
        outputs[target] = out
    return outputs


def _write_raw_postgres(postgres: PostgresCluster, tables: dict[str, list[dict]]) -> None:
    conn = postgres.connect(PG_DB)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(DDL)
            for table, rows in tables.items():
                cur.execute(
                    "select column_name from information_schema.columns"
                    " where table_schema = 'raw' and table_name = %s order by ordinal_position",
                    (table,),
                )
                columns = [name for (name,) in cur.fetchall()]
                cur.executemany(
                    f"insert into raw.{table} ({', '.join(columns)})"
                    f" values ({', '.join(['%s'] * len(columns))})",
                    [[row.get(c) for c in columns] for row in rows],
                )
    finally:
        conn.close()


# --- reading both warehouses -------------------------------------------------------


def _row_key(row: tuple) -> tuple:
    # type and repr: Decimal('1.0') and Decimal('1.00') are different here
    return tuple((type(v).__name__, repr(v)) for v in row)


def _duckdb_marts(path: Path) -> dict[str, dict[str, Any]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        types = collections.defaultdict(list)
        for table, column, data_type in con.execute(
            "select table_name, column_name, data_type from information_schema.columns"
            " where table_schema = 'marts' order by table_name, ordinal_position"
        ).fetchall():
            types[table].append((column, data_type.upper()))
        marts = {}
        for table, columns in types.items():
            rows = con.execute(f'select * from marts."{table}"').fetchall()
            marts[table] = {"columns": columns, "rows": rows}
        return marts
    finally:
        con.close()


def _postgres_marts(postgres: PostgresCluster) -> dict[str, dict[str, Any]]:
    conn = postgres.connect(PG_DB)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "select table_name, column_name, data_type, numeric_precision, numeric_scale"
                " from information_schema.columns where table_schema = 'marts'"
                " order by table_name, ordinal_position"
            )
            types = collections.defaultdict(list)
            for table, column, data_type, precision, scale in cur.fetchall():
                if data_type == "numeric":
                    name = f"DECIMAL({precision},{scale})"
                else:
                    name = PG_TYPE_NAMES.get(data_type, data_type.upper())
                types[table].append((column, name))
            marts = {}
            for table, columns in types.items():
                cur.execute(f'select * from marts."{table}"')
                marts[table] = {"columns": columns, "rows": cur.fetchall()}
            return marts
    finally:
        conn.close()


# --- the exact-arithmetic grid --------------------------------------------------------

NUMERATORS = [
    "0", "1", "-1", "0.01", "-0.01", "0.05", "2.50", "-2.50", "3.50", "100.01", "-100.01",
    "12345678.90", "53999999.51", "9999999999999999.99", "-9999999999999999.99",
]  # fmt: skip
DENOMINATORS = [
    None, "0", "1", "-1", "2", "3", "7", "12", "0.0001", "0.0003", "-0.5000", "100", "180000000",
]  # fmt: skip
ROUNDING = [
    "0", "0.005", "0.015", "0.025", "-0.005", "-0.015", "2.345", "2.355", "1.000001", "0.004999",
    "-0.004999", "0.5", "1.5", "2.5", "-2.5", "0.00005", "0.00015", "-0.00025",
    "123456789012.345650",
]  # fmt: skip
AMOUNTS = [
    "100.01", "0.03", "0.05", "0.07", "-100.01", "-0.05", "0.01", "53999999.51",
    "9999999999999999.99",
]  # fmt: skip
PCTS = ["50.00", "30.00", "20.00", "33.33", "33.34", "60.00", "40.00", "0.01", "12.50", "100.00"]
MEDIAN_GROUPS = {
    1: ["5", "10", "15", "30"],
    2: ["5", "9", "40"],
    3: ["7"],
    4: ["1.01", "1.02"],  # DuckDB's median() would say 1.01
    5: ["-1.25", "2.50"],
    6: [],  # only filtered-out rows: NULL
    7: ["3", "3", "3", "100"],
    8: ["-5", "5"],
}

CTX = decimal.Context(prec=80, rounding=decimal.ROUND_HALF_EVEN)


def _q(value: Decimal, scale: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-scale), context=CTX)


def _ref_safe_divide(n: str, d: str | None, scale: int, factor: int) -> Decimal | None:
    if d is None or Decimal(d) == 0:
        return None
    return _q(CTX.divide(Decimal(n) * factor, Decimal(d)), scale)


def _ref_fit(value: Decimal | None, precision: int, scale: int) -> Decimal | None:
    if value is None or abs(value) >= Decimal(10) ** (precision - scale):
        return None
    return value


def _lit(value: str | None) -> str:
    return "null" if value is None else f"'{value}'"


def _grid() -> tuple[str, dict[tuple[str, int], Decimal | None]]:
    """One SQL query (dbt Jinja) over every case, and the expected results."""
    expected: dict[tuple[str, int], Decimal | None] = {}
    pairs = list(itertools.product(NUMERATORS, DENOMINATORS))
    for i, (n, d) in enumerate(pairs):
        pct = _ref_safe_divide(n, d, 2, 100)
        expected["safe_divide_pct", i] = pct
        expected["safe_divide_ratio", i] = _ref_safe_divide(n, d, 4, 1)
        expected["fit_pct_9_2", i] = _ref_fit(pct, 9, 2)
    for i, x in enumerate(ROUNDING):
        for scale in (0, 2, 4):
            expected[f"round_half_even_{scale}", i] = _q(Decimal(x), scale)
    shares = list(itertools.product(AMOUNTS, PCTS))
    for i, (a, p) in enumerate(shares):
        expected["share_in_cents", i] = _q(Decimal(a) * Decimal(p) / 100, 2).scaleb(2)
    for g, values in MEDIAN_GROUPS.items():
        expected["exact_median", g] = (
            _q(statistics.median(Decimal(v) for v in values), 3) if values else None
        )

    def values_list(rows: list[str]) -> str:
        return ",\n            ".join(rows)

    division_rows = [f"({i}, {_lit(n)}, {_lit(d)})" for i, (n, d) in enumerate(pairs)]
    rounding_rows = [f"({i}, {_lit(x)})" for i, x in enumerate(ROUNDING)]
    share_rows = [f"({i}, {_lit(a)}, {_lit(p)})" for i, (a, p) in enumerate(shares)]
    median_rows = [
        f"({g}, {_lit(v)}, true)" for g, values in MEDIAN_GROUPS.items() for v in values
    ] + [f"({g}, '999', false)" for g in MEDIAN_GROUPS]
    rounding = "\n".join(
        f"""    union all
    select 'round_half_even_{s}', id,
        cast(cast({{{{ round_half_even('x', {s}) }}}} as decimal(38, {s})) as varchar)
    from rounding"""
        for s in (0, 2, 4)
    )
    sql = f"""
with division as (
    select id, cast(n as decimal(18, 2)) as n, cast(d as decimal(18, 4)) as d
    from (values
            {values_list(division_rows)}
    ) as grid (id, n, d)
),

rounding as (
    select id, cast(x as decimal(18, 6)) as x
    from (values
            {values_list(rounding_rows)}
    ) as grid (id, x)
),

shares as (
    select id, cast(a as decimal(18, 2)) as a, cast(p as decimal(9, 2)) as p
    from (values
            {values_list(share_rows)}
    ) as grid (id, a, p)
),

median_input as (
    select g, cast(x as decimal(18, 2)) as x, keep
    from (values
            {values_list(median_rows)}
    ) as grid (g, x, keep)
),

results as (
    select 'safe_divide_pct' as kind, id,
        cast(cast({{{{ safe_divide('n', 'd', 2, 100) }}}} as decimal(38, 2)) as varchar) as result
    from division
    union all
    select 'safe_divide_ratio', id,
        cast(cast({{{{ safe_divide('n', 'd', 4) }}}} as decimal(38, 4)) as varchar)
    from division
    union all
    select 'fit_pct_9_2', id,
        cast({{{{ fit_decimal(safe_divide('n', 'd', 2, 100), 9, 2) }}}} as varchar)
    from division
{rounding}
    union all
    select 'share_in_cents', id,
        cast(cast({{{{ share_in_cents('a', 'p') }}}} as decimal(38, 0)) as varchar)
    from shares
    union all
    select 'exact_median', g,
        cast(cast({{{{ exact_median('x', 'keep') }}}} as decimal(38, 3)) as varchar)
    from median_input
    group by g
)

select kind, id, result from results
"""
    return sql, expected


def _compiled_sql(output: str) -> str:
    # `dbt --quiet compile --inline` prints the compiled SQL only
    return output.strip()


def _run_grid(sql: dict[str, str], work_db: Path, postgres: PostgresCluster) -> dict[str, dict]:
    results = {}
    con = duckdb.connect(str(work_db), read_only=True)
    try:
        results["duckdb"] = {(k, i): r for k, i, r in con.execute(sql["duckdb"]).fetchall()}
    finally:
        con.close()
    conn = postgres.connect(PG_DB)
    try:
        with conn.cursor() as cur:
            cur.execute(sql["postgres"])
            results["postgres"] = {(k, i): r for k, i, r in cur.fetchall()}
    finally:
        conn.close()
    return results


def _same_digits(actual: str | None, expected: Decimal | None) -> bool:
    if actual is None or expected is None:
        return actual is None and expected is None
    value = Decimal(actual)
    return value == expected and value.as_tuple().exponent == expected.as_tuple().exponent


# --- the test -----------------------------------------------------------------------------


def test_marts_identical_on_duckdb_and_postgres(postgres: PostgresCluster, tmp_path: Path) -> None:
    fixture = build()
    work_db = tmp_path / "jejak_rupiah.work.duckdb"
    fixture.write(work_db)
    postgres.create_database(PG_DB)
    _write_raw_postgres(postgres, fixture.raw_tables())

    _run_dbt_on_both(["build"], tmp_path, work_db, postgres)

    dd = _duckdb_marts(work_db)
    pg = _postgres_marts(postgres)
    assert sorted(pg) == sorted(dd)
    assert len(dd) >= 9, sorted(dd)
    differences = 0
    report = []
    for table in sorted(dd):
        assert pg[table]["columns"] == dd[table]["columns"], table
        floats = [c for c, t in dd[table]["columns"] if t in FLOAT_TYPES]
        assert not floats, f"{table}: float columns {floats}"
        left = collections.Counter(map(_row_key, dd[table]["rows"]))
        right = collections.Counter(map(_row_key, pg[table]["rows"]))
        only_dd, only_pg = left - right, right - left
        assert not only_dd and not only_pg, (
            f"{table}: only in DuckDB {list(only_dd)[:3]}, only in PostgreSQL {list(only_pg)[:3]}"
        )
        differences += sum(only_dd.values()) + sum(only_pg.values())
        report.append(f"{table} {len(dd[table]['rows'])}")
    empty = [t for t in CONTRACT_MARTS if not dd.get(t, {}).get("rows")]
    assert not empty, f"empty on the fixture, the comparison would prove nothing: {empty}"
    money = sum(t == "DECIMAL(18,2)" for m in dd.values() for _, t in m["columns"])

    # The exact-arithmetic macros on a grid of edge cases, on both engines.
    grid_sql, expected = _grid()
    compiled = _run_dbt_on_both(
        ["--quiet", "compile", "--inline", grid_sql], tmp_path, work_db, postgres
    )
    results = _run_grid(
        {target: _compiled_sql(out) for target, out in compiled.items()}, work_db, postgres
    )
    assert set(results["duckdb"]) == set(results["postgres"]) == set(expected)
    wrong = {
        key: (results["duckdb"][key], results["postgres"][key], want)
        for key, want in expected.items()
        if not (
            _same_digits(results["duckdb"][key], want)
            and _same_digits(results["postgres"][key], want)
        )
    }
    assert not wrong, f"{len(wrong)} wrong (duckdb, postgres, expected): {list(wrong.items())[:5]}"

    print(
        f"\npostgres vs duckdb: {len(dd)} marts compared row for row "
        f"({', '.join(report)}; {sum(len(m['rows']) for m in dd.values())} rows, "
        f"{money} DECIMAL(18,2) columns, column names and types equal), differences: {differences}; "
        f"exact-arithmetic grid: {len(expected)} cases equal on both and to Python Decimal "
        f"half-even, differences: 0"
    )
