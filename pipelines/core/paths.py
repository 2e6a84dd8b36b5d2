"""Where the repository keeps what the pipeline reads: the dbt project, the GX suites, seeds.

Fixed by the checkout, not by the deployment (that is `settings.py`). The
reference seeds are public lists the loader and the alerts read directly,
the same files dbt loads into `reference`.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
EXPECTATIONS_DIR = REPO_ROOT / "expectations"
SEEDS_DIR = DBT_PROJECT_DIR / "seeds"
OFFICES_CSV = SEEDS_DIR / "offices.csv"
CASE_CODES_CSV = SEEDS_DIR / "kode_pengaduan.csv"
COUNTRIES_CSV = SEEDS_DIR / "negara_penempatan.csv"


@functools.cache
def office_names() -> dict[str, str]:
    """kdsatker -> nama_satker from the offices seed (public reference data, read once)."""
    with OFFICES_CSV.open(encoding="utf-8") as handle:
        return {row["kdsatker"]: row["nama_satker"] for row in csv.DictReader(handle)}
