"""sp2d/: every disbursement line of one office in one month (`SP2D_<kdsatker>_<YYYYMM>`)."""

from __future__ import annotations

import re

from pipelines.ingest.feeds.base import (
    BUDGET_CODE_ALTERNATIVES,
    BUDGET_CODE_COLUMNS,
    BUDGET_CODE_RAW,
    KDSATKER,
    Context,
    Feed,
    NameFacts,
    Parsed,
    RowErrors,
    budget_code_fields,
    money_total,
    must_match_name,
    name_pattern,
    text,
    unique_rows,
)
from pipelines.ingest.layout import Column, Table
from pipelines.ingest.values import ValueProblem, parse_date, parse_money, parse_office

JENIS_SPM = {"LS", "GU", "UP", "TUP", "GUP", "PTUP"}

COLUMNS = [
    KDSATKER,
    Column("no_sp2d", ["no sp2d", "nomor sp2d", "nosp2d"]),
    Column("tgl_sp2d", ["tgl sp2d", "tanggal sp2d", "tanggal"]),
    *BUDGET_CODE_COLUMNS,
    Column("nilai", ["nilai", "nilai sp2d", "realisasi", "jumlah"]),
    Column("jenis_spm", ["jenis spm", "jenis"], required=False),
    Column("uraian", ["uraian", "deskripsi", "keterangan"], required=False),
]

RAW_COLUMNS = [
    ("kdsatker", "varchar"),
    ("thang", "integer"),
    ("bulan", "integer"),
    ("no_sp2d", "varchar"),
    ("tgl_sp2d", "date"),
    *BUDGET_CODE_RAW,
    ("nilai", "decimal(18,2)"),
    ("jenis_spm", "varchar"),
    ("uraian", "varchar"),
]


def parse_no_sp2d(value: object) -> str:
    """15 digits kept as text; a numeric cell that lost its leading zeros is padded back."""
    if isinstance(value, float) and value == int(value):
        value = int(value)
    if isinstance(value, int):
        value = str(value).zfill(15)
    raw = "" if value is None else str(value).strip()
    if not (len(raw) == 15 and raw.isdecimal()):  # = fullmatch(r"\d{15}"), without the regex
        raise ValueProblem(f"nomor SP2D '{raw}' harus 15 digit")
    return raw


def parse_jenis_spm(value: object) -> str:
    """One of the Treasury's SPM types."""
    code = str(value).strip().upper()
    if code not in JENIS_SPM:
        raise ValueProblem(f"jenis SPM '{value}' tidak dikenal ({', '.join(sorted(JENIS_SPM))})")
    return code


def _name_facts(m: re.Match[str]) -> NameFacts:
    year, month = int(m[2][:4]), int(m[2][4:])
    if not 1 <= month <= 12:
        raise ValueError(month)
    return NameFacts(kdsatker=m[1], thang=year, bulan=month)


def parse(table: Table, ctx: Context) -> Parsed:
    """Type every disbursement line; dates must fall in the file's month."""
    errors = RowErrors(table)
    rows = []
    promised = (ctx.name.thang, ctx.name.bulan)
    for record in table.records:
        tgl = errors.value(record, "tgl_sp2d", parse_date)
        row = {
            "_row_number": record.number,
            "kdsatker": errors.value(record, "kdsatker", parse_office),
            "thang": ctx.name.thang,
            "bulan": ctx.name.bulan,
            "no_sp2d": errors.value(record, "no_sp2d", parse_no_sp2d),
            "tgl_sp2d": tgl,
            **budget_code_fields(errors, record),
            "nilai": errors.value(record, "nilai", parse_money),
            "jenis_spm": errors.optional(record, "jenis_spm", parse_jenis_spm),
            "uraian": text(record.get("uraian")),
        }
        must_match_name(errors, record, "kdsatker", row["kdsatker"], ctx.name.kdsatker)
        if tgl is not None and (tgl.year, tgl.month) != promised:
            errors.add(
                record,
                "tgl_sp2d",
                f"tanggal {tgl:%d-%m-%Y} di luar bulan file ({promised[1]:02d}-{promised[0]})",
            )
        rows.append(row)
    if not rows:
        errors.add(table.header_row, None, "file tidak berisi baris SP2D")
    unique_rows(
        errors,
        [r for r in rows if r["no_sp2d"] and r["kode_anggaran"]],
        ["no_sp2d", "kode_anggaran"],
        "pasangan nomor SP2D / kode anggaran",
    )
    errors.raise_if_any()
    kdsatker, thang, bulan = ctx.name.kdsatker, ctx.name.thang, ctx.name.bulan
    return Parsed(
        rows=rows,
        facts=ctx.name,
        delivery_key=f"sp2d:{kdsatker}:{thang}{bulan:02d}",
        amount_total=money_total(rows, "nilai"),
    )


FEED = Feed(
    name="sp2d",
    name_pattern=name_pattern(r"SP2D_(\d{6})_(\d{6})"),
    name_hint="SP2D_<kdsatker>_<YYYYMM>",
    columns=COLUMNS,
    raw_columns=RAW_COLUMNS,
    parse=parse,
    name_facts=_name_facts,
    alternatives=BUDGET_CODE_ALTERNATIVES,
)
