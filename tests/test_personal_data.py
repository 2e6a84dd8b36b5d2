"""The personal-data shapes have one Python home, and the dbt check's SQL copy stays equal."""

from __future__ import annotations

import ast
import re

import pytest

from pipelines.core.paths import DBT_PROJECT_DIR
from pipelines.core.personal_data import PYTHON_PATTERNS, SQL_PATTERNS, mask_identifiers

CHECK_MODEL = DBT_PROJECT_DIR / "models" / "checks" / "chk_no_personal_data_in_marts.sql"


def test_the_dbt_check_scans_for_the_same_shapes() -> None:
    """`chk_no_personal_data_in_marts.sql` cannot import Python; its patterns must not drift."""
    text = CHECK_MODEL.read_text(encoding="utf-8")
    found = re.search(r"set patterns = (\{.*?\})\s*%\}", text, re.DOTALL)
    assert found, f"no `set patterns = {{...}}` in {CHECK_MODEL.name}"
    assert ast.literal_eval(found.group(1)) == SQL_PATTERNS


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("NIK 3578014508900002 salah", "NIK [disamarkan] salah"),
        (
            "hp 081234567890; +6281234567890 atau 6281234567890",
            "hp [disamarkan]; [disamarkan] atau [disamarkan]",
        ),
        ("paspor B1234567.", "paspor [disamarkan]."),
        # Standing inside a longer run it is not an identifier: amounts, codes, digests.
        (
            "nilai 12345678901234567 dan kode AB12345678",
            "nilai 12345678901234567 dan kode AB12345678",
        ),
        (
            "DL.6011.QAH.002.051.A.524111 Rp 28000000.01",
            "DL.6011.QAH.002.051.A.524111 Rp 28000000.01",
        ),
    ],
)
def test_mask_identifiers(text: str, masked: str) -> None:
    assert mask_identifiers(text) == masked


def test_both_dialects_find_the_same_values() -> None:
    """DuckDB's RE2 and Python's `re` agree on what counts as an identifier."""
    import duckdb

    samples = [
        "3578014508900002", "x3578014508900002", "35780145089000021", "0812345678",
        "+6281234567890", "628123456789012345", "B1234567", "AB123456", "aB1234567",
        "ABC1234567", "budi 081234567890 siti",
    ]  # fmt: skip
    con = duckdb.connect()
    for kind, sql in SQL_PATTERNS.items():
        for sample in samples:
            in_sql = con.execute("select regexp_matches(?, ?)", [sample, sql]).fetchone()[0]
            in_python = PYTHON_PATTERNS[kind].search(sample) is not None
            assert in_sql == in_python, (kind, sample)
