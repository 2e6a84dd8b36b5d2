"""Turn generated data into deliveries: file name, landing time, columns, rows, style.

One function per feed lays out the columns the way that feed's exports do,
using the office's format habit from `formats.py`; a delivery also records the
variants it exercises and, for a deliberately bad file, why it must be rejected.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from sample_data.budget import BudgetLine, Sp2dLine
from sample_data.capaian import CapaianRow
from sample_data.cases import Case
from sample_data.formats import RPD_LONG_SYNONYMS, SEVEN, Formats, OfficeFormat
from sample_data.reference import BULAN, BULAN_SHORT, INDICATORS, OFFICE_BY_CODE, THANG, Office
from sample_data.rpd import TYPE_NAMES, TYPES, UNKNOWN_TYPE, Plan
from sample_data.writers import Column, Raw, Style, header_text, title_block


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


def _col(
    pf: OfficeFormat, field_name: str, kind: str = "text", total: bool = False, feed: str = ""
) -> Column | None:
    name = pf.synonyms[field_name]
    if name is None:
        return None
    return Column(
        header_text(name, pf.header_case, money=kind == "money", bracket=pf.bracket), kind, total
    )


def _header_tags(pf: OfficeFormat, feed: str) -> set[str]:
    tags = {
        f"header_case:{pf.header_case}",
        f"office_value:{'named' if pf.office_named else 'code'}",
    }
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


def _titles(
    style: Style, title: str, office: Office | None, periode: str, landed: datetime
) -> list[str]:
    satker = f"Satker : {office.label}" if office else "Unit : Biro Perencanaan"
    return title_block(
        title, satker, periode, style.title_rows, f"Tanggal cetak : {landed:%d-%m-%Y %H:%M}"
    )


def dipa_delivery(
    fm: Formats,
    office: Office,
    revisi: int,
    lines: list[BudgetLine],
    landed: datetime,
    suffix: str = "",
    duplicate: bool = False,
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
    title = (
        "RINCIAN KERTAS KERJA SATKER T.A. 2026"
        if revisi == 0
        else f"DIPA PETIKAN T.A. {THANG} REVISI KE-{revisi:02d}"
    )
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


def _drop_absent(
    cols: list[Column | None], rows: list[list[object]]
) -> tuple[list[Column], list[list[object]]]:
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
    if bad == "corrupt" and style.fmt != "xlsx":
        style = Style(fmt="xlsx", title_rows=1)  # the defect is a broken workbook
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
    cols += [
        Column("Kode KPPN") if pf.extras else None,
        Column("Sumber Dana") if pf.extras else None,
    ]
    # A month at x1000 has tens of thousands of lines: each row is laid out in a
    # fixed order once, then picked into the file's column order (absent columns
    # left out) by a list of positions worked out once per file.
    width = len(spec["code"])
    slots = {
        "kdsatker": [1],
        "no_sp2d": [2],
        "tgl_sp2d": [3],
        "code": list(range(4, 4 + width)),
        "nilai": [4 + width],
        "jenis_spm": [5 + width],
        "uraian": [6 + width],
    }
    layout = [0, *(j for k in order for j in slots[k]), 7 + width, 8 + width]
    pick = [layout[k] for k, c in enumerate(cols) if c is not None]
    columns = [c for c in cols if c is not None]
    rows: list[list[object]] = []
    bad_row = len(lines) // 3
    office_values: dict[str, str] = {}
    code_values: dict[tuple[int, str], list[object]] = {}  # id() of a line `lines` holds
    for i, s in enumerate(lines, start=1):
        owner = office_values.get(s.kdsatker)
        if owner is None:
            owner = office_values[s.kdsatker] = _office_value(
                OFFICE_BY_CODE[s.kdsatker], pf.office_named
            )
        code = code_values.get((id(s.line), s.kdsatker))
        if code is None:
            code = code_values[(id(s.line), s.kdsatker)] = _code_values(pf, s.line, s.kdsatker)
        nilai: object = Raw("12.34,5x") if bad == "bad_money" and i == bad_row else s.nilai
        full = [
            i,
            owner,
            s.no_sp2d,
            s.tgl,
            *code,
            nilai,
            s.jenis_spm or None,
            s.uraian,
            s.no_sp2d[2:5],
            "RM",
        ]
        rows.append([full[j] for j in pick])
    periode = (
        f"Periode : {BULAN[month]} {THANG}"
        if month % 2
        else f"Periode : {BULAN[month]} s.d. {BULAN[month]} {THANG}"
    )
    return Delivery(
        "sp2d",
        f"SP2D_{office.kdsatker}_{THANG}{month:02d}{suffix}.{style.fmt}",
        landed,
        columns,
        rows,
        style,
        _titles(style, "DAFTAR SP2D SATKER PER AKUN", office, periode, landed),
        creator="OM-SPAN",
        tags=_header_tags(pf, "sp2d")
        | _code_tags(pf, "sp2d")
        | _extra_tag(pf)
        | ({"sp2d:office_named"} if pf.office_named else set()),
        kdsatker=office.kdsatker,
        truncate=bad == "corrupt",
    )


def capaian_delivery(
    fm: Formats,
    office: Office,
    month: int,
    rows_in: list[CapaianRow],
    landed: datetime,
    suffix: str = "",
    row_month: int | None = None,
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


def pengaduan_delivery(
    fm: Formats,
    office: Office,
    snapshot: date,
    cases: list[Case],
    landed: datetime,
    suffix: str = "",
) -> Delivery:
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
        cols += [
            Column(header_text("kronologi", pf.header_case)),
            Column(header_text("petugas", pf.header_case)),
        ]
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
    tags.add(
        "pengaduan:nilai_hak_zero_written" if zero_hak else "pengaduan:nilai_hak_empty_means_zero"
    )
    return Delivery(
        "pengaduan",
        f"PENGADUAN_{office.kdsatker}_{snapshot:%Y%m%d}{suffix}.{style.fmt}",
        landed,
        [c for c in cols if c is not None],
        rows,
        style,
        _titles(
            style,
            "REKAPITULASI PENGADUAN DAN PENANGANAN KASUS PMI",
            office,
            f"Periode : s.d. {snapshot.day} {BULAN[snapshot.month]} {THANG}",
            landed,
        ),
        creator="SIMPEL-PMI",
        tags=tags,
        kdsatker=office.kdsatker,
    )


def _kronologi(c: Case) -> str:
    return f"Pelapor menyampaikan: {c.jenis_masalah.lower()} di {c.negara}; mohon ditindaklanjuti.\nSumber: {c.kanal}"


PETA_HEADERS = (
    # (draft CSV, final XLSX) header of each field
    ("thang", "tahun", "Tahun Anggaran", "text"),
    ("kdsatker", "satker", "Kode Satker", "text"),
    ("kode_ro", "kode ro", "Kode RO", "text"),
    ("indikator_id", "kode indikator", "Indikator", "text"),
    ("porsi", "bobot", "Porsi (%)", "number"),
)
INDIKATOR_HEADERS = (
    ("thang", "tahun", "Tahun Anggaran", "text"),
    ("indikator_id", "indikator", "Kode Indikator", "text"),
    ("nama", "uraian", "Nama Indikator", "text"),
    ("tingkat", "level", "Tingkat", "text"),
    ("satuan", "satuan", "Satuan", "text"),
    ("arah", "polaritas", "Arah", "text"),
    ("ukuran", "sumber data", "Ukuran", "text"),
    ("kdsatker", "satker", "Kode Satker", "text"),
    ("target", "target", "Target", "number"),
)


def _planner_columns(
    feed: str, spec: tuple[tuple[str, str, str, str], ...], final: bool
) -> tuple[list[Column], set[str]]:
    """Columns of a planners' file and the header tags they exercise."""
    cols = [Column(f[2] if final else f[1], f[3]) for f in spec]
    tags = {f"header:{feed}.{f[0]}={(f[2] if final else f[1]).lower()}" for f in spec}
    return cols, tags


