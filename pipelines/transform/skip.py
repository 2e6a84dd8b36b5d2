"""The "nothing new since the last publication" decision of the dbt step, in one place.

When the nightly job finds nothing new it builds nothing: the checks, the
publish step and the report downstream are then skipped too, and the
published file, its versions and its Parquet export stay as they were. The
decision is a pure function of what the dbt step knows when it starts
(`decide`), so its truth table is tested directly (tests/test_skip.py).

It skips only when all of these hold, and says which one failed otherwise:

1. the run is the job `nightly_load` (the schedule, the landing sensor). A
   data engineer who materialises assets in the UI or the CLI, or a
   backfill, asked for them to be built: they always are;
2. the run is not forced (tag `jejak/paksa=ya`);
3. it builds the whole dbt project (a subset has no build state);
4. the published file was built from the same build state (`build_state.py`:
   deliveries, code, target, tool versions);
5. the statuses of the published `marts.delivery_status` still hold on the
   reference date (`statuses_current`);
6. the working database still holds built marts;
7. the rest of that publication is in place: `parquet/latest` names its run
   and the report is at least as new as the file (a publish that died after
   the swap is finished by a rebuild).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from pipelines.core.publication import Publication

FORCE_TAG = "jejak/paksa"
"""Run tag: `ya` rebuilds even when nothing changed since the last publication."""

SKIPPABLE_JOBS = frozenset({"nightly_load"})
"""Jobs whose dbt step may build nothing when nothing changed."""


@dataclass(frozen=True)
class SkipDecision:
    """Skip the build or not, and why (logged by the dbt step, in Bahasa Indonesia)."""

    skip: bool
    reason: str


def decide(
    *,
    job_name: str,
    tags: Mapping[str, str],
    state: str | None,
    published: Publication | None,
    as_of: dt.date,
    marts_built: bool,
    outputs_in_place: bool,
) -> SkipDecision:
    """Whether the dbt step may build nothing tonight (see the module docstring for the rules).

    `state` is tonight's build state, None for a partial build; `published` the
    record of the published file; `as_of` the reference date of the run."""
    if job_name not in SKIPPABLE_JOBS:
        return _build(f"job {job_name} selalu membangun aset yang diminta")
    if tags.get(FORCE_TAG) == "ya":
        return _build(f"run dipaksa membangun ulang (tag {FORCE_TAG}=ya)")
    if state is None:
        return _build("sebagian model dipilih: dibangun tanpa membandingkan status build")
    if published is None or published.build_state is None:
        return _build("belum ada penerbitan dengan status build yang dapat dibandingkan")
    if published.build_state != state:
        return _build("berkas, kode atau target dbt berubah sejak penerbitan terakhir")
    if not statuses_current(published, as_of):
        return _build(
            f"status pengiriman (marts.delivery_status) berganti periode pada {as_of.isoformat()}"
        )
    if not marts_built:
        return _build("database kerja tidak memuat marts")
    if not outputs_in_place:
        return _build("ekspor Parquet atau laporan penerbitan terakhir belum lengkap")
    return SkipDecision(
        skip=True,
        reason=(
            "Tidak ada perubahan sejak penerbitan terakhir (berkas, kode dan periode status "
            "pengiriman sama): dbt, pemeriksaan, penerbitan dan laporan dilewati. "
            f"Jalankan dengan tag {FORCE_TAG}=ya untuk membangun ulang."
        ),
    )


def statuses_current(published: Publication, as_of: dt.date) -> bool:
    """Would `marts.delivery_status` built on `as_of` show what the published one shows?

    Its statuses change only when a month begins (a new month of rows) or when
    a deadline it lists passes (a month becomes overdue); `berlaku_sejak` says
    when its current period began. So it still holds while `as_of` is in the
    same month as that start, not before it, and no `tanggal_tenggat` of the
    mart fell between that start and `as_of`. The deadline rule itself (the
    10th of the next month, WIB) is only in `delivery_status.sql`: this reads
    its result, it does not restate it.
    """
    since = published.status_since
    if since is None or as_of < since or (as_of.year, as_of.month) != (since.year, since.month):
        return False
    return not any(since <= deadline < as_of for deadline in published.deadlines)


def _build(reason: str) -> SkipDecision:
    return SkipDecision(skip=False, reason=f"dbt membangun: {reason}.")
