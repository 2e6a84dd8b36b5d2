"""The sample generator writes the committed sample, byte for byte.

Why: `sample_data/landing` is the pipeline's default input and the fixture of
many tests, and the generator is what regenerates and documents it. The
generator writes each file as soon as it is made (so x1000 fits in memory);
that must not change a byte of the sample. A few seconds.
"""

from __future__ import annotations

import calendar
import hashlib
from datetime import datetime
from pathlib import Path

import pytest

from sample_data.cases import WorkerLinker
from sample_data.generate import FEEDS, PREFIXES, generate

COMMITTED = Path(__file__).resolve().parent.parent / "sample_data" / "landing"


def _digests(root: Path) -> dict[str, str]:
    """sha256 of every file the generator writes (by feed folder and name prefix)."""
    return {
        f"{feed}/{p.name}": hashlib.sha256(p.read_bytes()).hexdigest()
        for feed in FEEDS
        for p in sorted((root / feed).iterdir())
        if p.is_file() and p.name.startswith(PREFIXES)
    }


def test_scale_1_is_the_committed_sample(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    summary = generate(landing, scale=1, seed=2026)
    written = _digests(landing)
    committed = _digests(COMMITTED)
    assert sorted(written) == sorted(committed)
    assert [f for f in written if written[f] != committed[f]] == []
    assert summary["sha256"] == written
    assert summary["bytes"] == sum(p.stat().st_size for p in landing.rglob("*") if p.is_file())
    assert summary["missing_variants"] == []
    # Git keeps no mtimes; the generator sets the landing time (UTC): rev00 of the
    # first office on 5 January 02:00.
    dipa = landing / "dipa" / "DIPA_900101_2026_rev00.csv"
    assert dipa.stat().st_mtime == calendar.timegm(datetime(2026, 1, 5, 2, 0).timetuple())


def test_linked_workers_must_follow_the_plan_order() -> None:
    """The linked cases share one random stream: an office out of turn would change them."""
    linker = WorkerLinker(2026)
    assert linker.offices == ("900104", "900106", "900112")
    with pytest.raises(ValueError, match="900104 must be applied before 900106"):
        linker.apply("900106", [])
    linker.apply("900101", [])  # an office without linked workers is left alone
