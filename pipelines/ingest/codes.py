"""The coded columns of a case file, and how an office's spelling becomes the code.

`kanal`, `jenis_masalah`, `hasil` and `negara_penempatan` are codes from
lists (source-exports.md, `pengaduan/`), but the case-management system lets
staff type free text into them, names included: a problem type typed as
"<nama> minta dipulangkan" would otherwise reach `marts.case_outcomes`.
So a value is matched against its list (ignoring case, accents and spaces)
and stored in the list's spelling, and anything else becomes `Lainnya`
before it is written anywhere. Only the number of replacements per column
is kept (in the file's ledger row), never the value.

The lists are the dbt seeds `kode_pengaduan.csv` and `negara_penempatan.csv`,
read here from the same files, so the loader and the marts' check (dbt test
and GX suite) can never disagree about what a code is.
"""

from __future__ import annotations

import csv
import functools
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from pipelines.core.paths import CASE_CODES_CSV, COUNTRIES_CSV

OTHER = "Lainnya"
CODED_COLUMNS = ("kanal", "jenis_masalah", "hasil", "negara_penempatan")


def code_key(value: object) -> str:
    """Matching key: case-folded, without accents, with every kind of space removed.

    `" Media  sosial "`, `"MEDIA SOSIAL"` and `"Media\u00a0Sosial"` all give
    `mediasosial`; `"Réunion"` and `"Reunion"` both give `reunion`.
    """
    text = str(value)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return "".join(text.casefold().split())


@functools.cache
def code_lists() -> Mapping[str, Mapping[str, str]]:
    """column -> {matching key -> canonical spelling}, from the two seeds."""
    lists: dict[str, dict[str, str]] = {column: {} for column in CODED_COLUMNS}
    for row in _read(CASE_CODES_CSV):
        lists[row["kolom"]][code_key(row["nilai"])] = row["nilai"]
    countries = lists["negara_penempatan"]
    for row in _read(COUNTRIES_CSV):
        name = row["nama_negara"]
        countries[code_key(name)] = name
        for other in (row.get("nama_lain") or "").split("|"):
            if other.strip():
                countries.setdefault(code_key(other), name)
    for column, values in lists.items():
        if OTHER not in values.values():
            raise ValueError(f"the list of {column} has no {OTHER!r}")
    return lists


def canonical_values(column: str) -> frozenset[str]:
    """The spellings a coded column may hold in `raw` and the marts."""
    return frozenset(code_lists()[column].values())


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class CodeNormaliser:
    """Turns each cell of the coded columns into its code, counting replacements per column."""

    def __init__(self) -> None:
        self.lists = code_lists()
        self.replaced: dict[str, int] = dict.fromkeys(CODED_COLUMNS, 0)
        # A snapshot repeats a few spellings on thousands of rows: match each once.
        # (In memory while the file is parsed; never written.)
        self._matched: dict[tuple[str, str], str | None] = {}

    def code(self, column: str, value: str | None) -> str | None:
        """The canonical spelling, `Lainnya` for anything else, None for an empty cell.

        An empty cell stays empty (an open case has no `hasil`); it is not a
        value outside the list.
        """
        if value is None:
            return None
        key = (column, value)
        if key in self._matched:
            found = self._matched[key]
        else:
            found = self._matched[key] = self.lists[column].get(code_key(value))
        if found is None:
            self.replaced[column] += 1
            return OTHER
        return found

    @property
    def counts(self) -> dict[str, int]:
        """Ledger tallies: `<column>_diganti_lainnya` -> how many values were replaced."""
        return {f"{column}_diganti_lainnya": n for column, n in self.replaced.items() if n}
