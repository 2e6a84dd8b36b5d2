"""rpd/: Halaman III DIPA, the monthly disbursement plan (`RPD_<kdsatker>_<thang>`).

The Treasury scores every office on how closely its SP2D follow this plan, so
each stored value must be exactly what the office planned for that month. Two
layouts arrive: **long** (one row per month and spending type, with `bulan`
and `rencana`) and **wide** (SAKTI's printed page III: one row per spending
type, twelve month columns, often a `Jumlah` row-total column that is not
data). Both become the same rows: one per spending type and month.

An update applies from `berlaku_mulai` onward and never rewrites a month
already past, so values for earlier months are dropped here and only counted
(`Parsed.counts`, written to the ledger).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from pipelines.ingest.feeds.base import (
    KDSATKER,
    THANG,
    Context,
    Feed,
    NameFacts,
    Parsed,
    RowErrors,
    money_total,
    must_match_name,
    name_pattern,
    single_value,
    text,
    unique_rows,
)
from pipelines.ingest.layout import Column, Record, Table
from pipelines.ingest.readers import FileProblem
from pipelines.ingest.values import (
    MONTH_NAMES_ID,
    MONTHS_ID,
    ValueProblem,
    is_blank,
    parse_money,
    parse_month,
    parse_office,
    parse_year,
    quoted,
)

ZERO = Decimal("0.00")
IGNORED_COUNT = "rencana_sebelum_berlaku_mulai"

JENIS_BELANJA = {
    "51": "51",
    "belanja pegawai": "51",
    "pegawai": "51",
    "52": "52",
    "belanja barang": "52",
    "barang": "52",
    "53": "53",
    "belanja modal": "53",
    "modal": "53",
    "57": "57",
    "bantuan sosial": "57",
    "bansos": "57",
}

MONTH_FIELDS = [f"bulan_{m:02d}" for m in range(1, 13)]
"""The wide layout's month columns; their header names are the month names `parse_month`
accepts (`Januari`, `Jan`, `Agt`, ...), so a header and a cell read the same way."""

COLUMNS = [
    THANG,
    KDSATKER,
    Column("berlaku_mulai", ["berlaku mulai", "mulai bulan", "bulan mulai"], required=False),
    Column("jenis_belanja", ["jenis belanja", "jenis", "akun"]),
    # Long layout only. In a wide file `rencana` may catch its row-total column
    # (`Jumlah`, as `jumlah (rp)` normalises to `jumlah`): `parse` decides the
    # layout from the month columns first and then never reads it.
    Column("bulan", ["bulan", "periode"], required=False),
    Column("rencana", ["rencana", "rencana penarikan", "rpd", "jumlah (rp)"], required=False),
    *(
        Column(field, [name for name, n in MONTHS_ID.items() if n == month], required=False)
        for month, field in enumerate(MONTH_FIELDS, start=1)
    ),
]

RAW_COLUMNS = [
    ("thang", "integer"),
    ("kdsatker", "varchar"),
    ("berlaku_mulai", "integer"),
    ("jenis_belanja", "varchar"),
    ("bulan", "integer"),
    ("rencana", "decimal(18,2)"),
]


def _name_facts(m: re.Match[str]) -> NameFacts:
    return NameFacts(kdsatker=m[1], thang=int(m[2]))


def parse_jenis_belanja(value: object) -> str:
    """The 2-digit spending type (`51`, `52`, `53`, `57`) from a code or its name."""
    shown = text(value)
    if shown is None:
        raise ValueProblem("jenis belanja kosong")
    code = JENIS_BELANJA.get(shown.lower())
    if code is None:
        raise ValueProblem(
            f"jenis belanja {quoted(shown)} tidak dikenal (51/Belanja Pegawai, 52/Belanja Barang, "
            "53/Belanja Modal, 57/Bantuan Sosial)"
        )
    return code


def _is_wide(table: Table) -> bool:
    """Wide when all twelve month columns are there, long when `bulan` and `rencana` are.

    Decided before any value is read, so a wide file's `Jumlah` column is never
    taken for `rencana`. Neither layout complete rejects the file, naming what
    is missing.
    """
    months = [f for f in MONTH_FIELDS if f in table.columns]
    if len(months) == len(MONTH_FIELDS):
        return True
    where = f"judul kolom di baris {table.header_row}"
    if "bulan" in table.columns:
        if "rencana" in table.columns:
            return False
        raise FileProblem(f"kolom wajib 'rencana' tidak ditemukan ({where})")
    if months:
        missing = ", ".join(
            name for name, f in zip(MONTH_NAMES_ID, MONTH_FIELDS, strict=True) if f not in months
        )
        raise FileProblem(
            f"kolom bulan tidak lengkap ({where}): tidak ada kolom {missing}; format lebar perlu "
            "dua belas kolom Jan s.d. Des, format panjang perlu kolom 'bulan' dan 'rencana'"
        )
    raise FileProblem(
        f"kolom 'bulan' dan 'rencana' (format panjang) atau dua belas kolom Jan s.d. Des "
        f"(format lebar) tidak ditemukan ({where})"
    )


def _rencana(errors: RowErrors, record: Record, field: str, blank_is_zero: bool) -> Decimal | None:
    """One planned amount: exact rupiah, never negative (a plan cannot be)."""
    cell = record.get(field)
    if blank_is_zero and is_blank(cell):
        return ZERO  # the wide layout leaves months without a plan empty
    amount = errors.value(record, field, parse_money)
    if amount is not None and amount < 0:
        errors.add(
            record,
            field,
            f"rencana {quoted(text(cell))} negatif; rencana penarikan dana tidak boleh negatif",
        )
        return None
    return amount


def parse(table: Table, ctx: Context) -> Parsed:
    """Type every (spending type, month) value of either layout; store those from `berlaku_mulai`.

    Everything is checked, earlier months included: a broken value anywhere means
    the office's file is broken, and the plan in force must never be half read.
    """
    wide = _is_wide(table)
    errors = RowErrors(table)
    heads: list[dict[str, Any]] = []  # one per data row of the file
    plan: list[dict[str, Any]] = []  # one per (spending type, month)
    for record in table.records:
        head = {
            "_row_number": record.number,
            "thang": errors.value(record, "thang", parse_year),
            "kdsatker": errors.value(record, "kdsatker", parse_office),
            "berlaku_mulai": errors.optional(record, "berlaku_mulai", parse_month),
            "jenis_belanja": errors.value(record, "jenis_belanja", parse_jenis_belanja),
        }
        must_match_name(errors, record, "kdsatker", head["kdsatker"], ctx.name.kdsatker)
        must_match_name(errors, record, "thang", head["thang"], ctx.name.thang)
        heads.append(head)
        if wide:
            for month, field in enumerate(MONTH_FIELDS, start=1):
                amount = _rencana(errors, record, field, blank_is_zero=True)
                plan.append({**head, "bulan": month, "rencana": amount})
        else:
            plan.append(
                {
                    **head,
                    "bulan": errors.value(record, "bulan", parse_month),
                    "rencana": _rencana(errors, record, "rencana", blank_is_zero=False),
                }
            )
    if not heads:
        errors.add(table.header_row, None, "file tidak berisi baris rencana penarikan dana")
    if wide:
        keyed = [h for h in heads if h["jenis_belanja"]]
        unique_rows(errors, keyed, ["jenis_belanja"], "jenis belanja")
    else:
        keyed = [p for p in plan if p["jenis_belanja"] and p["bulan"]]
        unique_rows(errors, keyed, ["jenis_belanja", "bulan"], "jenis belanja / bulan")
    errors.raise_if_any()
    kdsatker = single_value(errors, heads, "kdsatker", "satker")
    thang = single_value(errors, heads, "thang", "tahun anggaran")
    mulai = single_value(errors, heads, "berlaku_mulai", "bulan berlaku mulai") or 1
    errors.raise_if_any()
    rows = [{**p, "berlaku_mulai": mulai} for p in plan if p["bulan"] >= mulai]
    if not rows:
        errors.add(
            table.header_row,
            None,
            f"tidak ada rencana untuk bulan {mulai} (berlaku mulai) s.d. 12; "
            "bulan sebelum berlaku mulai diabaikan",
        )
        errors.raise_if_any()
    return Parsed(
        rows=rows,
        facts=NameFacts(kdsatker=kdsatker, thang=thang, bulan=mulai),
        delivery_key=f"rpd:{kdsatker}:{thang}:{mulai:02d}",
        amount_total=money_total(rows, "rencana"),
        counts={IGNORED_COUNT: len(plan) - len(rows)},
    )


FEED = Feed(
    name="rpd",
    name_pattern=name_pattern(r"RPD_(\d{6})_(\d{4})"),
    name_hint="RPD_<kdsatker>_<thang>",
    columns=COLUMNS,
    raw_columns=RAW_COLUMNS,
    parse=parse,
    name_facts=_name_facts,
)