def peta_hasil_deliveries(
    draft: dict[tuple[str, str], tuple[tuple[str, int], ...]],
    final: dict[tuple[str, str], tuple[tuple[str, int], ...]],
    stamps: tuple[datetime, datetime],
) -> list[Delivery]:
    """The planners' draft mapping (CSV, empty office = every office) and the final one.

    The final XLSX (`*` = every office, one override row written as
    `900104 - BP3MI Jawa Timur`) lands later and replaces the draft.
    """
    draft_rows: list[list[object]] = [
        [THANG, "" if k[0] == "*" else k[0], k[1], ind, p] for k, v in draft.items() for ind, p in v
    ]
    final_rows: list[list[object]] = []
    for (kd, ro), v in final.items():
        office = OFFICE_BY_CODE.get(kd)
        shown = office.label if office and kd == "900104" else kd
        for ind, p in v:
            note = "override satker" if kd != "*" else None
            final_rows.append([THANG, shown, ro, ind, Decimal(p), note])
    draft_cols, draft_tags = _planner_columns("peta_hasil", PETA_HEADERS, False)
    final_cols, final_tags = _planner_columns("peta_hasil", PETA_HEADERS, True)
    final_cols.append(Column("Keterangan"))
    return [
        Delivery(
            "peta_hasil",
            f"PETA_HASIL_{THANG}.csv",
            stamps[0],
            draft_cols,
            draft_rows,
            Style(fmt="csv", delimiter=",", encoding="utf-8", crlf=False),
            tags=draft_tags | {"peta_hasil:office_empty_means_all"},
        ),
        Delivery(
            "peta_hasil",
            f"PETA_HASIL_{THANG}_2.xlsx",
            stamps[1],
            final_cols,
            final_rows,
            Style(fmt="xlsx", title_rows=2),
            title_block(f"PETA HASIL RO - INDIKATOR TA {THANG}", "", "", 2, ""),
            creator="Biro Perencanaan",
            tags=final_tags | {"peta_hasil:office_star", "extra_columns"},
        ),
    ]


