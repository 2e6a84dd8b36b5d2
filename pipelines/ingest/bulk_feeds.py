"""The big feeds' row rules on whole columns: sp2d, pengaduan, capaian_ro.

Each function here is its feed module's `parse` written column-wise, for a
CSV (`bulk_csv`) or a workbook (`bulk_xlsx`) alike: the same parsers
(`values.py`, `pii.py`, `codes.py`) on the same cells, through
`distinct_values` (once per distinct cell) or `vector_values` (Arrow rules
for amounts, SP2D numbers and text), the same checks against the file name,
the same uniqueness rule, the same ledger facts. It only ever accepts:
wherever `parse` would record a problem, a rule raises `Declined` and the file
goes to `parse` itself, which rejects it with today's rows and messages.

Why these three: SP2D lines and case rows are most of a national night's rows;
capaian_ro is cheap to add with the same helpers. DIPA, RPD, the mapping and
the indicators stay row-wise: their files are small and their rules (wide RPD
layouts, `*` scopes, revisions) gain nothing from columns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.ingest import distinct_values as dv
from pipelines.ingest import vector_values as vv
from pipelines.ingest.bulk_columns import Columns
from pipelines.ingest.bulk_identity import identity_columns
from pipelines.ingest.codes import CodeNormaliser
from pipelines.ingest.feeds.base import BUDGET_CODE_RAW, CODE_PARTS, Context, NameFacts, text
from pipelines.ingest.feeds.pengaduan import parse_status
from pipelines.ingest.feeds.sp2d import parse_jenis_spm, parse_no_sp2d
from pipelines.ingest.values import (
    budget_code_from_parts,
    is_blank,
    parse_budget_code,
    parse_date,
    parse_kode_ro,
    parse_money,
    parse_month,
    parse_number,
    parse_office,
    parse_year,
)
from pipelines.ingest.vector_values import Declined

STRING = pa.string()
MONEY = pa.decimal128(18, 2)
VOLUME = pa.decimal128(18, 4)
DECIMAL_DIGITS = 28
"""Python's default decimal context: a file total with more significant digits would be
rounded by the row-wise `money_total`, so such a file is left to it."""


@dataclass
class BulkParsed:
    """A file parsed column-wise: what `feeds.base.Parsed` holds, as Arrow columns."""

    columns: dict[str, pa.Array]
    numbers: pa.Array
    facts: NameFacts
    delivery_key: str
    amount_total: Decimal | None = None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def row_count(self) -> int:
        """Rows to write."""
        return len(self.numbers)


def _constant(value: Any, kind: pa.DataType, length: int) -> pa.Array:
    return pa.repeat(pa.scalar(value, kind), length)


def _office(table: Columns, promised: str | None) -> pa.Array:
    """`parse_office` per distinct cell; every row must name the file's office."""
    offices = dv.by_distinct(table.get("kdsatker"), parse_office, STRING)
    if promised is not None:
        vv.require(pc.equal(offices, promised), "an office other than the file name's")
    return offices


def _optional(
    table: Columns, name: str, rule: Callable[[dv.Cells], pa.Array], kind: pa.DataType
) -> pa.Array:
    """A rule on an optional column; all null when the file has no such column."""
    values = table.get(name)
    return _constant(None, kind, len(table)) if values is None else rule(values)


def _text(values: dv.Cells) -> pa.Array:
    """`feeds.base.text` of a column."""
    return dv.column_rule(values, vv.text, text, STRING)


def _money(values: dv.Cells, blank_is_zero: bool = False) -> pa.Array:
    """`parse_money` of a column (`blank_is_zero`: an empty cell is 0, as for `nilai_hak`)."""
    if not isinstance(values, list):
        return vv.money(values, blank_is_zero=blank_is_zero)
    numbers = vv.money_cells(values, blank_is_zero=blank_is_zero)
    if numbers is not None:
        return numbers
    return dv.by_distinct(values, _money_or_zero if blank_is_zero else parse_money, MONEY)


def _money_or_zero(cell: object) -> Decimal:
    """An optional amount whose contract says empty means 0 (`nilai_hak`)."""
    return Decimal("0.00") if is_blank(cell) else parse_money(cell)


