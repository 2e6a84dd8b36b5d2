"""Read what the report shows from the published marts, in one read-only session.

Only contract columns are read, so the report and the BI tools agree on every
figure. Tables added to the contract later (the yardsticks) may be missing
from an older published file: `available` says which marts exist, and each
section of the page that needs a missing one says so instead of failing.

The thresholds the charts draw as guide lines are read the same way: from the
dated parameter tables the publish step copies into `meta` (the seeds the
marts were classified with), for the report's year. An older file without
them has no guide lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any, TypeVar

import duckdb

# Largest untraced lines listed on an office's sheet (more would not fit one A4 page).
UNTRACED_LINES_PER_OFFICE = 5
# `marts.delivery_status.status` of a month with no accepted file after its deadline.
OVERDUE_STATUS = "lewat tenggat"
ZERO = Decimal(0)
# A `meta` table with these columns is a dated parameter table (one row per parameter).
PARAMETER_COLUMNS = frozenset({"thang_mulai", "parameter", "nilai"})


@dataclass(frozen=True)
class Office:
    """One row of `marts.office_scorecard` for the report's year."""

    kdsatker: str
    nama_satker: str | None
    bulan_berjalan: int | None
    pagu: Decimal | None
    blokir: Decimal | None
    realisasi: Decimal | None
    penyerapan_pct: Decimal | None
    realisasi_untraced: Decimal | None
    untraced_pct: Decimal | None
    kasus_diterima: int | None
    kasus_selesai: int | None
    hak_dipulihkan_rp: Decimal | None
    biaya_per_kasus_selesai: Decimal | None
    rp_hak_per_rp_belanja: Decimal | None
    rasio_serapan: Decimal | None
    rasio_hasil: Decimal | None
    orientasi: str | None

    @property
    def display_name(self) -> str:
        """Name to show; an office code missing from the reference list shows its code."""
        return self.nama_satker or f"Satker {self.kdsatker}"

    @property
    def short_name(self) -> str:
        """Chart label: the province, without the repeated 'BP3MI' prefix."""
        return self.display_name.removeprefix("BP3MI ").strip() or self.kdsatker

    @property
    def pagu_efektif(self) -> Decimal:
        """Spendable pagu (pagu minus the frozen blokir), the base of absorption."""
        return (self.pagu or ZERO) - (self.blokir or ZERO)


@dataclass(frozen=True)
class Execution:
    """One row of `marts.office_execution`: the IKPA-like yardstick beside the outcome one."""

    kdsatker: str
    bulan_berjalan: int | None
    deviasi_rpd_pct: Decimal | None
    nilai_deviasi: Decimal | None
    triwulan_selesai: int | None
    nilai_penyerapan: Decimal | None
    nilai_capaian_output: Decimal | None
    nilai_eksekusi: Decimal | None
    predikat_eksekusi: str | None
    rasio_hasil: Decimal | None
    orientasi: str | None
    rapor_vs_hasil: str | None
    realisasi_perjalanan_rapat_honor: Decimal | None
    perjalanan_rapat_honor_pct: Decimal | None
    perjalanan_rapat_honor_per_kasus_selesai: Decimal | None


@dataclass(frozen=True)
class ExecutionMonth:
    """An office's month of `marts.execution_month`, summed over jenis_belanja."""

    kdsatker: str
    bulan: int
    pagu_efektif: Decimal | None
    rencana_bulan: Decimal | None  # None: the office has no plan (RPD) for the year
    realisasi_bulan: Decimal | None
    rencana_kumulatif: Decimal | None
    realisasi_kumulatif: Decimal | None


@dataclass(frozen=True)
class CompositionRow:
    """One spending group of an office, from `marts.spending_composition`."""

    kdsatker: str
    kelompok_belanja: str
    realisasi: Decimal
    porsi_pct: Decimal | None
    realisasi_traced: Decimal | None


@dataclass(frozen=True)
class UntracedLine:
    """One of an office's largest untraced budget lines (`marts.untraced_spending`)."""

    kdsatker: str
    kode_anggaran: str
    uraian: str | None
    realisasi: Decimal


@dataclass(frozen=True)
class MonthRow:
    """One (office, month) row of `marts.office_month`."""

    kdsatker: str
    bulan: int
    realisasi_kumulatif: Decimal | None
    penyerapan_kumulatif_pct: Decimal | None
    kasus_selesai_bulan: int | None


