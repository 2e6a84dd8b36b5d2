"""dipa/: the office's budget lines at one revision (`DIPA_<kdsatker>_<thang>_rev<NN>`)."""

from __future__ import annotations

import re
from decimal import Decimal

from pipelines.ingest.feeds.base import (
    BUDGET_CODE_ALTERNATIVES,
    BUDGET_CODE_COLUMNS,
    BUDGET_CODE_RAW,
    KDSATKER,
    THANG,
    Context,
    Feed,
    NameFacts,
    Parsed,
    RowErrors,
    budget_code_fields,
    money_total,
    must_match_name,
    name_pattern,
    single_value,
    text,
    unique_rows,
)
from pipelines.ingest.layout import Column, Table
from pipelines.ingest.values import parse_int, parse_money, parse_office, parse_year

ZERO = Decimal("0.00")

COLUMNS = [
    THANG,
    KDSATKER,
    Column("revisi", ["revisi", "rev", "revisi ke"], required=False),
    *BUDGET_CODE_COLUMNS,
    Column("uraian", ["uraian", "nmakun", "uraian akun"], required=False),
    Column("pagu", ["pagu", "pagu revisi"]),
    Column("blokir", ["blokir", "pagu blokir"], required=False),
]

RAW_COLUMNS = [
    ("thang", "integer"),
    ("kdsatker", "varchar"),
    ("revisi", "integer"),
    *BUDGET_CODE_RAW,
    ("uraian", "varchar"),
    ("pagu", "decimal(18,2)"),
    ("blokir", "decimal(18,2)"),
]


def _name_facts(m: re.Match[str]) -> NameFacts:
    return NameFacts(kdsatker=m[1], thang=int(m[2]), revisi=int(m[3]))


def parse(table: Table, ctx: Context) -> Parsed:
    """Type every budget line; the file must hold one office, year and revision."""
    errors = RowErrors(table)
    rows = []
    for record in table.records:
        row = {
            "_row_number": record.number,
            "thang": errors.value(record, "thang", parse_year),
            "kdsatker": errors.value(record, "kdsatker", parse_office),
            "revisi": errors.optional(record, "revisi", lambda v: parse_int(v, "revisi")),
            **budget_code_fields(errors, record),
            "uraian": text(record.get("uraian")),
            "pagu": errors.value(record, "pagu", parse_money),
            "blokir": errors.optional(record, "blokir", parse_money),
        }
        if row["blokir"] is None:
            row["blokir"] = ZERO  # the contract: an empty blokir means 0
        must_match_name(errors, record, "kdsatker", row["kdsatker"], ctx.name.kdsatker)
        must_match_name(errors, record, "thang", row["thang"], ctx.name.thang)
        must_match_name(errors, record, "revisi", row["revisi"], ctx.name.revisi)
        row["revisi"] = ctx.name.revisi if row["revisi"] is None else row["revisi"]
        rows.append(row)
    if not rows:
        errors.add(table.header_row, None, "file tidak berisi baris anggaran")
    unique_rows(errors, [r for r in rows if r["kode_anggaran"]], ["kode_anggaran"], "kode anggaran")
    errors.raise_if_any()
    kdsatker = single_value(errors, rows, "kdsatker", "satker")
    thang = single_value(errors, rows, "thang", "tahun anggaran")
    errors.raise_if_any()
    facts = NameFacts(kdsatker=kdsatker, thang=thang, revisi=ctx.name.revisi)
    return Parsed(
        rows=rows,
        facts=facts,
        delivery_key=f"dipa:{kdsatker}:{thang}:{ctx.name.revisi}",
        amount_total=money_total(rows, "pagu"),
    )


FEED = Feed(
    name="dipa",
    name_pattern=name_pattern(r"DIPA_(\d{6})_(\d{4})_rev(\d{1,2})"),
    name_hint="DIPA_<kdsatker>_<thang>_rev<NN>",
    columns=COLUMNS,
    raw_columns=RAW_COLUMNS,
    parse=parse,
    name_facts=_name_facts,
    alternatives=BUDGET_CODE_ALTERNATIVES,
)
