"""pengaduan/: a full snapshot of an office's cases (`PENGADUAN_<kdsatker>_<YYYYMMDD>`).

Personal data is removed here, before anything is written: names and phone
numbers are dropped, NIK and passport become `pmi_key` (keyed hash) plus the
derived sex, age band and province code. The coded columns (`kanal`,
`jenis_masalah`, `hasil`, `negara_penempatan`) keep only codes from their
lists (`pipelines/ingest/codes.py`): free text typed into them, a name
included, becomes `Lainnya` and is only counted.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from pipelines.core.clock import today_wib
from pipelines.ingest import pii
from pipelines.ingest.codes import CodeNormaliser
from pipelines.ingest.feeds.base import (
    Context,
    Feed,
    NameFacts,
    Parsed,
    RowErrors,
    money_total,
    must_match_name,
    name_pattern,
    text,
    unique_rows,
)
from pipelines.ingest.layout import Column, Record, Table
from pipelines.ingest.readers import FileProblem
from pipelines.ingest.values import (
    ValueProblem,
    parse_date,
    parse_kode_ro,
    parse_money,
    parse_office,
    quoted,
)

STATUSES = [
    "Diterima",
    "Verifikasi",
    "Dalam Proses",
    "Mediasi",
    "Dilimpahkan",
    "Selesai",
    "Ditutup",
]
_STATUS_BY_KEY = {s.lower().replace(" ", ""): s for s in STATUSES}

COLUMNS = [
    Column("no_aduan", ["no aduan", "nomor pengaduan", "no tiket"]),
    Column("tgl_aduan", ["tgl aduan", "tanggal pengaduan"]),
    Column("kanal", ["kanal", "saluran"], required=False),
    Column("kdsatker", ["unit penanganan", "kdsatker", "satker"]),
    Column("nama_pmi", ["nama pmi", "nama"], required=False),
    Column("nik", ["nik", "no ktp"], required=False),
    Column("no_paspor", ["no paspor", "paspor"], required=False),
    Column("no_hp", ["no hp", "telepon", "no telepon"], required=False),
    Column("jenis_kelamin", ["jenis kelamin", "jk", "l/p"], required=False),
    Column("negara_penempatan", ["negara penempatan", "negara"], required=False),
    Column("jenis_masalah", ["jenis masalah", "kategori", "masalah"], required=False),
    Column("status", ["status", "status kasus"]),
    Column("tgl_selesai", ["tgl selesai", "tanggal selesai"], required=False),
    Column("hasil", ["hasil penyelesaian", "hasil"], required=False),
    Column("nilai_hak", ["nilai hak dipulihkan", "nilai pemulihan"], required=False),
    Column("kode_ro", ["kode ro pembiayaan", "ro"], required=False),
]

RAW_COLUMNS = [
    ("snapshot_date", "date"),
    ("kdsatker", "varchar"),
    ("no_aduan", "varchar"),
    ("tgl_aduan", "date"),
    ("kanal", "varchar"),
    ("negara_penempatan", "varchar"),
    ("jenis_masalah", "varchar"),
    ("status", "varchar"),
    ("tgl_selesai", "date"),
    ("hasil", "varchar"),
    ("nilai_hak", "decimal(18,2)"),
    ("kode_ro", "varchar"),
    ("pmi_key", "varchar"),
    ("jenis_kelamin", "varchar"),
    ("kelompok_umur", "varchar"),
    ("kode_provinsi_asal", "varchar"),
]


def parse_status(value: object) -> str:
    """One of the case statuses of the contract, in its canonical spelling."""
    key = str(value).strip().lower().replace(" ", "")
    if key not in _STATUS_BY_KEY:
        raise ValueProblem(f"status {quoted(value)} tidak dikenal ({', '.join(STATUSES)})")
    return _STATUS_BY_KEY[key]


def _name_facts(m: re.Match[str]) -> NameFacts:
    stamp = m[2]
    return NameFacts(
        kdsatker=m[1], snapshot_date=dt.date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:]))
    )


def _identity(key: bytes, record: Record, tgl_aduan: dt.date | None) -> dict[str, str | None]:
    """Derived fields and the keyed hash; the identifiers themselves go no further."""
    return identity_fields(
        key, record.get("nik"), record.get("no_paspor"), record.get("jenis_kelamin"), tgl_aduan
    )


def identity_fields(
    key: bytes, nik_cell: object, passport_cell: object, sex_cell: object, tgl_aduan: dt.date | None
) -> dict[str, str | None]:
    """`pmi_key` and the derived fields from a case's identifier cells (None when blank).

    One function for the row-wise and the bulk path (`bulk_feeds`), so both
    derive byte-identical keys, sexes, age bands and provinces.
    """
    nik = pii.normalise_nik(nik_cell)
    facts = pii.nik_facts(nik, tgl_aduan or today_wib())
    passport = pii.normalise_passport(passport_cell)
    sex = facts.jenis_kelamin if facts else pii.normalise_sex(sex_cell)
    band = pii.age_band(facts.tanggal_lahir, tgl_aduan) if facts and tgl_aduan else None
    return {
        "pmi_key": pii.pmi_key(key, nik, passport, facts is not None),
        "jenis_kelamin": sex,
        "kelompok_umur": band,
        "kode_provinsi_asal": facts.kode_provinsi if facts else None,
    }


def parse(table: Table, ctx: Context) -> Parsed:
    """Type every case of the snapshot and pseudonymise it."""
    if ctx.pii_key is None:
        raise FileProblem("JEJAK_PII_KEY tidak diset: file pengaduan tidak diproses")
    errors = RowErrors(table)
    codes = CodeNormaliser()
    rows = []
    for record in table.records:
        tgl_aduan = errors.value(record, "tgl_aduan", parse_date)
        nilai_hak = errors.optional(record, "nilai_hak", parse_money)
        row = {
            "_row_number": record.number,
            "snapshot_date": ctx.name.snapshot_date,
            "kdsatker": errors.value(record, "kdsatker", parse_office),
            "no_aduan": text(record.get("no_aduan")),
            "tgl_aduan": tgl_aduan,
            "kanal": codes.code("kanal", text(record.get("kanal"))),
            "negara_penempatan": codes.code(
                "negara_penempatan", text(record.get("negara_penempatan"))
            ),
            "jenis_masalah": codes.code("jenis_masalah", text(record.get("jenis_masalah"))),
            "status": errors.value(record, "status", parse_status),
            "tgl_selesai": errors.optional(record, "tgl_selesai", parse_date),
            "hasil": codes.code("hasil", text(record.get("hasil"))),
            "nilai_hak": Decimal("0.00") if nilai_hak is None else nilai_hak,
            "kode_ro": errors.optional(record, "kode_ro", parse_kode_ro),
            **_identity(ctx.pii_key, record, tgl_aduan),
        }
        if row["no_aduan"] is None:
            errors.add(record, "no_aduan", "nomor pengaduan kosong")
        must_match_name(errors, record, "kdsatker", row["kdsatker"], ctx.name.kdsatker)
        rows.append(row)
    unique_rows(errors, [r for r in rows if r["no_aduan"]], ["no_aduan"], "nomor pengaduan")
    errors.raise_if_any()
    return Parsed(
        rows=rows,
        facts=ctx.name,
        delivery_key=f"pengaduan:{ctx.name.kdsatker}",
        amount_total=money_total(rows, "nilai_hak"),
        counts=codes.counts,
    )


FEED = Feed(
    name="pengaduan",
    name_pattern=name_pattern(r"PENGADUAN_(\d{6})_(\d{8})"),
    name_hint="PENGADUAN_<kdsatker>_<YYYYMMDD>",
    columns=COLUMNS,
    raw_columns=RAW_COLUMNS,
    parse=parse,
    name_facts=_name_facts,
    needs_pii_key=True,
)
