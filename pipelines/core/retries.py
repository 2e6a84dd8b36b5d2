"""Retry policies for the steps that can fail for a passing reason, and only for them.

A night can fail because of the machine, not the data: the DuckDB file is
briefly locked by someone's read-write session, the disk hiccups while the
published file is swapped, the GX file context races on its JSON store. Those
deserve another try after a pause that grows (exponential backoff). Bad data
never does: a retried blocking check gives the same answer and only delays the
alert, so

* ingest has no policy at all: a bad file is rejected and recorded, never
  raised, so there is nothing transient to retry;
* a blocking asset check that fails raises `DagsterAssetCheckFailedError`
  after the step's code has returned, outside Dagster's retry boundary, so
  it is never retried even on a step that carries a policy (tested);
* `dbt build` exits non-zero both for a lock and for a failed data test, so
  `raise_for_dbt_failure` reads `run_results.json` and turns a data failure
  (a test that failed, a model that errored for a non-transient reason) into
  `dagster.Failure(allow_retries=False)`; only what looks transient, or a dbt
  process that died without writing results, is left to the policy.

Delays: Dagster's EXPONENTIAL backoff waits `(2^n - 1) x delay` before try n+1.
No jitter: one process runs one job, there is no herd to spread out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Protocol

import dagster as dg

# dbt subprocess: 30 s then 90 s (the lock of an interactive session is usually gone by then).
DBT_RETRY_POLICY = dg.RetryPolicy(max_retries=2, delay=30, backoff=dg.Backoff.EXPONENTIAL)
# Publishing the file (copy, audit, fsync, os.replace): 10 s, 30 s, 70 s. Idempotent: the
# temporary file is rebuilt from scratch and the published file is only ever replaced whole.
PUBLISH_RETRY_POLICY = dg.RetryPolicy(max_retries=3, delay=10, backoff=dg.Backoff.EXPONENTIAL)
# GX file-backed context and DuckDB query of a check: 5 s then 15 s.
GX_RETRY_POLICY = dg.RetryPolicy(max_retries=2, delay=5, backoff=dg.Backoff.EXPONENTIAL)

# Messages of failures that go away on their own (DuckDB and PostgreSQL targets, OS).
TRANSIENT_PATTERNS = [
    r"could not set lock",
    r"conflicting lock",
    r"database is locked",
    r"resource temporarily unavailable",
    r"\bi/?o error\b",
    r"timed? ?out",
    r"connection (refused|reset|timed out)",
    r"could not connect",
    r"server closed the connection",
    r"too many open files",
    r"out of memory",
    r"cannot allocate memory",
    r"interrupted",
]
_TRANSIENT = re.compile("|".join(TRANSIENT_PATTERNS), re.IGNORECASE)

DBT_FAILED_TEST = {"fail"}
DBT_ERRORED = {"error", "runtime error"}


class _Invocation(Protocol):
    """What `raise_for_dbt_failure` needs of a `dagster_dbt.DbtCliInvocation`."""

    def get_error(self) -> Exception | None: ...

    def get_artifact(self, artifact: Any) -> Mapping[str, Any]: ...


def is_transient(message: str) -> bool:
    """True when an error message names a condition that goes away by itself."""
    return bool(_TRANSIENT.search(message or ""))


def classify_dbt_results(run_results: Mapping[str, Any] | None) -> str:
    """`transient` (retry), `data` (failed tests: do not retry) or `error` (do not retry).

    No results at all means dbt died before writing them (killed, crashed,
    could not start): that is the machine, so it is retried.
    """
    if not run_results or not run_results.get("results"):
        return "transient"
    results = run_results["results"]
    errors = [r for r in results if str(r.get("status", "")).lower() in DBT_ERRORED]
    if errors:
        if all(is_transient(str(r.get("message") or "")) for r in errors):
            return "transient"
        return "error"
    if any(str(r.get("status", "")).lower() in DBT_FAILED_TEST for r in results):
        return "data"
    return "transient"


def _node_name(unique_id: str) -> str:
    """`test.jejak_rupiah.not_null_x.ab12` -> `not_null_x`; unit tests by their test name."""
    parts = unique_id.split(".")
    if parts[0] == "unit_test":
        return parts[-1]
    return parts[2] if len(parts) > 2 else unique_id


def _failed_nodes(run_results: Mapping[str, Any], statuses: set[str]) -> list[str]:
    return [
        _node_name(str(r.get("unique_id", "?")))
        for r in run_results.get("results", [])
        if str(r.get("status", "")).lower() in statuses
    ]


def raise_for_dbt_failure(invocation: _Invocation) -> None:
    """Raise the dbt failure so that only transient ones are retried by the step's policy.

    Call after `yield from invocation.stream()` on an invocation created with
    `raise_on_error=False`, so the asset events and check results of the
    nodes that did run are recorded first.
    """
    error = invocation.get_error()
    if error is None:
        return
    try:
        run_results: Mapping[str, Any] | None = invocation.get_artifact("run_results.json")
    except Exception:  # noqa: BLE001 - no results file: dbt died early
        run_results = None
    kind = classify_dbt_results(run_results)
    if kind == "transient":
        raise error
    assert run_results is not None
    failed = _failed_nodes(run_results, DBT_FAILED_TEST | DBT_ERRORED)
    if kind == "data":
        description = (
            "dbt build gagal karena data: uji dbt gagal ("
            + ", ".join(failed[:10])
            + "). Tidak diulang otomatis; periksa data lalu jalankan ulang."
        )
    else:
        description = (
            "dbt build gagal dengan galat yang tidak sementara ("
            + ", ".join(failed[:10])
            + "). Tidak diulang otomatis; periksa log dbt lalu jalankan ulang."
        )
    raise dg.Failure(
        description=description,
        metadata={"dbt_failed_nodes": ", ".join(failed), "klasifikasi": kind},
        allow_retries=False,
    ) from error
