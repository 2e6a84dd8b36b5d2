"""Turn generated data into deliveries: file name, landing time, columns, rows, style.

Format choices rotate deterministically (no random draw) so that every variant
of the source-export contract is used by some file: header spellings and file
type per office (an office keeps its download habit), and spelling details
(money, dates, title and total rows) per file.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar

from sample_data import xlsx
from sample_data.budget import BudgetLine, Sp2dLine
from sample_data.cases import Case
from sample_data.reference import BULAN, INDICATORS, OFFICE_BY_CODE, THANG, Office
from sample_data.writers import DATE_TEXT_FORMATS, HEADER_CASES, MONEY_FORMATS, Column, Raw, Style, header_text, title_block

T = TypeVar("T")

SYNONYMS: dict[str, dict[str, tuple[str | None, ...]]] = {
    "dipa": {
        "thang": ("thang", "tahun anggaran", "tahun"),
        "kdsatker": ("kdsatker", "kode satker", "satker"),
        "revisi": ("revisi", "rev", "revisi ke", None),
        "uraian": ("uraian", "nmakun", "uraian akun"),
        "pagu": ("pagu", "pagu revisi", "pagu (rp)"),
        "blokir": ("blokir", "pagu blokir"),
    },
    "sp2d": {
        "kdsatker": ("kdsatker", "kode satker", "satker"),
        "no_sp2d": ("no sp2d", "nomor sp2d", "nosp2d"),
        "tgl_sp2d": ("tgl sp2d", "tanggal sp2d", "tanggal"),
        "nilai": ("nilai", "nilai sp2d", "realisasi", "jumlah (rp)"),
        "jenis_spm": ("jenis spm", "jenis"),
        "uraian": ("uraian", "deskripsi", "keterangan"),
    },
    "capaian_ro": {
        "thang": ("thang", "tahun anggaran", "tahun"),
        "bulan": ("bulan", "periode"),
        "kdsatker": ("kdsatker", "kode satker", "satker"),
        "kode_ro": ("kode ro", "kode kro/ro", "ro"),
        "kdgiat": ("kdgiat", "kode kegiatan"),
        "satuan": ("satuan", "satuan output"),
        "target": ("target", "target output ro", "volume target"),
        "volume": ("realisasi volume", "rvro", "volume bulan ini"),
    },
    "pengaduan": {
        "no_aduan": ("no aduan", "nomor pengaduan", "no tiket"),
        "tgl_aduan": ("tgl aduan", "tanggal pengaduan"),
        "kanal": ("kanal", "saluran"),
        "kdsatker": ("unit penanganan", "kdsatker", "satker"),
        "nama_pmi": ("nama pmi", "nama"),
        "nik": ("nik", "no ktp"),
        "no_paspor": ("no paspor", "paspor"),
        "no_hp": ("no hp", "telepon", "no telepon"),
        "jenis_kelamin": ("jenis kelamin", "jk", "l/p"),
        "negara": ("negara penempatan", "negara"),
        "jenis_masalah": ("jenis masalah", "kategori", "masalah"),
        "status": ("status", "status kasus"),
        "tgl_selesai": ("tgl selesai", "tanggal selesai"),
        "hasil": ("hasil penyelesaian", "hasil"),
        "nilai_hak": ("nilai hak dipulihkan", "nilai pemulihan (rp)"),
        "kode_ro": ("kode ro pembiayaan", "ro"),
    },
}
# Budget code as one string (two header names, with or without `thang.kdsatker.`) or seven columns.
CODE_STYLES = (("kode anggaran", False), ("kode akun lengkap", True), ("seven", False), ("kode anggaran", True), ("kode akun lengkap", False))
SEVEN = ("kdprogram", "kdgiat", "kdkro", "kdro", "kdkmpnen", "kdskmpnen", "kdakun")


class Chooser:
    """Deterministic rotation through the options of each named choice."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.counters: dict[str, int] = {}

    def cycle(self, dim: str, options: Sequence[T]) -> T:
        """The next option of `dim`; the first is seed-dependent, then in turn."""
        if dim not in self.counters:
            self.counters[dim] = random.Random(f"{self.seed}:{dim}").randrange(len(options))
        i = self.counters[dim]
        self.counters[dim] = i + 1
        return options[i % len(options)]


