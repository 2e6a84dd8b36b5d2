"""The format variants of the source-export contract that the sample must exercise.

The generator tags each good file with the variants it really uses; this list
is the contract side, so a change that silently drops a variant is reported.
"""

from __future__ import annotations

from collections.abc import Mapping

from sample_data.feeds import INDIKATOR_HEADERS, PETA_HEADERS
from sample_data.formats import RPD_LONG_SYNONYMS, SYNONYMS
from sample_data.rpd import TYPE_NAMES
from sample_data.writers import DATE_TEXT_FORMATS, HEADER_CASES, MONEY_FORMATS


def required() -> list[str]:
    """Every variant tag that must occur in at least one good file."""
    tags = [
        "csv:delimiter=semicolon",
        "csv:delimiter=comma",
        "csv:encoding=utf-8",
        "csv:encoding=utf-8-sig",
        "csv:encoding=cp1252",
        "csv:non_ascii_in_cp1252",
        "csv:non_ascii_in_utf-8",
        "csv:quoted_delimiter",
        "csv:quoted_line_break",
        "xlsx:merged_title",
        "xlsx:total_label_in_second_column",
        "xlsx:second_worksheet",
        "xlsx:numbers_as_text",
        "xlsx:numbers_as_numeric",
        "xlsx:negative_numeric",
        "xlsx:date_cell_style=1",
        "xlsx:date_cell_style=2",
        "xlsx:date_cell_style=3",
        "xlsx:date_serial_number",
        "xlsx:date_text",
        "money:negative_minus",
        "money:negative_paren",
        "money:with_cents",
        "date:short_august=Agu",
        "date:short_august=Agt",
        "header:bracket_rp_added",
        "extra_columns",
        "office_value:code",
        "office_value:named",
        "name_suffix:_koreksi",
        "name_suffix:_2",
        "name_suffix:(1)",
        "capaian:bulan_as_name",
        "capaian:bulan_as_number",
        "capaian:kode_ro_without_kegiatan",
        "capaian:kode_ro_full",
        "pengaduan:sex_full_words",
        "pengaduan:sex_L_P",
        "dipa:blokir_zero_as_empty",
        "peta_hasil:office_empty_means_all",
        "peta_hasil:office_star",
    ]
    tags += [
        "rpd:layout=long",
        "rpd:layout=wide",
        "rpd:jenis=code",
        "rpd:jenis=long_name",
        "rpd:jenis=short_name",
        "rpd:bulan_as_name",
        "rpd:bulan_as_number",
        "rpd:month_headers=short",
        "rpd:month_headers=short_upper",
        "rpd:month_headers=full",
        "rpd:row_total=Jumlah",
        "rpd:row_total=Total",
        "rpd:berlaku_mulai_as_name",
        "rpd:berlaku_mulai_as_number",
        "rpd:update",
        "rpd:zero_type_row",
        "rpd:zero_rows_omitted",
    ]
    tags += [f"rpd:jenis_value={label}" for names in TYPE_NAMES.values() for label in names]
    tags += [f"xlsx:title_rows={n}" for n in range(1, 7)]
    tags += [f"xlsx:total_row={label}" for label in ("JUMLAH", "TOTAL", "Jumlah Total")]
    tags += [f"money:{k}" for k in MONEY_FORMATS]
    tags += [f"date:{k}" for k in DATE_TEXT_FORMATS]
    tags += [f"header_case:{k}" for k in HEADER_CASES]
    for feed in ("dipa", "sp2d"):
        tags += [
            f"code:{feed}:seven_columns",
            f"code:{feed}:kode_anggaran",
            f"code:{feed}:kode_anggaran:prefixed",
            f"code:{feed}:kode_akun_lengkap",
            f"code:{feed}:kode_akun_lengkap:prefixed",
        ]
    for feed, fields in SYNONYMS.items():
        for name, options in fields.items():
            tags += [f"header:{feed}.{name}={o if o is not None else '(absent)'}" for o in options]
    tags += [
        f"header:rpd.{name}={o}" for name, options in RPD_LONG_SYNONYMS.items() for o in options
    ]
    for feed, spec in (("peta_hasil", PETA_HEADERS), ("indikator", INDIKATOR_HEADERS)):
        tags += [f"header:{feed}.{f[0]}={name.lower()}" for f in spec for name in f[1:3]]
    return tags


def missing(found: Mapping[str, object]) -> list[str]:
    """Required variant tags that no good file exercises."""
    return [t for t in required() if t not in found]
