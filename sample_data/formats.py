"""Which format variant each file uses: per-office habits and per-file details.

Choices rotate deterministically (no random draw) so that every variant of the
source-export contract is used by some file: header spellings and file type are
fixed per office and feed (an office keeps its download habit), spelling details
(money, dates, title and total rows) change from file to file.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from sample_data import xlsx
from sample_data.reference import Office
from sample_data.writers import DATE_TEXT_FORMATS, HEADER_CASES, MONEY_FORMATS, Style

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
    "rpd": {
        "thang": ("thang", "tahun anggaran", "tahun"),
        "kdsatker": ("kdsatker", "kode satker", "satker"),
        "berlaku_mulai": ("berlaku mulai", "mulai bulan", None, "bulan mulai", None),
        "jenis_belanja": ("jenis belanja", "jenis", "akun"),
    },
}
# Columns of the long RPD layout only; drawn by the offices that deliver it (`Formats.habit`),
# so that every spelling is used by some long file.
RPD_LONG_SYNONYMS: dict[str, tuple[str, ...]] = {
    "bulan": ("bulan", "periode"),
    "rencana": ("rencana", "rencana penarikan", "rpd", "jumlah (rp)"),
}
# Budget code as one string (two header names, with or without `thang.kdsatker.`) or seven columns.
CODE_STYLES = (
    ("kode anggaran", False),
    ("kode akun lengkap", True),
    ("seven", False),
    ("kode anggaran", True),
    ("kode akun lengkap", False),
)
SEVEN = ("kdprogram", "kdgiat", "kdkro", "kdro", "kdkmpnen", "kdskmpnen", "kdakun")


class Chooser:
    """Deterministic rotation through the options of each named choice.

    Options come in blocks: each block uses every option once, in an order
    shuffled by a seeded generator per choice. So every option is used within
    `len(options)` calls (coverage), and two choices with the same number of
    options do not move in lockstep (variety of combinations).
    """

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._rngs: dict[str, random.Random] = {}
        self._pending: dict[str, list[int]] = {}

    def cycle(self, dim: str, options: Sequence[T]) -> T:
        """The next option of `dim`."""
        pending = self._pending.get(dim)
        if not pending:
            rng = self._rngs.setdefault(dim, random.Random(f"{self.seed}:{dim}"))
            pending = list(range(len(options)))
            rng.shuffle(pending)
            self._pending[dim] = pending
        return options[pending.pop()]


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


class Formats:
    """Per-office and per-file format choices for every feed."""

    def __init__(self, seed: int) -> None:
        self.ch = Chooser(seed)
        self._office: dict[tuple[str, str], OfficeFormat] = {}
        self._habits: dict[tuple[str, str, str], object] = {}

    def habit(self, feed: str, office: Office, dim: str, options: Sequence[T]) -> T:
        """A feed-specific habit of the office (fixed on first use, rotating over offices)."""
        key = (feed, office.kdsatker, dim)
        if key not in self._habits:
            self._habits[key] = self.ch.cycle(f"{feed}:{dim}", options)
        return self._habits[key]  # type: ignore[return-value]

    def office(self, feed: str, office: Office) -> OfficeFormat:
        """The office's habit for a feed, fixed on first use."""
        key = (feed, office.kdsatker)
        if key not in self._office:
            c = self.ch.cycle
            fmt = c(f"{feed}:fmt", ("xlsx", "csv", "xlsx"))
            switch = c(f"{feed}:switch", (13, 13, 7)) if feed in ("sp2d", "capaian_ro") else 13
            # CSV habits are drawn only for offices that deliver CSV, so that every
            # delimiter and encoding is used by some CSV file.
            csv = fmt == "csv" or switch < 13
            self._office[key] = OfficeFormat(
                fmt=fmt,
                switch_month=switch,
                delimiter=c(f"{feed}:delim", (";", ",")) if csv else ";",
                encoding=c(f"{feed}:enc", ("utf-8", "utf-8-sig", "cp1252")) if csv else "utf-8",
                crlf=c(f"{feed}:crlf", (True, False, True)) if csv else True,
                quote_all=c(f"{feed}:quote_all", (False, False, True)) if csv else False,
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
            return Style(
                fmt="csv",
                delimiter=pf.delimiter,
                encoding=pf.encoding,
                quote_all=pf.quote_all,
                crlf=pf.crlf,
                **common,
            )
        return Style(
            fmt="xlsx",
            title_rows=c(f"{feed}:titles", (1, 2, 3, 4, 5, 6)),
            merge_title=c(f"{feed}:merge", (False, True, False)),
            total_label=c(f"{feed}:total", ("", "JUMLAH", "TOTAL", "Jumlah Total")),
            total_in_second_col=c(f"{feed}:total_col", (False, False, True, False, True)),
            numbers_as_text=c(f"{feed}:num_text", (False, True)),
            date_mode=c(f"{feed}:date_mode", ("cell", "serial", "text")),
            date_cell_style=c(
                f"{feed}:date_style",
                (xlsx.DATE_DMY_SLASH, xlsx.DATE_BUILTIN, xlsx.DATE_DMY_DASH, xlsx.DATE_BUILTIN),
            ),
            notes_sheet=c(f"{feed}:notes", (False, False, False, True)),
            **common,
        )