@dataclass(frozen=True)
class OfficeFormat:
    """How one office exports one feed (its download habit)."""

    fmt: str
    switch_month: int  # from this month on, the other file type (13 = never)
    delimiter: str
    encoding: str
    crlf: bool
    quote_all: bool
    header_case: str
    bracket: bool
    office_named: bool
    extras: bool
    synonyms: dict[str, str | None]
    code_style: tuple[str, bool]
    flag_a: bool  # feed-specific switches, see each *_delivery function
    flag_b: bool
    flag_c: bool


@dataclass
class Delivery:
    """One file to write, and what a correct loader must do with it."""

    feed: str
    name: str
    landed: datetime
    columns: list[Column]
    rows: list[list[object]]
    style: Style
    titles: list[str] = field(default_factory=list)
    creator: str = "SAKTI"
    tags: set[str] = field(default_factory=set)
    kdsatker: str = ""
    bad: str = ""  # expected rejection reason; "" = a good file
    truncate: bool = False  # write a corrupt (truncated) workbook


class Formats:
    """Per-office and per-file format choices for every feed."""

    def __init__(self, seed: int) -> None:
        self.ch = Chooser(seed)
        self._office: dict[tuple[str, str], OfficeFormat] = {}

    def office(self, feed: str, office: Office) -> OfficeFormat:
        """The office's habit for a feed, fixed on first use."""
        key = (feed, office.kdsatker)
        if key not in self._office:
            c = self.ch.cycle
            self._office[key] = OfficeFormat(
                fmt=c(f"{feed}:fmt", ("xlsx", "csv")),
                switch_month=c(f"{feed}:switch", (13, 13, 7)) if feed in ("sp2d", "capaian_ro") else 13,
                delimiter=c(f"{feed}:delim", (";", ",")),
                encoding=c(f"{feed}:enc", ("utf-8", "utf-8-sig", "cp1252", "utf-8-sig", "cp1252")),
                crlf=c(f"{feed}:crlf", (True, False, True)),
                quote_all=c(f"{feed}:quote_all", (False, False, False, True)),
                header_case=c(f"{feed}:case", HEADER_CASES),
                bracket=c(f"{feed}:bracket", (False, True)),
                office_named=c(f"{feed}:named", (False, True, False)),
                extras=c(f"{feed}:extras", (True, False)),
                synonyms={k: c(f"{feed}:syn:{k}", v) for k, v in SYNONYMS.get(feed, {}).items()},
                code_style=c(f"{feed}:code", CODE_STYLES),
                flag_a=c(f"{feed}:flag_a", (False, True)),
                flag_b=c(f"{feed}:flag_b", (True, False, False)),
                flag_c=c(f"{feed}:flag_c", (False, True, True, False, True)),
            )
        return self._office[key]

    def style(self, feed: str, pf: OfficeFormat, month: int = 1) -> Style:
        """A file's style: the office habit plus per-file spelling details."""
        c = self.ch.cycle
        fmt = pf.fmt if month < pf.switch_month else ("csv" if pf.fmt == "xlsx" else "xlsx")
        common = {
            "money_text": c(f"{feed}:money", MONEY_FORMATS),
            "negative": c(f"{feed}:neg", ("minus", "paren")),
            "date_text": c(f"{feed}:date", DATE_TEXT_FORMATS),
            "aug": c(f"{feed}:aug", ("Agu", "Agt")),
        }
        if fmt == "csv":
            return Style(fmt="csv", delimiter=pf.delimiter, encoding=pf.encoding, quote_all=pf.quote_all, crlf=pf.crlf, **common)
        return Style(
            fmt="xlsx",
            title_rows=c(f"{feed}:titles", (1, 2, 3, 4, 5, 6)),
            merge_title=c(f"{feed}:merge", (False, True, False)),
            total_label=c(f"{feed}:total", ("", "JUMLAH", "TOTAL", "Jumlah Total")),
            total_in_second_col=c(f"{feed}:total_col", (False, False, True)),
            numbers_as_text=c(f"{feed}:num_text", (False, True)),
            date_mode=c(f"{feed}:date_mode", ("cell", "serial", "text")),
            date_cell_style=c(f"{feed}:date_style", (xlsx.DATE_DMY_SLASH, xlsx.DATE_BUILTIN, xlsx.DATE_DMY_DASH)),
            notes_sheet=c(f"{feed}:notes", (False, False, False, True)),
            **common,
        )


