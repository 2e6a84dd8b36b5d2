"""indikator/: the indicator catalogue and each office's yearly targets (`INDIKATOR_<thang>`)."""

from __future__ import annotations

import re

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
from pipelines.ingest.feeds.peta_hasil import parse_scope
from pipelines.ingest.layout import Column, Table
from pipelines.ingest.values import ValueProblem, parse_kode_ro, parse_number, parse_year

TINGKAT = {"outcome", "output", "dukungan"}
ARAH = {"naik", "turun"}
SATUAN = {
    "%": "%",
    "rp": "Rp",
    "orang": "Orang",
    "hari": "Hari",
    "laporan": "Laporan",
    "kegiatan": "Kegiatan",
    "layanan": "Layanan",
    "unit": "Unit",
}
MEASURES = {
    "kasus_selesai_pct",
    "hak_dipulihkan_rp",
    "pmi_dipulangkan",
    "median_hari_selesai",
    "tidak_diukur",
}

COLUMNS = [
    THANG,
    Column("indikator_id", ["kode indikator", "indikator"]),
    Column("nama", ["nama indikator", "uraian"]),
    Column("tingkat", ["tingkat", "level"]),
    Column("satuan", ["satuan"]),
    Column("arah", ["arah", "polaritas"]),
    Column("ukuran", ["ukuran", "sumber data"]),
    Column("kdsatker", ["kdsatker", "kode satker", "satker"], required=False),
    Column("target", ["target"], required=False),
]

RAW_COLUMNS = [
    ("thang", "integer"),
    ("indikator_id", "varchar"),
    ("nama", "varchar"),
    ("tingkat", "varchar"),
    ("satuan", "varchar"),
    ("arah", "varchar"),
    ("ukuran", "varchar"),
    ("kdsatker", "varchar"),
    ("target", "decimal(18,4)"),
]


def _choice(allowed: set[str], what: str):  # noqa: ANN202 - small parser factory
    def parse(value: object) -> str:
        key = str(value).strip().lower()
        if key not in allowed:
            raise ValueProblem(f"{what} '{value}' tidak dikenal ({', '.join(sorted(allowed))})")
        return key

    return parse


def parse_satuan(value: object) -> str:
    """The unit in its canonical spelling (decides whether a target is pro-rated)."""
    key = str(value).strip().lower()
    if key not in SATUAN:
        raise ValueProblem(f"satuan '{value}' tidak dikenal ({', '.join(SATUAN.values())})")
    return SATUAN[key]


def parse_ukuran(value: object) -> str:
    """A measure name of the warehouse contract, or `volume_ro:<kode_ro>`."""
    raw = str(value).strip()
    if raw.lower() in MEASURES:
        return raw.lower()
    if raw.lower().startswith("volume_ro:"):
        return "volume_ro:" + parse_kode_ro(raw.split(":", 1)[1])
    raise ValueProblem(
        f"ukuran '{raw}' tidak dikenal ({', '.join(sorted(MEASURES))}, volume_ro:<kode_ro>)"
    )


def _name_facts(m: re.Match[str]) -> NameFacts:
    return NameFacts(thang=int(m[1]))


def parse(table: Table, ctx: Context) -> Parsed:
    """Type catalogue rows (`*`) and target rows (an office code)."""
    errors = RowErrors(table)
    rows = []
    for record in table.records:
        indikator = text(record.get("indikator_id"))
        row = {
            "_row_number": record.number,
            "thang": errors.value(record, "thang", parse_year),
            "indikator_id": indikator.upper() if indikator else None,
            "nama": text(record.get("nama")),
            "tingkat": errors.value(record, "tingkat", _choice(TINGKAT, "tingkat")),
            "satuan": errors.value(record, "satuan", parse_satuan),
            "arah": errors.value(record, "arah", _choice(ARAH, "arah")),
            "ukuran": errors.value(record, "ukuran", parse_ukuran),
            "kdsatker": errors.value(record, "kdsatker", parse_scope),
            "target": errors.optional(record, "target", parse_number),
        }
        if indikator is None:
            errors.add(record, "indikator_id", "kode indikator kosong")
        must_match_name(errors, record, "thang", row["thang"], ctx.name.thang)
        rows.append(row)
    if not rows:
        errors.add(table.header_row, None, "file tidak berisi baris indikator")
    unique_rows(
        errors,
        [r for r in rows if r["indikator_id"]],
        ["indikator_id", "kdsatker"],
        "indikator / satker",
    )
    errors.raise_if_any()
    return Parsed(rows=rows, facts=ctx.name, delivery_key=f"indikator:{ctx.name.thang}")


FEED = Feed(
    name="indikator",
    name_pattern=name_pattern(r"INDIKATOR_(\d{4})"),
    name_hint="INDIKATOR_<thang>",
    columns=COLUMNS,
    raw_columns=RAW_COLUMNS,
    parse=parse,
    name_facts=_name_facts,
)