def _unique(values: pa.Array, what: str) -> None:
    vv.require(pc.count_distinct(values).as_py() == len(values), f"duplicate {what}")


def _total(amounts: pa.Array) -> Decimal:
    """`feeds.base.money_total`, exactly (scale 2)."""
    magnitude = pc.sum(pc.abs(amounts)).as_py() if len(amounts) else None
    if magnitude is not None:
        # Every partial sum of the row-wise total stays below this: none is rounded.
        vv.require(magnitude < Decimal(10) ** (DECIMAL_DIGITS - 2), "a total beyond precision")
    total = pc.sum(amounts).as_py() if len(amounts) else None
    return Decimal("0.00") + (Decimal("0.00") if total is None else total)


# --- sp2d ---------------------------------------------------------------------------------------


def _budget_code(kode: object, *parts: object) -> tuple[str, ...]:
    """`feeds.base.budget_code_fields` for one combination of cells."""
    blank = is_blank(kode)
    code = budget_code_from_parts(list(parts)) if blank else parse_budget_code(kode)
    return (
        code.kode_anggaran,
        code.program,
        code.kegiatan,
        code.kro,
        code.ro,
        code.komponen,
        code.subkomponen,
        code.akun,
        code.kode_ro,
    )


def budget_code_columns(table: Columns) -> dict[str, pa.Array]:
    """The normalised code and its parts, per distinct combination of the code columns."""
    sources = [table.get("kode_anggaran"), *(table.get(p) for p in CODE_PARTS)]
    names = [name for name, _ in BUDGET_CODE_RAW]
    arrays = dv.by_distinct_rows(sources, _budget_code, [STRING] * len(names))
    return dict(zip(names, arrays, strict=True))


def sp2d(table: Columns, ctx: Context) -> BulkParsed:
    """`feeds.sp2d.parse`, column-wise."""
    name = ctx.name
    if name.thang is None or name.bulan is None:
        raise Declined("no period in the file name")
    n = len(table)
    tgl = dv.by_distinct(table.get("tgl_sp2d"), parse_date, pa.date32())
    in_month = pc.and_(pc.equal(pc.year(tgl), name.thang), pc.equal(pc.month(tgl), name.bulan))
    vv.require(in_month, "a date outside the file's month")
    columns = {
        "kdsatker": _office(table, name.kdsatker),
        "thang": _constant(name.thang, pa.int32(), n),
        "bulan": _constant(name.bulan, pa.int32(), n),
        "no_sp2d": dv.column_rule(
            table.get("no_sp2d"),
            lambda v: vv.fixed_digits(v, 15, "no_sp2d"),
            parse_no_sp2d,
            STRING,
        ),
        "tgl_sp2d": tgl,
        **budget_code_columns(table),
        "nilai": _money(table.get("nilai")),
        "jenis_spm": _optional(
            table,
            "jenis_spm",
            lambda v: dv.by_distinct(v, dv.optional(parse_jenis_spm), STRING),
            STRING,
        ),
        "uraian": _optional(table, "uraian", _text, STRING),
    }
    pair = pc.binary_join_element_wise(columns["no_sp2d"], columns["kode_anggaran"], "\x00")
    _unique(pair, "no_sp2d / kode_anggaran")
    return BulkParsed(
        columns=columns,
        numbers=table.numbers,
        facts=name,
        delivery_key=f"sp2d:{name.kdsatker}:{name.thang}{name.bulan:02d}",
        amount_total=_total(columns["nilai"]),
    )


# --- pengaduan ----------------------------------------------------------------------------------

CODED = ("kanal", "negara_penempatan", "jenis_masalah", "hasil")


def _coded(codes: CodeNormaliser, column: str, values: pa.Array) -> pa.Array:
    """`CodeNormaliser.code` per distinct text, counting replacements once per row."""
    encoded = pc.dictionary_encode(values)
    occurrences = dict(
        zip(
            *(pc.value_counts(encoded.indices).field(f).to_pylist() for f in ("values", "counts")),
            strict=True,
        )
    )
    out = []
    for index, value in enumerate(encoded.dictionary.to_pylist()):
        before = codes.replaced[column]
        out.append(codes.code(column, value))
        if codes.replaced[column] != before:
            codes.replaced[column] += occurrences.get(index, 0) - 1
    return pa.array(out, type=STRING).take(encoded.indices)


