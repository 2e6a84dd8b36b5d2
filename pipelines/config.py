"""Settings read from the environment, with defaults that run the bundled sample.

Everything that differs between a laptop, CI and the ministry's server is an
environment variable, so the same code location loads everywhere and nothing
secret is ever written into the repository or the warehouse.
"""

from __future__ import annotations

import csv
import functools
import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
EXPECTATIONS_DIR = REPO_ROOT / "expectations"
DEFAULT_LANDING_DIR = REPO_ROOT / "sample_data" / "landing"
DEFAULT_WAREHOUSE = REPO_ROOT / "var" / "warehouse" / "jejak_rupiah.duckdb"
OFFICES_CSV = DBT_PROJECT_DIR / "seeds" / "offices.csv"
CASE_CODES_CSV = DBT_PROJECT_DIR / "seeds" / "kode_pengaduan.csv"
COUNTRIES_CSV = DBT_PROJECT_DIR / "seeds" / "negara_penempatan.csv"

MAX_FILE_MB_ENV = "JEJAK_MAX_FILE_MB"
DEFAULT_MAX_FILE_MB = 200


@dataclass(frozen=True)
class Settings:
    """Resolved paths and secrets of one run."""

    landing_dir: Path
    warehouse: Path
    pii_key: bytes | None
    max_file_bytes: int = DEFAULT_MAX_FILE_MB * 1024 * 1024

    @property
    def work_db(self) -> Path:
        """The file a run writes; never the published file BI tools hold open."""
        return self.warehouse.with_name(f"{self.warehouse.stem}.work{self.warehouse.suffix}")

    @property
    def reports_dir(self) -> Path:
        """Quality report, GX data docs and dbt docs live beside the published warehouse."""
        return self.warehouse.parent / "reports"


def load_settings() -> Settings:
    """Read the settings now (not at import), so tests can point a run anywhere."""
    landing = Path(os.environ.get("JEJAK_LANDING_DIR") or DEFAULT_LANDING_DIR)
    warehouse = Path(os.environ.get("JEJAK_WAREHOUSE") or DEFAULT_WAREHOUSE)
    key = os.environ.get("JEJAK_PII_KEY")
    return Settings(
        landing_dir=landing.resolve(),
        warehouse=warehouse.resolve(),
        pii_key=key.encode("utf-8") if key else None,
        max_file_bytes=max_file_bytes(),
    )


def max_file_bytes() -> int:
    """The size limit of a landing file, and of what a workbook's parts expand to.

    `JEJAK_MAX_FILE_MB` (default 200): a file or an unpacked workbook above it
    is rejected before any parser reads it, so one careless or hostile
    delivery cannot take the night's time or memory. Read on every call (not
    at import) so a test or a worker process sees the environment it runs in.
    A value that is not a positive number fails loudly rather than silently
    lifting the limit.
    """
    raw = os.environ.get(MAX_FILE_MB_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_FILE_MB * 1024 * 1024
    try:
        megabytes = float(raw)
    except ValueError:
        megabytes = 0.0
    if not megabytes > 0 or megabytes == float("inf"):
        raise ValueError(f"{MAX_FILE_MB_ENV}={raw!r}: harus bilangan positif (MB)")
    return int(megabytes * 1024 * 1024)


@functools.cache
def office_names() -> dict[str, str]:
    """kdsatker -> nama_satker from the offices seed (public reference data, read once)."""
    with OFFICES_CSV.open(encoding="utf-8") as handle:
        return {row["kdsatker"]: row["nama_satker"] for row in csv.DictReader(handle)}