@dataclass(frozen=True)
class Indicator:
    """An outcome indicator with a target, as it feeds `rasio_hasil`."""

    kdsatker: str
    indikator_id: str
    nama_indikator: str | None
    satuan: str | None
    capaian_pct: Decimal | None


@dataclass(frozen=True)
class DeliveryIssue:
    """A file an office must send (again): rejected with an error, or overdue."""

    kdsatker: str
    kind: str  # "rejected" (marts.file_deliveries) or "overdue" (marts.delivery_status)
    feed: str
    thang: int | None
    bulan: int | None
    file_name: str | None = None
    landed_at: dt.datetime | None = None
    error: str | None = None
    tanggal_tenggat: dt.date | None = None
    jumlah_berkas_ditolak: int = 0


@dataclass
class ReportData:
    """Everything the page shows for the latest fiscal year."""

    thang: int | None
    available: frozenset[str] = frozenset()
    offices: list[Office] = field(default_factory=list)
    execution: dict[str, Execution] = field(default_factory=dict)
    execution_months: dict[str, list[ExecutionMonth]] = field(default_factory=dict)
    composition: dict[str, list[CompositionRow]] = field(default_factory=dict)
    untraced: dict[str, list[UntracedLine]] = field(default_factory=dict)
    untraced_count: dict[str, int] = field(default_factory=dict)
    months: list[MonthRow] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    delivery_issues: dict[str, list[DeliveryIssue]] = field(default_factory=dict)
    published_at: dt.datetime | None = None
    run_id: str | None = None
    parameters: dict[str, Decimal] = field(default_factory=dict)
    """Parameter name -> value in force for `thang`, from the `meta` parameter tables."""

    def has(self, table: str) -> bool:
        """Whether `marts.<table>` exists in the published file."""
        return table in self.available


T = TypeVar("T")


