"""Per-stage wall time of a `nightly_load` run, from the Dagster instance's event log.

Steps run one after the other (in-process executor), so a stage's time is the
sum of its steps' STEP_START -> STEP_SUCCESS/STEP_FAILURE spans. A step is put
in a stage by what it produced, not by its name, so new assets or checks land
in the right stage without touching the benchmark:

- ingest: materialises `raw/...`
- dbt: materialises `staging/`, `intermediate/`, `marts/` or `reference/` (dbt's own tests run inside)
- publish: materialises `published/...`
- checks: evaluates asset checks and materialises nothing (the GX suites)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

STAGES = ("ingest", "dbt", "checks", "publish")
DBT_PREFIXES = {"staging", "intermediate", "marts", "reference"}
END_EVENTS = {"STEP_SUCCESS", "STEP_FAILURE"}


@dataclass
class RunTimes:
    """Timing of one Dagster run as the event log recorded it."""

    run_id: str
    status: str
    first_event_at: float
    run_s: float
    stages: dict[str, float] = field(default_factory=dict)
    steps: dict[str, tuple[str, float]] = field(default_factory=dict)


def _stage_of(materialised: set[str], checked: bool) -> str:
    if any(p == "raw" for p in materialised):
        return "ingest"
    if any(p == "published" for p in materialised):
        return "publish"
    if materialised & DBT_PREFIXES:
        return "dbt"
    return "checks" if checked else "other"


def last_run_times(dagster_home: Path, job_name: str = "nightly_load") -> RunTimes:
    """Stage times of the most recent run of the job in this instance."""
    instance = dg.DagsterInstance.from_config(str(dagster_home))
    try:
        runs = instance.get_runs(filters=dg.RunsFilter(job_name=job_name), limit=1)
        if not runs:
            raise RuntimeError(f"no run of {job_name} in {dagster_home}")
        run = runs[0]
        events = instance.all_logs(run.run_id)
    finally:
        instance.dispose()
    starts: dict[str, float] = {}
    ends: dict[str, float] = {}
    produced: dict[str, set[str]] = {}
    checked: set[str] = set()
    run_start = run_end = None
    for entry in events:
        event = entry.dagster_event
        if event is None:
            continue
        kind = event.event_type_value
        if kind == "RUN_START":
            run_start = entry.timestamp
        elif kind in {"RUN_SUCCESS", "RUN_FAILURE"}:
            run_end = entry.timestamp
        if entry.step_key is None:
            continue
        if kind == "STEP_START":
            starts[entry.step_key] = entry.timestamp
        elif kind in END_EVENTS:
            ends[entry.step_key] = entry.timestamp
        elif kind == "ASSET_MATERIALIZATION":
            produced.setdefault(entry.step_key, set()).add(event.asset_key.path[0])
        elif kind == "ASSET_CHECK_EVALUATION":
            checked.add(entry.step_key)
    times = RunTimes(
        run_id=run.run_id,
        status=run.status.value,
        first_event_at=min(e.timestamp for e in events),
        run_s=(run_end or max(e.timestamp for e in events)) - (run_start or events[0].timestamp),
        stages=dict.fromkeys(STAGES, 0.0),
    )
    for step, started in starts.items():
        if step not in ends:
            continue
        stage = _stage_of(produced.get(step, set()), step in checked)
        span = ends[step] - started
        times.steps[step] = (stage, span)
        times.stages[stage] = times.stages.get(stage, 0.0) + span
    return times