def indikator_deliveries(
    targets: dict[str, dict[str, Decimal]],
    draft: dict[str, dict[str, Decimal]],
    stamps: tuple[datetime, datetime],
) -> list[Delivery]:
    """Indicator catalogue + targets: a draft CSV (Windows-1252, `;`) and the final XLSX."""

    def rows(tgt: dict[str, dict[str, Decimal]], named: bool) -> list[list[object]]:
        out: list[list[object]] = []
        for ind in INDICATORS:
            base = [THANG, ind.indikator_id, ind.nama, ind.tingkat, ind.satuan, ind.arah]
            base.append(ind.ukuran)
            out.append([*base, "*", None])
            for kd in sorted(tgt):
                shown = OFFICE_BY_CODE[kd].label if named and int(kd) % 3 == 0 else kd
                out.append([*base, shown, tgt[kd][ind.indikator_id]])
        return out

    draft_cols, draft_tags = _planner_columns("indikator", INDIKATOR_HEADERS, False)
    final_cols, final_tags = _planner_columns("indikator", INDIKATOR_HEADERS, True)
    titles = title_block(
        f"PERJANJIAN KINERJA TA {THANG}: INDIKATOR DAN TARGET", "Unit : Biro Perencanaan", "", 3, ""
    )
    return [
        Delivery(
            "indikator",
            f"INDIKATOR_{THANG}.csv",
            stamps[0],
            draft_cols,
            rows(draft, False),
            Style(fmt="csv", delimiter=";", encoding="cp1252"),
            tags=draft_tags,
        ),
        Delivery(
            "indikator",
            f"INDIKATOR_{THANG}_2.xlsx",
            stamps[1],
            final_cols,
            rows(targets, True),
            Style(fmt="xlsx", title_rows=3, merge_title=True),
            titles,
            creator="Biro Perencanaan",
            tags=final_tags | {"indikator:office_named"},
        ),
    ]