def _fetch(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[dict]:
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _rows(
    con: duckdb.DuckDBPyConnection, kind: type[T], sql: str, params: Sequence[Any] = ()
) -> list[T]:
    return [kind(**r) for r in _fetch(con, sql, params)]


def _columns(kind: type) -> str:
    return ", ".join(f.name for f in fields(kind))


def _group(items: Sequence[T]) -> dict[str, list[T]]:
    out: dict[str, list[T]] = {}
    for item in items:
        out.setdefault(item.kdsatker, []).append(item)  # type: ignore[attr-defined]
    return out


def _schema_tables(con: duckdb.DuckDBPyConnection, schema: str) -> frozenset[str]:
    found = con.execute(
        "select table_name from duckdb_tables() where schema_name = ?", [schema]
    ).fetchall()
    return frozenset(name for (name,) in found)


def load_report_data(con: duckdb.DuckDBPyConnection) -> ReportData:
    """Read the latest year's marts; a missing mart leaves its part of `ReportData` empty."""
    available = _schema_tables(con, "marts")
    data = ReportData(thang=None, available=available)
    if "publication" in _schema_tables(con, "meta"):
        pub = con.execute("select published_at, run_id from meta.publication limit 1").fetchone()
        if pub:
            data.published_at, data.run_id = pub
    if not data.has("office_scorecard"):
        return data
    data.thang = con.execute("select max(thang) from marts.office_scorecard").fetchone()[0]
    if data.thang is None:
        return data
    data.parameters = load_parameters(con, data.thang)
    thang = [data.thang]
    data.offices = _rows(
        con,
        Office,
        f"select {_columns(Office)} from marts.office_scorecard where thang = ? order by kdsatker",
        thang,
    )
    if data.has("untraced_spending"):
        _load_untraced(con, data)
    if data.has("office_month"):
        data.months = _rows(
            con,
            MonthRow,
            f"select {_columns(MonthRow)} from marts.office_month where thang = ? "
            "order by kdsatker, bulan",
            thang,
        )
    if data.has("indicator_achievement"):
        data.indicators = _rows(
            con,
            Indicator,
            f"select {_columns(Indicator)} from marts.indicator_achievement where thang = ? "
            "and tingkat = 'outcome' and target is not null order by kdsatker, indikator_id",
            thang,
        )
    if data.has("office_execution"):
        data.execution = {
            e.kdsatker: e
            for e in _rows(
                con,
                Execution,
                f"select {_columns(Execution)} from marts.office_execution where thang = ?",
                thang,
            )
        }
    if data.has("execution_month"):
        data.execution_months = _group(
            _rows(
                con,
                ExecutionMonth,
                "select kdsatker, bulan, sum(pagu_efektif) as pagu_efektif, "
                "sum(rencana_bulan) as rencana_bulan, sum(realisasi_bulan) as realisasi_bulan, "
                "sum(rencana_kumulatif) as rencana_kumulatif, "
                "sum(realisasi_kumulatif) as realisasi_kumulatif "
                "from marts.execution_month where thang = ? group by kdsatker, bulan "
                "order by kdsatker, bulan",
                thang,
            )
        )
    if data.has("spending_composition"):
        data.composition = _group(
            _rows(
                con,
                CompositionRow,
                f"select {_columns(CompositionRow)} from marts.spending_composition "
                "where thang = ? order by kdsatker, realisasi desc, kelompok_belanja",
                thang,
            )
        )
    data.delivery_issues = _group(_load_delivery_issues(con, data))
    return data


def load_parameters(con: duckdb.DuckDBPyConnection, thang: int) -> dict[str, Decimal]:
    """The value of every parameter in force for `thang` (its row with the latest
    `thang_mulai` not after it), from every `meta` table of (thang_mulai, parameter, nilai).

    A name found in two tables with different values is left out: the report
    cannot tell which one the marts used, so it draws no line rather than a
    wrong one."""
    columns: dict[str, set[str]] = {}
    for table, column in con.execute(
        "select table_name, column_name from duckdb_columns() where schema_name = 'meta'"
    ).fetchall():
        columns.setdefault(table, set()).add(column)
    found: dict[str, set[Decimal]] = {}
    for table in sorted(t for t, cols in columns.items() if cols >= PARAMETER_COLUMNS):
        rows = con.execute(
            f"select parameter, nilai from meta.{table} where thang_mulai <= ? "
            "qualify row_number() over (partition by parameter order by thang_mulai desc) = 1",
            [thang],
        ).fetchall()
        for name, value in rows:
            if value is not None:
                found.setdefault(name, set()).add(Decimal(str(value)))
    return {name: values.pop() for name, values in found.items() if len(values) == 1}


def _load_untraced(con: duckdb.DuckDBPyConnection, data: ReportData) -> None:
    rows = _fetch(
        con,
        "select kdsatker, kode_anggaran, uraian, realisasi, "
        "count(*) over (partition by kdsatker) as n from marts.untraced_spending "
        "where thang = ? qualify row_number() over "
        "(partition by kdsatker order by realisasi desc, kode_anggaran) <= ? "
        "order by kdsatker, realisasi desc, kode_anggaran",
        [data.thang, UNTRACED_LINES_PER_OFFICE],
    )
    for r in rows:
        n = r.pop("n")
        data.untraced.setdefault(r["kdsatker"], []).append(UntracedLine(**r))
        data.untraced_count[r["kdsatker"]] = n


def _load_delivery_issues(con: duckdb.DuckDBPyConnection, data: ReportData) -> list[DeliveryIssue]:
    """Rejected files still to be replaced, then overdue months: what each office must send.

    A rejected file no longer needs sending once an accepted delivery of the
    same data (feed, office, year, month) landed after it; telling an office
    head to resend what was already corrected would waste the meeting.
    Overdue months come from `delivery_status` whatever their year: a month
    still missing is owed even when the report has moved on to a new year.
    """
    issues: list[DeliveryIssue] = []
    if data.has("file_deliveries"):
        issues += [
            DeliveryIssue(kind="rejected", **r)
            for r in _fetch(
                con,
                "select f.kdsatker, f.feed, f.thang, f.bulan, f.file_name, f.landed_at, f.error "
                "from marts.file_deliveries as f where f.status = 'rejected' "
                "and f.kdsatker is not null and (f.thang = ? or f.thang is null) "
                "and not exists (select 1 from marts.file_deliveries as g "
                "where g.status <> 'rejected' and g.feed = f.feed and g.kdsatker = f.kdsatker "
                "and g.thang is not distinct from f.thang and g.bulan is not distinct from f.bulan "
                "and g.landed_at > f.landed_at) "
                "order by f.kdsatker, f.landed_at desc, f.file_name",
                [data.thang],
            )
        ]
    if data.has("delivery_status"):
        issues += [
            DeliveryIssue(kind="overdue", **r)
            for r in _fetch(
                con,
                "select kdsatker, feed, thang, bulan, tanggal_tenggat, jumlah_berkas_ditolak "
                "from marts.delivery_status where status = ? order by kdsatker, thang, bulan, feed",
                [OVERDUE_STATUS],
            )
        ]
    return issues
