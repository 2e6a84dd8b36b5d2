"""The shapes of personal identifiers that must never reach the marts, the logs or an alert.

One definition, two dialects. The run-failure alert (`ops/notify.py`) masks
these shapes in error text with the Python patterns. The check
`no_personal_data_in_marts` counts them in every text column of `marts` in
SQL, in its dbt model (`dbt_project/models/checks/chk_no_personal_data_in_marts.sql`,
which Python cannot feed); `SQL_PATTERNS` is that dialect, and
tests/test_personal_data.py fails when the model's patterns drift from it. A shape matches only standing
alone (not inside a longer run of digits or letters), so a rupiah amount or a
budget code does not look like a NIK.

NIK: 16 digits; phone: `08…`, `+628…`, `628…` with 7 to 11 more digits;
passport: 1 or 2 capital letters and 6 or 7 digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Shape:
    """An identifier's pattern and the characters that may not touch it on either side."""

    name: str
    body: str
    not_beside: str  # a character class body: what the neighbours must not be


SHAPES = (
    Shape("nik", r"[0-9]{16}", "0-9"),
    Shape("no_hp", r"([+]62|62|0)8[0-9]{7,11}", "0-9"),
    Shape("no_paspor", r"[A-Z]{1,2}[0-9]{6,7}", "A-Za-z0-9"),
)

SQL_PATTERNS: dict[str, str] = {
    s.name: f"(^|[^{s.not_beside}]){s.body}([^{s.not_beside}]|$)" for s in SHAPES
}
"""For DuckDB's `regexp_matches` (RE2 has no look-around): kind -> pattern."""

PYTHON_PATTERNS: dict[str, re.Pattern[str]] = {
    s.name: re.compile(f"(?<![{s.not_beside}]){s.body}(?![{s.not_beside}])") for s in SHAPES
}
"""For `re`: kind -> compiled pattern matching exactly the identifier (to mask it)."""


def mask_identifiers(text: str, replacement: str = "[disamarkan]") -> str:
    """`text` with every NIK-, phone- and passport-shaped value replaced."""
    for pattern in PYTHON_PATTERNS.values():
        text = pattern.sub(replacement, text)
    return text
