"""capaian_ro/: the volume each RO delivered in one month (`CAPAIAN_<kdsatker>_<YYYYMM>`)."""

from __future__ import annotations

import re

from pipelines.ingest.feeds.base import (
    KDSATKER,
    THANG,
    Context,
    Feed,
    NameFacts,
    Parsed,
    RowErrors,
    must_match_name,
    name_pattern,
    text,
    unique_rows,
)
from pipelines.ingest.layout import Column, Table
from pipelines.ingest.values import (
    parse_kode_ro,
    parse_month,
    parse_number,
    parse_office,
    parse_year,
)

COLUMNS = [
    THANG,
    Column("bulan", ["bulan", "periode"]),
    KDSATKER,
    Column("kode_ro", ["kode ro", "kode kro/ro", "ro"]),
    Column("kdgiat", ["kdgiat", "kode kegiatan"], required=False),
    Column("satuan", ["satuan", "satuan output"], required=False),
    Column("target", ["target", "target output ro", "volume target"], required=False),
    Column("volume", ["realisasi volume", "rvro", "volume bulan ini"]),
]

RAW_COLUMNS = [
    ("thang", "integer"),
    ("bulan", "integer"),
    ("kdsatker", "varchar"),
    ("kode_ro", "varchar"),
    ("satuan", "varchar"),
    ("target", "decimal(18,4)"),
    ("volume", "decimal(18,4)"),
]


def _name_facts(m: re.Match[str]) -> NameFacts:
    year, month = int(m[2][:4]), int(m[2][4:])
    if not 1 <= month <= 12:
        raise ValueError(month)
    return NameFacts(kdsatker=m[1], thang=year, bulan=month)


def parse(table: Table, ctx: Context) -> Parsed:
    """Type each RO's monthly volume; a negative volume loads and is reported by checks."""
    errors = RowErrors(table)
    rows = []
    for record in table.records:
        row = {
            "_row_number": record.number,
            "thang": errors.value(record, "thang", parse_year),
            "bulan": errors.value(record, "bulan", parse_month),
            "kdsatker": errors.value(record, "kdsatker", parse_office),
            "kode_ro": errors.value(
                record, "kode_ro", lambda v, r=record: parse_kode_ro(v, r.get("kdgiat"))
            ),
            "satuan": text(record.get("satuan")),
            "target": errors.optional(record, "target", parse_number),
            "volume": errors.value(record, "volume", parse_number),
        }
        must_match_name(errors, record, "kdsatker", row["kdsatker"], ctx.name.kdsatker)
        must_match_name(errors, record, "thang", row["thang"], ctx.name.thang)
        must_match_name(errors, record, "bulan", row["bulan"], ctx.name.bulan)
        rows.append(row)
    if not rows:
        errors.add(table.header_row, None, "file tidak berisi baris capaian RO")
    unique_rows(errors, [r for r in rows if r["kode_ro"]], ["kode_ro"], "kode RO")
    errors.raise_if_any()
    return Parsed(
        rows=rows,
        facts=ctx.name,
        delivery_key=f"capaian_ro:{ctx.name.kdsatker}:{ctx.name.thang}{ctx.name.bulan:02d}",
    )


FEED = Feed(
    name="capaian_ro",
    name_pattern=name_pattern(r"CAPAIAN_(\d{6})_(\d{6})"),
    name_hint="CAPAIAN_<kdsatker>_<YYYYMM>",
    columns=COLUMNS,
    raw_columns=RAW_COLUMNS,
    parse=parse,
    name_facts=_name_facts,
)