def _col(pf: OfficeFormat, field_name: str, kind: str = "text", total: bool = False, feed: str = "") -> Column | None:
    name = pf.synonyms[field_name]
    if name is None:
        return None
    return Column(header_text(name, pf.header_case, money=kind == "money", bracket=pf.bracket), kind, total)


def _header_tags(pf: OfficeFormat, feed: str) -> set[str]:
    tags = {f"header_case:{pf.header_case}"}
    if pf.bracket:
        tags.add("header:bracket_rp_added")
    for k, v in pf.synonyms.items():
        tags.add(f"header:{feed}.{k}={v if v is not None else '(absent)'}")
    return tags


def _office_value(office: Office, named: bool) -> str:
    return office.label if named else office.kdsatker


def _code_columns(pf: OfficeFormat) -> list[Column]:
    name, _ = pf.code_style
    if name == "seven":
        return [Column(header_text(n, pf.header_case)) for n in SEVEN]
    return [Column(header_text(name, pf.header_case))]


def _code_values(pf: OfficeFormat, line: BudgetLine, kdsatker: str) -> list[object]:
    name, prefixed = pf.code_style
    if name == "seven":
        return list(line.parts)
    return [f"{THANG}.{kdsatker}.{line.code}" if prefixed else line.code]


def _code_tags(pf: OfficeFormat, feed: str) -> set[str]:
    name, prefixed = pf.code_style
    if name == "seven":
        return {f"code:{feed}:seven_columns"}
    return {f"code:{feed}:{name.replace(' ', '_')}{':prefixed' if prefixed else ''}"}


def _titles(style: Style, title: str, office: Office | None, periode: str, landed: datetime) -> list[str]:
    satker = f"Satker : {office.label}" if office else "Unit : Biro Perencanaan"
    return title_block(title, satker, periode, style.title_rows, f"Tanggal cetak : {landed:%d-%m-%Y %H:%M}")