def rpd_delivery(
    fm: Formats,
    office: Office,
    plan: Plan,
    landed: datetime,
    berlaku_mulai: int | None = None,
    suffix: str = "",
    unknown_type: bool = False,
) -> Delivery:
    """Page III of the DIPA (RPD) of one office, in its layout habit.

    `berlaku_mulai` None is a first plan (the column, if the office writes it,
    says 1); an update names its first month and always writes the column.
    `unknown_type` adds a `Belanja Lain-lain` row: a file to reject.

    wide: one row per spending type, twelve month columns (`Jan`..`Des` or the
    full names), a row-total column (`Jumlah`/`Total`, not data) and, in
    xlsx, a total row. long: one row per month and type; some offices leave
    out the months a type has no plan (0).
    """
    pf = fm.office("rpd", office)
    style = fm.style("rpd", pf)
    tags = _header_tags(pf, "rpd") | _extra_tag(pf)

    berlaku_name = pf.synonyms["berlaku_mulai"]
    if berlaku_mulai is not None and berlaku_name is None:
        berlaku_name = "berlaku mulai"  # an update always says from when it applies
        tags.discard("header:rpd.berlaku_mulai=(absent)")
        tags.add(f"header:rpd.berlaku_mulai={berlaku_name}")
    start = berlaku_mulai or 1
    berlaku_value: object = start
    if berlaku_name is not None:
        as_name = fm.habit("rpd", office, "berlaku_mulai_as_name", (True, False))
        berlaku_value = BULAN[start] if as_name else start
        tags.add("rpd:berlaku_mulai_as_name" if as_name else "rpd:berlaku_mulai_as_number")
    if berlaku_mulai is not None:
        tags.add("rpd:update")

    # Habits are drawn in two rotations so that every variant occurs: offices whose
    # plan has empty months (capital before May, a plan that follows spending)
    # spell `53` each way and, in the long layout, leave those months out; the
    # others print a zero `57` row (every type on the page) in each spelling.
    if any(not v for by_month in plan.values() for v in by_month.values()):
        layout, omit_zero, spelling = fm.habit(
            "rpd",
            office,
            "profile:with_empty_months",
            (("long", True, 0), ("wide", False, 1), ("long", True, 2))
            + (("wide", False, 0), ("long", True, 1), ("wide", False, 2)),
        )
        with_bansos = not omit_zero and fm.habit("rpd", office, "bansos_row", (True, False))
    else:
        layout = fm.habit("rpd", office, "layout", ("wide", "long"))
        omit_zero = False
        spelling, with_bansos = fm.habit(
            "rpd", office, "jenis", tuple((s, b) for b in (True, False) for s in (0, 1, 2))
        )
    tags.add(f"rpd:jenis={('code', 'long_name', 'short_name')[spelling]}")
    tags.add(f"rpd:layout={layout}")
    types = [t for t in TYPES if t in plan]
    if with_bansos and "57" not in types:
        types.append("57")  # the page prints every type; this office has no bansos budget
        tags.add("rpd:zero_type_row")
    values = {t: plan.get(t, {}) for t in types}
    labels = {t: TYPE_NAMES[t][spelling] for t in types}
    tags |= {f"rpd:jenis_value={label}" for label in labels.values()}
    if unknown_type:
        types.insert(len(types) - 1, UNKNOWN_TYPE)
        labels[UNKNOWN_TYPE] = UNKNOWN_TYPE
        values[UNKNOWN_TYPE] = {m: Decimal(25_000_000) for m in range(3, 13, 3)}

    def month_header(m: int, months_as: str) -> str:
        if months_as == "full":
            return BULAN[m]
        short = style.aug if m == 8 else BULAN_SHORT[m]
        return short.upper() if months_as == "short_upper" else short

    lead: list[Column | None] = [
        Column("No", "number") if pf.extras else None,
        _col(pf, "thang"),
        _col(pf, "kdsatker"),
        None if berlaku_name is None else Column(header_text(berlaku_name, pf.header_case), "text"),
        _col(pf, "jenis_belanja"),
    ]

    def lead_values(i: int, t: str) -> list[object]:
        return [i, THANG, _office_value(office, pf.office_named), berlaku_value, labels[t]]

    rows: list[list[object]] = []
    if layout == "wide":
        months_as = fm.habit("rpd", office, "month_headers", ("short", "full", "short_upper"))
        row_total = fm.habit("rpd", office, "row_total", ("Jumlah", "Total", "Jumlah"))
        month_cols = [Column(month_header(m, months_as), "money", total=True) for m in range(1, 13)]
        cols = [*lead, *month_cols, Column(row_total, "money", total=True)]
        for i, t in enumerate(types, start=1):
            amounts = [values[t].get(m, Decimal("0.00")) for m in range(1, 13)]
            rows.append([*lead_values(i, t), *amounts, sum(amounts, Decimal("0.00"))])
        tags.add(f"rpd:month_headers={months_as}")
        tags.add(f"rpd:row_total={row_total}")
        if style.fmt == "xlsx" and not style.total_label:
            style = replace(style, total_label="JUMLAH")  # SAKTI prints the page's total
    else:
        bulan_name = fm.habit("rpd", office, "syn:bulan", RPD_LONG_SYNONYMS["bulan"])
        rencana_name = fm.habit("rpd", office, "syn:rencana", RPD_LONG_SYNONYMS["rencana"])
        tags |= {f"header:rpd.bulan={bulan_name}", f"header:rpd.rencana={rencana_name}"}
        month_as_name = fm.habit("rpd", office, "bulan_as_name", (True, False))
        by_type_first = fm.habit("rpd", office, "order", (True, False))
        cols = [
            *lead,
            Column(header_text(bulan_name, pf.header_case)),
            Column(
                header_text(rencana_name, pf.header_case, money=True, bracket=pf.bracket),
                "money",
                total=True,
            ),
            Column(header_text("keterangan", pf.header_case)) if pf.extras else None,
        ]
        pairs = [(t, m) for t in types for m in range(1, 13)]
        if not by_type_first:
            pairs.sort(key=lambda p: p[1])
        i = 0
        for t, m in pairs:
            amount = values[t].get(m, Decimal("0.00"))
            if omit_zero and not amount:
                tags.add("rpd:zero_rows_omitted")
                continue
            i += 1
            note = "revisi RPD" if berlaku_mulai and m >= start else None
            rows.append([*lead_values(i, t), BULAN[m] if month_as_name else m, amount, note])
        tags.add("rpd:bulan_as_name" if month_as_name else "rpd:bulan_as_number")
    columns, rows = _drop_absent(cols, rows)
    periode = (
        f"Periode : Januari s.d. Desember {THANG}"
        if berlaku_mulai is None
        else f"Revisi Halaman III, berlaku mulai {BULAN[start]} {THANG}"
    )
    return Delivery(
        "rpd",
        f"RPD_{office.kdsatker}_{THANG}{suffix}.{style.fmt}",
        landed,
        columns,
        rows,
        style,
        _titles(style, "HALAMAN III DIPA: RENCANA PENARIKAN DANA", office, periode, landed),
        tags=tags,
        kdsatker=office.kdsatker,
    )