def pengaduan(table: Columns, ctx: Context) -> BulkParsed:
    """`feeds.pengaduan.parse`, column-wise; identifiers are read only to hash and derive."""
    if ctx.pii_key is None:
        raise Declined("no PII key")
    name = ctx.name
    n = len(table)
    codes = CodeNormaliser()
    tgl_aduan = dv.by_distinct(table.get("tgl_aduan"), parse_date, pa.date32())
    no_aduan = _text(table.get("no_aduan"))
    vv.require(pc.invert(pc.is_null(no_aduan)), "an empty no_aduan")
    _unique(no_aduan, "no_aduan")
    zero = _constant(Decimal("0.00"), MONEY, n)
    nilai_hak = _optional(table, "nilai_hak", lambda v: _money(v, blank_is_zero=True), MONEY)
    coded = {
        column: _coded(codes, column, _optional(table, column, _text, STRING)) for column in CODED
    }
    columns = {
        "snapshot_date": _constant(name.snapshot_date, pa.date32(), n),
        "kdsatker": _office(table, name.kdsatker),
        "no_aduan": no_aduan,
        "tgl_aduan": tgl_aduan,
        **coded,
        "status": dv.by_distinct(table.get("status"), parse_status, STRING),
        "tgl_selesai": _optional(
            table,
            "tgl_selesai",
            lambda v: dv.by_distinct(v, dv.optional(parse_date), pa.date32()),
            pa.date32(),
        ),
        "nilai_hak": nilai_hak if table.get("nilai_hak") is not None else zero,
        "kode_ro": _optional(
            table,
            "kode_ro",
            lambda v: dv.by_distinct(v, dv.optional(parse_kode_ro), STRING),
            STRING,
        ),
        **identity_columns(
            ctx.pii_key,
            table.get("nik"),
            table.get("no_paspor"),
            table.get("jenis_kelamin"),
            tgl_aduan,
        ),
    }
    return BulkParsed(
        columns=columns,
        numbers=table.numbers,
        facts=name,
        delivery_key=f"pengaduan:{name.kdsatker}",
        amount_total=_total(columns["nilai_hak"]),
        counts=codes.counts,
    )


# --- capaian_ro ---------------------------------------------------------------------------------


def capaian_ro(table: Columns, ctx: Context) -> BulkParsed:
    """`feeds.capaian_ro.parse`, column-wise."""
    name = ctx.name
    thang = dv.by_distinct(table.get("thang"), parse_year, pa.int32())
    bulan = dv.by_distinct(table.get("bulan"), parse_month, pa.int32())
    for found, promised in ((thang, name.thang), (bulan, name.bulan)):
        if promised is not None:
            vv.require(pc.equal(found, promised), "a period other than the file name's")
    (kode_ro,) = dv.by_distinct_rows(
        [table.get("kode_ro"), table.get("kdgiat")],
        lambda kode, kdgiat: (parse_kode_ro(kode, kdgiat),),
        [STRING],
    )
    _unique(kode_ro, "kode_ro")
    columns = {
        "thang": thang,
        "bulan": bulan,
        "kdsatker": _office(table, name.kdsatker),
        "kode_ro": kode_ro,
        "satuan": _optional(table, "satuan", _text, STRING),
        "target": _optional(
            table,
            "target",
            lambda v: dv.by_distinct(v, dv.optional(parse_number), VOLUME),
            VOLUME,
        ),
        "volume": dv.by_distinct(table.get("volume"), parse_number, VOLUME),
    }
    return BulkParsed(
        columns=columns,
        numbers=table.numbers,
        facts=name,
        delivery_key=f"capaian_ro:{name.kdsatker}:{name.thang}{name.bulan:02d}",
    )


PARSERS: dict[str, Callable[[Columns, Context], BulkParsed]] = {
    "sp2d": sp2d,
    "pengaduan": pengaduan,
    "capaian_ro": capaian_ro,
}
"""Feeds whose CSV files may take the bulk path."""
