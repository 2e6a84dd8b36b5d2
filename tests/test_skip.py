"""The dbt step's "nothing new since the last publication" decision, rule by rule.

`skip.decide` is a pure function; the integration tests (test_pipeline,
test_explicit_materialisation, test_backfill) show the asset obeys it.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from pipelines.core.publication import Publication
from pipelines.transform.skip import FORCE_TAG, SkipDecision, decide

STATE = "state-a"
AS_OF = dt.date(2026, 11, 15)
# Published on the 11th: October's deadline (10 November) has passed, none lies ahead this month.
PUBLISHED = Publication(
    run_id="run-1",
    build_state=STATE,
    status_since=dt.date(2026, 11, 11),
    deadlines=(dt.date(2026, 10, 10), dt.date(2026, 11, 10)),
)
QUIET_NIGHT = {
    "job_name": "nightly_load",
    "tags": {},
    "state": STATE,
    "published": PUBLISHED,
    "as_of": AS_OF,
    "marts_built": True,
    "outputs_in_place": True,
}


def _decide(**changes: object) -> SkipDecision:
    return decide(**{**QUIET_NIGHT, **changes})  # type: ignore[arg-type]


def test_a_quiet_night_skips_and_says_so() -> None:
    decision = _decide()
    assert decision.skip
    assert decision.reason.startswith("Tidak ada perubahan sejak penerbitan terakhir")
    assert f"{FORCE_TAG}=ya" in decision.reason


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        # Issue 14: only the nightly job may skip; a UI/CLI materialisation or a backfill builds.
        ({"job_name": "__ASSET_JOB"}, "job __ASSET_JOB selalu membangun"),
        ({"job_name": "backfill_office_month"}, "job backfill_office_month selalu membangun"),
        ({"tags": {FORCE_TAG: "ya"}}, "dipaksa"),
        ({"state": None}, "sebagian model dipilih"),  # a subset has no build state
        ({"published": None}, "belum ada penerbitan"),
        ({"published": Publication(run_id="r", build_state=None)}, "belum ada penerbitan"),
        ({"state": "state-b"}, "berkas, kode atau target dbt berubah"),
        ({"as_of": dt.date(2026, 12, 1)}, "status pengiriman"),  # a month begins
        ({"marts_built": False}, "database kerja tidak memuat marts"),
        ({"outputs_in_place": False}, "ekspor Parquet atau laporan"),
    ],
)
def test_each_rule_alone_makes_it_build(changes: dict[str, object], reason: str) -> None:
    decision = _decide(**changes)
    assert not decision.skip
    assert decision.reason.startswith("dbt membangun: ") and reason in decision.reason


def test_other_tag_values_do_not_force() -> None:
    assert _decide(tags={FORCE_TAG: "tidak", "dagster/schedule_name": "x"}).skip


def test_a_deadline_passing_makes_it_build() -> None:
    published = Publication(
        run_id="run-1",
        build_state=STATE,
        status_since=dt.date(2026, 11, 1),
        deadlines=(dt.date(2026, 10, 10), dt.date(2026, 11, 10)),
    )
    assert _decide(published=published, as_of=dt.date(2026, 11, 10)).skip
    late = _decide(published=published, as_of=dt.date(2026, 11, 11))
    assert not late.skip and "status pengiriman" in late.reason


def test_truth_table_skips_only_when_every_condition_holds() -> None:
    """All 2^7 combinations of the seven conditions: skip iff all hold."""
    options = {
        "job_name": ("nightly_load", "__ASSET_JOB"),
        "tags": ({}, {FORCE_TAG: "ya"}),
        "state": (STATE, None),
        "published": (PUBLISHED, None),
        "as_of": (AS_OF, dt.date(2026, 12, 1)),
        "marts_built": (True, False),
        "outputs_in_place": (True, False),
    }
    for combination in itertools.product((0, 1), repeat=len(options)):
        changes = {
            name: values[i] for (name, values), i in zip(options.items(), combination, strict=True)
        }
        assert _decide(**changes).skip == (not any(combination)), changes
