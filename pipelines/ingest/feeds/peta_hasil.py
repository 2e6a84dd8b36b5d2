"""peta_hasil/: the planners' RO -> indicator mapping for a year (`PETA_HASIL_<thang>`)."""

from __future__ import annotations

import re
from decimal import Decimal

from pipelines.ingest.feeds.base import (
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
    ValueProblem,
    is_blank,
    parse_kode_ro,
    parse_office,
    parse_percent,
    parse_year,
)

COLUMNS = [
    THANG,
    Column("kdsatker", ["kdsatker", "kode satker", "satker"], required=False),
    Column("kode_ro", ["kode ro"]),
    Column("indikator_id", ["indikator", "kode indikator"]),
    Column("porsi_pct", ["porsi", "bobot"]),
]

RAW_COLUMNS = [
    ("thang", "integer"),
    ("kdsatker", "varchar"),
    ("kode_ro", "varchar"),
    ("indikator_id", "varchar"),
    ("porsi_pct", "decimal(9,2)"),
]


def parse_scope(value: object) -> str:
    """`*` (every office) for an empty cell or `*`, otherwise the 6-digit office."""
    if is_blank(value) or str(value).strip() == "*":
        return "*"
    return parse_office(value)


def parse_share(value: object) -> Decimal:
    """A share between 0 and 100 with at most two decimals."""
    share = parse_percent(value)
    if not Decimal(0) <= share <= Decimal(100):
        raise ValueProblem(f"porsi '{value}' harus antara 0 dan 100")
    if share != share.quantize(Decimal("0.01")):
        raise ValueProblem(f"porsi '{value}' memiliki lebih dari 2 angka desimal")
    return share.quantize(Decimal("0.01"))


def _name_facts(m: re.Match[str]) -> NameFacts:
    return NameFacts(thang=int(m[1]))


def parse(table: Table, ctx: Context) -> Parsed:
    """Type every mapping row; whether shares sum to 100 is a check, not a rejection."""
    errors = RowErrors(table)
    rows = []
    for record in table.records:
        indikator = text(record.get("indikator_id"))
        row = {
            "_row_number": record.number,
            "thang": errors.value(record, "thang", parse_year),
            "kdsatker": errors.value(record, "kdsatker", parse_scope),
            "kode_ro": errors.value(record, "kode_ro", parse_kode_ro),
            "indikator_id": indikator.upper() if indikator else None,
            "porsi_pct": errors.value(record, "porsi_pct", parse_share),
        }
        if indikator is None:
            errors.add(record, "indikator_id", "kode indikator kosong")
        must_match_name(errors, record, "thang", row["thang"], ctx.name.thang)
        rows.append(row)
    if not rows:
        errors.add(table.header_row, None, "file tidak berisi baris pemetaan")
    unique_rows(
        errors,
        [r for r in rows if r["kode_ro"] and r["indikator_id"]],
        ["kdsatker", "kode_ro", "indikator_id"],
        "pemetaan satker / RO / indikator",
    )
    errors.raise_if_any()
    return Parsed(rows=rows, facts=ctx.name, delivery_key=f"peta_hasil:{ctx.name.thang}")


FEED = Feed(
    name="peta_hasil",
    name_pattern=name_pattern(r"PETA_HASIL_(\d{4})"),
    name_hint="PETA_HASIL_<thang>",
    columns=COLUMNS,
    raw_columns=RAW_COLUMNS,
    parse=parse,
    name_facts=_name_facts,
)