def dipa_delivery(
    fm: Formats, office: Office, revisi: int, lines: list[BudgetLine], landed: datetime, suffix: str = "", duplicate: bool = False
) -> Delivery:
    """A DIPA file; `duplicate` repeats one budget line (the file must be rejected)."""
    pf = fm.office("dipa", office)
    style = fm.style("dipa", pf)
    cols: list[Column | None] = [
        Column("No", "number") if pf.extras else None,
        _col(pf, "thang"),
        _col(pf, "kdsatker"),
        _col(pf, "revisi"),
        *_code_columns(pf),
        _col(pf, "uraian"),
        _col(pf, "pagu", "money", total=True),
        _col(pf, "blokir", "money", total=True),
        Column("Sumber Dana") if pf.extras else None,
    ]
    rows: list[list[object]] = []
    ordered = list(lines)
    if duplicate:
        ordered.insert(len(ordered) // 2, ordered[len(ordered) // 2 - 1])
    for i, ln in enumerate(ordered, start=1):
        blokir: Decimal | None = ln.blokir if (ln.blokir or not pf.flag_a) else None
        row: list[object | None] = [
            i if pf.extras else None,
            THANG,
            _office_value(office, pf.office_named),
            f"{revisi:02d}" if pf.flag_b else revisi,
            *_code_values(pf, ln, office.kdsatker),
            ln.uraian,
            ln.pagu,
            blokir,
            "RM" if pf.extras else None,
        ]
        rows.append(row)
    columns, rows = _drop_absent(cols, rows)
    tags = _header_tags(pf, "dipa") | _code_tags(pf, "dipa")
    if pf.flag_a:
        tags.add("dipa:blokir_zero_as_empty")
    title = "RINCIAN KERTAS KERJA SATKER T.A. 2026" if revisi == 0 else f"DIPA PETIKAN T.A. {THANG} REVISI KE-{revisi:02d}"
    return Delivery(
        "dipa",
        f"DIPA_{office.kdsatker}_{THANG}_rev{revisi:02d}{suffix}.{style.fmt}",
        landed,
        columns,
        rows,
        style,
        _titles(style, title, office, f"Periode : Januari s.d. Desember {THANG}", landed),
        tags=tags | _extra_tag(pf),
        kdsatker=office.kdsatker,
    )


def _extra_tag(pf: OfficeFormat) -> set[str]:
    return {"extra_columns"} if pf.extras else set()


def _drop_absent(cols: list[Column | None], rows: list[list[object]]) -> tuple[list[Column], list[list[object]]]:
    keep = [i for i, c in enumerate(cols) if c is not None]
    return [cols[i] for i in keep], [[r[i] for i in keep] for r in rows]  # type: ignore[misc]


def sp2d_delivery(
    fm: Formats,
    office: Office,
    month: int,
    lines: list[Sp2dLine],
    landed: datetime,
    suffix: str = "",
    bad: str = "",
    force_short_date: str = "",
) -> Delivery:
    """An SP2D file of one office and month.

    bad: "" | "missing_nilai" | "bad_money" | "corrupt" | "wrong_satker" (then
    `lines` belong to another office, written under this office's name).
    """
    pf = fm.office("sp2d", office)
    style = fm.style("sp2d", pf, month)
    if force_short_date:
        style = replace(style, date_text="short", date_mode="text", aug=force_short_date)
    order = ("kdsatker", "no_sp2d", "tgl_sp2d", "code", "nilai", "jenis_spm", "uraian")
    if pf.flag_a:
        order = ("no_sp2d", "tgl_sp2d", "kdsatker", "code", "uraian", "jenis_spm", "nilai")
    spec: dict[str, list[Column | None]] = {
        "kdsatker": [_col(pf, "kdsatker")],
        "no_sp2d": [_col(pf, "no_sp2d")],
        "tgl_sp2d": [_col(pf, "tgl_sp2d", "date")],
        "code": list(_code_columns(pf)),
        "nilai": [None if bad == "missing_nilai" else _col(pf, "nilai", "money", total=True)],
        "jenis_spm": [_col(pf, "jenis_spm")],
        "uraian": [_col(pf, "uraian")],
    }
    cols: list[Column | None] = [Column("No", "number") if pf.extras else None]
    for k in order:
        cols.extend(spec[k])
    cols += [Column("Kode KPPN") if pf.extras else None, Column("Sumber Dana") if pf.extras else None]
    rows: list[list[object]] = []
    bad_row = len(lines) // 3
    for i, s in enumerate(lines, start=1):
        owner = OFFICE_BY_CODE[s.kdsatker]
        nilai: object = Raw("12.34,5x") if bad == "bad_money" and i == bad_row else s.nilai
        values: dict[str, list[object]] = {
            "kdsatker": [_office_value(owner, pf.office_named)],
            "no_sp2d": [s.no_sp2d],
            "tgl_sp2d": [s.tgl],
            "code": _code_values(pf, s.line, s.kdsatker),
            "nilai": [nilai],
            "jenis_spm": [s.jenis_spm or None],
            "uraian": [s.uraian],
        }
        row: list[object] = [i]
        for k in order:
            row.extend(values[k])
        row += [s.no_sp2d[2:5], "RM"]
        rows.append(row)
    columns, rows = _drop_absent(cols, rows)
    periode = f"Periode : {BULAN[month]} {THANG}" if month % 2 else f"Periode : {BULAN[month]} s.d. {BULAN[month]} {THANG}"
    return Delivery(
        "sp2d",
        f"SP2D_{office.kdsatker}_{THANG}{month:02d}{suffix}.{style.fmt}",
        landed,
        columns,
        rows,
        style,
        _titles(style, "DAFTAR SP2D SATKER PER AKUN", office, periode, landed),
        creator="OM-SPAN",
        tags=_header_tags(pf, "sp2d") | _code_tags(pf, "sp2d") | _extra_tag(pf) | ({"sp2d:office_named"} if pf.office_named else set()),
        kdsatker=office.kdsatker,
        truncate=bad == "corrupt",
    )


@dataclass(frozen=True)
class CapaianRow:
    """One RO's line in a monthly capaian file."""

    kode_ro: str
    uraian: str
    satuan: str
    target: int
    volume: int
    kumulatif: int


def capaian_delivery(
    fm: Formats, office: Office, month: int, rows_in: list[CapaianRow], landed: datetime, suffix: str = "", row_month: int | None = None
) -> Delivery:
    """A capaian RO file; `row_month` different from `month` makes a file to reject."""
    pf = fm.office("capaian_ro", office)
    style = fm.style("capaian_ro", pf, month)
    short_code = pf.flag_a
    cols: list[Column | None] = [
        _col(pf, "thang"),
        _col(pf, "bulan"),
        _col(pf, "kdsatker"),
        _col(pf, "kdgiat") if short_code or pf.flag_b else None,
        _col(pf, "kode_ro"),
        Column(header_text("uraian ro", pf.header_case)) if pf.extras else None,
        _col(pf, "satuan"),
        _col(pf, "target", "number"),
        _col(pf, "volume", "number", total=True),
        Column(header_text("realisasi kumulatif", pf.header_case), "number") if pf.extras else None,
    ]
    bulan = row_month or month
    rows: list[list[object]] = []
    month_as_name = pf.flag_c
    for r in rows_in:
        giat, kro, ro = r.kode_ro.split(".")
        rows.append(
            [
                THANG,
                BULAN[bulan] if month_as_name else bulan,
                _office_value(office, pf.office_named),
                giat,
                f"{kro}.{ro}" if short_code else r.kode_ro,
                r.uraian,
                r.satuan,
                r.target,
                r.volume,
                r.kumulatif,
            ]
        )
    columns, rows = _drop_absent(cols, rows)
    tags = _header_tags(pf, "capaian_ro") | _extra_tag(pf)
    tags.add("capaian:bulan_as_name" if month_as_name else "capaian:bulan_as_number")
    tags.add("capaian:kode_ro_without_kegiatan" if short_code else "capaian:kode_ro_full")
    if not short_code and pf.flag_b:
        tags.add("capaian:kdgiat_with_full_code")
    periode = f"Periode : Januari s.d. {BULAN[month]} {THANG}"
    return Delivery(
        "capaian_ro",
        f"CAPAIAN_{office.kdsatker}_{THANG}{month:02d}{suffix}.{style.fmt}",
        landed,
        columns,
        rows,
        style,
        _titles(style, "CAPAIAN OUTPUT (RO) BULANAN", office, periode, landed),
        tags=tags,
        kdsatker=office.kdsatker,
    )


def pengaduan_delivery(fm: Formats, office: Office, snapshot: date, cases: list[Case], landed: datetime, suffix: str = "") -> Delivery:
    """A case-management snapshot of one office."""
    pf = fm.office("pengaduan", office)
    style = fm.style("pengaduan", pf)
    fields = (
        ("no_aduan", "text"),
        ("tgl_aduan", "date"),
        ("kanal", "text"),
        ("kdsatker", "text"),
        ("nama_pmi", "text"),
        ("nik", "text"),
        ("no_paspor", "text"),
        ("no_hp", "text"),
        ("jenis_kelamin", "text"),
        ("negara", "text"),
        ("jenis_masalah", "text"),
        ("status", "text"),
        ("tgl_selesai", "date"),
        ("hasil", "text"),
        ("nilai_hak", "money"),
        ("kode_ro", "text"),
    )
    cols: list[Column | None] = [_col(pf, f, kind, total=kind == "money") for f, kind in fields]
    if pf.extras:
        cols += [Column(header_text("kronologi", pf.header_case)), Column(header_text("petugas", pf.header_case))]
    full_sex = pf.flag_a
    upper_names = pf.flag_b
    zero_hak = pf.flag_c
    rows: list[list[object]] = []
    for c in sorted((c for c in cases if c.tgl_aduan <= snapshot), key=lambda c: c.no_aduan):
        status, end, hasil, nilai = c.at(snapshot)
        if nilai is None and status == "Selesai" and zero_hak:
            nilai = Decimal(0)
        p = c.person
        sex = {"L": "Laki-laki", "P": "Perempuan"}[p.sex] if full_sex else p.sex
        row: list[object] = [
            c.no_aduan,
            c.tgl_aduan,
            c.kanal,
            _office_value(office, pf.office_named),
            p.nama.upper() if upper_names else p.nama,
            p.nik or None,
            p.paspor or None,
            p.hp or None,
            sex,
            c.negara,
            c.jenis_masalah,
            status,
            end,
            hasil or None,
            nilai,
            c.kode_ro or None,
        ]
        if pf.extras:
            row += [_kronologi(c), "Petugas Layanan " + str(1 + int(c.no_aduan[-1]) % 4)]
        rows.append(row)
    tags = _header_tags(pf, "pengaduan") | _extra_tag(pf)
    tags.add("pengaduan:sex_full_words" if full_sex else "pengaduan:sex_L_P")
    if upper_names:
        tags.add("pengaduan:names_upper_case")
    tags.add("pengaduan:nilai_hak_zero_written" if zero_hak else "pengaduan:nilai_hak_empty_means_zero")
    return Delivery(
        "pengaduan",
        f"PENGADUAN_{office.kdsatker}_{snapshot:%Y%m%d}{suffix}.{style.fmt}",
        landed,
        [c for c in cols if c is not None],
        rows,
        style,
        _titles(style, "REKAPITULASI PENGADUAN DAN PENANGANAN KASUS PMI", office, f"Periode : s.d. {snapshot.day} {BULAN[snapshot.month]} {THANG}", landed),
        creator="SIMPEL-PMI",
        tags=tags,
        kdsatker=office.kdsatker,
    )


def _kronologi(c: Case) -> str:
    return f"Pelapor menyampaikan: {c.jenis_masalah.lower()} di {c.negara}; mohon ditindaklanjuti.\nSumber: {c.kanal}"


def peta_hasil_deliveries(
    fm: Formats, draft: dict[tuple[str, str], tuple[tuple[str, int], ...]], final: dict[tuple[str, str], tuple[tuple[str, int], ...]], stamps: tuple[datetime, datetime]
) -> list[Delivery]:
    """The planners' draft mapping (CSV, empty office = every office) and the final one (XLSX, `*`)."""
    draft_rows: list[list[object]] = [[THANG, "" if k[0] == "*" else k[0], k[1], ind, p] for k, v in draft.items() for ind, p in v]
    draft_cols = [Column("tahun"), Column("satker"), Column("kode ro"), Column("kode indikator"), Column("bobot", "number")]
    final_rows: list[list[object]] = []
    for (kd, ro), v in final.items():
        office = OFFICE_BY_CODE.get(kd)
        shown = office.label if office and kd == "900104" else kd
        for ind, p in v:
            final_rows.append([THANG, shown, ro, ind, Decimal(p)])
    final_cols = [
        Column("Tahun Anggaran"),
        Column("Kode Satker"),
        Column("Kode RO"),
        Column("Indikator"),
        Column("Porsi (%)", "number"),
        Column("Keterangan"),
    ]
    final_rows = [r + ["override satker" if r[1] != "*" else None] for r in final_rows]
    draft_style = Style(fmt="csv", delimiter=",", encoding="utf-8", crlf=False)
    final_style = Style(fmt="xlsx", title_rows=2, total_label="", numbers_as_text=False)
    tags = {"peta_hasil:office_empty_means_all", "header:peta_hasil.porsi=bobot", "header:peta_hasil.porsi=porsi (%)"}
    return [
        Delivery("peta_hasil", f"PETA_HASIL_{THANG}.csv", stamps[0], draft_cols, draft_rows, draft_style, tags=tags),
        Delivery(
            "peta_hasil",
            f"PETA_HASIL_{THANG}_2.xlsx",
            stamps[1],
            final_cols,
            final_rows,
            final_style,
            title_block(f"PETA HASIL RO - INDIKATOR TA {THANG}", "", "", 2, ""),
            creator="Biro Perencanaan",
            tags={"peta_hasil:office_star", "extra_columns"},
        ),
    ]


def indikator_deliveries(targets: dict[str, dict[str, Decimal]], draft: dict[str, dict[str, Decimal]], stamps: tuple[datetime, datetime]) -> list[Delivery]:
    """Indicator catalogue + targets: a draft CSV (Windows-1252, `;`) and the final XLSX."""

    def rows(tgt: dict[str, dict[str, Decimal]], named: bool) -> list[list[object]]:
        out: list[list[object]] = []
        for ind in INDICATORS:
            base = [THANG, ind.indikator_id, ind.nama, ind.tingkat, ind.satuan, ind.arah, ind.ukuran]
            out.append([*base, "*", None])
            for kd in sorted(tgt):
                office = OFFICE_BY_CODE[kd]
                out.append([*base, office.label if named and int(kd) % 3 == 0 else kd, tgt[kd][ind.indikator_id]])
        return out

    draft_cols = [Column(h) for h in ("tahun", "indikator", "uraian", "level", "satuan", "polaritas", "sumber data", "satker")]
    final_cols = [Column(h) for h in ("Tahun Anggaran", "Kode Indikator", "Nama Indikator", "Tingkat", "Satuan", "Arah", "Ukuran", "Kode Satker")]
    draft_cols.append(Column("target", "number"))
    final_cols.append(Column("Target", "number"))
    return [
        Delivery(
            "indikator",
            f"INDIKATOR_{THANG}.csv",
            stamps[0],
            draft_cols,
            rows(draft, False),
            Style(fmt="csv", delimiter=";", encoding="cp1252"),
            tags={"header:indikator.thang=tahun", "header:indikator.indikator_id=indikator", "header:indikator.nama=uraian"},
        ),
        Delivery(
            "indikator",
            f"INDIKATOR_{THANG}_2.xlsx",
            stamps[1],
            final_cols,
            rows(targets, True),
            Style(fmt="xlsx", title_rows=3, merge_title=True),
            title_block(f"PERJANJIAN KINERJA TA {THANG}: INDIKATOR DAN TARGET", "Unit : Biro Perencanaan", "", 3, ""),
            creator="Biro Perencanaan",
            tags={"header:indikator.indikator_id=kode indikator", "header:indikator.nama=nama indikator", "indikator:office_named"},
        ),
    ]
