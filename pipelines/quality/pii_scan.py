"""Build the query that scans every text column of `marts` for identifier-shaped values.

The scan returns counts per (table, column), never the values themselves, so
a failing check cannot copy personal data into check metadata, logs or the
Data Docs. A value that is entirely a hex digest (md5 or sha256, such as
`pmi_key`, `case_key`, `file_hash`) cannot be an identifier, yet may contain
16 digits in a row by chance, so such values are not counted; every other
value of every text column is.

Free text typed into a coded column is the other way a name reaches the
marts, so the scan also counts, per column, the values of `kanal`,
`jenis_masalah`, `hasil` and `negara_penempatan` in `case_outcomes` that are
not codes of their lists (kind `bukan_kode_daftar`). The lists are the dbt
seeds the loader normalises with (`pipelines/ingest/codes.py`); the dbt test
`assert_no_personal_data_in_marts` checks the same.
"""

from __future__ import annotations

import duckdb

from pipelines.ingest.codes import CODED_COLUMNS, canonical_values

# NIK: 16 digits standing alone; phone: 08.., +628.., 628..; passport: 1-2 letters + 6-7 digits.
PATTERNS = {
    "nik": r"(^|[^0-9])[0-9]{16}([^0-9]|$)",
    "no_hp": r"(^|[^0-9])(\+62|62|0)8[0-9]{7,11}([^0-9]|$)",
    "no_paspor": r"(^|[^A-Za-z0-9])[A-Z]{1,2}[0-9]{6,7}([^A-Za-z0-9]|$)",
}

DIGEST = "[0-9a-f]{32}|[0-9a-f]{64}"
CODED_TABLE = "case_outcomes"


def pii_scan_query(con: duckdb.DuckDBPyConnection, schema: str = "marts") -> str:
    """One row per (table, column, kind) with the number of matching values."""
    columns = con.execute(
        "select table_name, column_name from duckdb_columns() "
        "where schema_name = ? and data_type = 'VARCHAR' "
        "order by table_name, column_name",
        [schema],
    ).fetchall()
    parts = [
        f"select '{t}' as tabel, '{c}' as kolom, '{kind}' as jenis, "
        f"count(*) filter (where regexp_matches({c}, '{pattern}') "
        f"and not regexp_full_match({c}, '{DIGEST}')) as jumlah_mirip_pii "
        f"from {schema}.{t}"
        for t, c in columns
        for kind, pattern in PATTERNS.items()
    ]
    if any(t == CODED_TABLE for t, _ in columns):
        parts += coded_scan_parts(schema)
    if not parts:
        return "select 'none' as tabel, 'none' as kolom, 'none' as jenis, 0 as jumlah_mirip_pii"
    return "\nunion all\n".join(parts)


def coded_scan_parts(schema: str = "marts") -> list[str]:
    """Per coded column of `case_outcomes`: how many values are not a code of its list.

    An empty value (NULL: an open case has no `hasil`) is not counted. The
    list is written into the query as literals, from the same seed files dbt
    loads, so the count does not depend on the seeds having been built.
    """
    parts = []
    for column in CODED_COLUMNS:
        codes = ", ".join(_literal(v) for v in sorted(canonical_values(column)))
        parts.append(
            f"select '{CODED_TABLE}' as tabel, '{column}' as kolom, 'bukan_kode_daftar' as jenis, "
            f"count(*) filter (where {column} is not null and {column} not in ({codes})) "
            f"as jumlah_mirip_pii from {schema}.{CODED_TABLE}"
        )
    return parts


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
