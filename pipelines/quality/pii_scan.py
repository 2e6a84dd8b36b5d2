"""Build the query that scans every text column of `marts` for identifier-shaped values.

The scan returns counts per (table, column), never the values themselves, so
a failing check cannot copy personal data into check metadata, logs or the
Data Docs. A value that is entirely a hex digest (md5 or sha256, such as
`pmi_key`, `case_key`, `file_hash`) cannot be an identifier, yet may contain
16 digits in a row by chance, so such values are not counted; every other
value of every text column is.
"""

from __future__ import annotations

import duckdb

# NIK: 16 digits standing alone; phone: 08.., +628.., 628..; passport: 1-2 letters + 6-7 digits.
PATTERNS = {
    "nik": r"(^|[^0-9])[0-9]{16}([^0-9]|$)",
    "no_hp": r"(^|[^0-9])(\+62|62|0)8[0-9]{7,11}([^0-9]|$)",
    "no_paspor": r"(^|[^A-Za-z0-9])[A-Z]{1,2}[0-9]{6,7}([^A-Za-z0-9]|$)",
}

DIGEST = "[0-9a-f]{32}|[0-9a-f]{64}"


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
    if not parts:
        return "select 'none' as tabel, 'none' as kolom, 'none' as jenis, 0 as jumlah_mirip_pii"
    return "\nunion all\n".join(parts)
