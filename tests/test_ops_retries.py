"""Transient failures are retried with exponential backoff; bad data never is."""

from collections.abc import Mapping
from typing import Any

import dagster as dg
import pytest

from pipelines.core.retries import (
    DBT_RETRY_POLICY,
    GX_RETRY_POLICY,
    PUBLISH_RETRY_POLICY,
    classify_dbt_results,
    is_transient,
    raise_for_dbt_failure,
)

LOCK = 'IO Error: Could not set lock on file "w.duckdb": Conflicting lock is held'


def _fast(policy: dg.RetryPolicy) -> dg.RetryPolicy:
    """The same policy without the wait, so a test can run it for real."""
    return dg.RetryPolicy(max_retries=policy.max_retries, delay=0.01, backoff=policy.backoff)


def _results(*rows: tuple[str, str, str]) -> dict[str, Any]:
    return {"results": [{"unique_id": u, "status": s, "message": m} for u, s, m in rows]}


class FakeInvocation:
    """Stands in for a finished `DbtCliInvocation` created with raise_on_error=False."""

    def __init__(self, run_results: Mapping[str, Any] | None, failed: bool = True) -> None:
        self.run_results = run_results
        self.failed = failed

    def get_error(self) -> Exception | None:
        return RuntimeError("dbt exited with code 1") if self.failed else None

    def get_artifact(self, artifact: Any) -> Mapping[str, Any]:
        if self.run_results is None:
            raise FileNotFoundError(artifact)
        return self.run_results


def test_policies_back_off_exponentially() -> None:
    for policy in (DBT_RETRY_POLICY, PUBLISH_RETRY_POLICY, GX_RETRY_POLICY):
        assert policy.backoff == dg.Backoff.EXPONENTIAL and policy.max_retries >= 2
        delays = [policy.calculate_delay(n) for n in range(1, policy.max_retries + 1)]
        assert delays == sorted(delays) and delays[1] == 3 * delays[0]
    assert DBT_RETRY_POLICY.calculate_delay(1) == 30


def test_classify_dbt_results() -> None:
    assert classify_dbt_results(None) == "transient"
    passed = ("model.jejak_rupiah.office_month", "success", "OK")
    failed_test = ("test.jejak_rupiah.unique_x.ab12", "fail", "Got 2 results")
    assert classify_dbt_results(_results(passed, failed_test)) == "data"
    locked = ("model.jejak_rupiah.stg_sp2d", "error", LOCK)
    assert classify_dbt_results(_results(passed, locked, failed_test)) == "transient"
    broken = ("model.jejak_rupiah.office_month", "error", "Conversion Error: '12,5x'")
    assert classify_dbt_results(_results(locked, broken)) == "error"
    assert is_transient(LOCK) and not is_transient("Binder Error: column x not found")


def test_raise_for_dbt_failure_blocks_retries_on_data() -> None:
    raise_for_dbt_failure(FakeInvocation(_results(), failed=False))  # success: nothing raised
    data = FakeInvocation(_results(("test.jejak_rupiah.unique_x.ab12", "fail", "Got 2 results")))
    with pytest.raises(dg.Failure) as failure:
        raise_for_dbt_failure(data)
    assert failure.value.allow_retries is False
    assert "unique_x" in (failure.value.description or "")
    with pytest.raises(RuntimeError, match="exited"):  # left to the retry policy
        raise_for_dbt_failure(FakeInvocation(None))


def _retries(result: dg.ExecuteInProcessResult) -> int:
    return sum(
        1 for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_UP_FOR_RETRY
    )


def test_dagster_retries_a_lock_but_not_a_failed_dbt_test() -> None:
    attempts: list[int] = []

    @dg.op(retry_policy=_fast(DBT_RETRY_POLICY))
    def dbt_like(context: dg.OpExecutionContext) -> None:
        attempts.append(context.retry_number)
        if context.retry_number == 0:
            locked = ("model.jejak_rupiah.stg_sp2d", "error", LOCK)
            raise_for_dbt_failure(FakeInvocation(_results(locked)))

    @dg.job(executor_def=dg.in_process_executor)
    def transient_job() -> None:
        dbt_like()

    result = transient_job.execute_in_process(raise_on_error=False)
    assert result.success and attempts == [0, 1] and _retries(result) == 1

    @dg.op(retry_policy=_fast(DBT_RETRY_POLICY))
    def dbt_data(context: dg.OpExecutionContext) -> None:
        failed = ("test.jejak_rupiah.unique_x.ab12", "fail", "Got 2 results")
        raise_for_dbt_failure(FakeInvocation(_results(failed)))

    @dg.job(executor_def=dg.in_process_executor)
    def data_job() -> None:
        dbt_data()

    result = data_job.execute_in_process(raise_on_error=False)
    assert not result.success and _retries(result) == 0


def test_failed_blocking_check_is_not_retried_even_with_a_policy() -> None:
    evaluations: list[int] = []

    @dg.asset(key=["marts", "office_month"])
    def office_month() -> dg.MaterializeResult:
        return dg.MaterializeResult()

    @dg.asset_check(
        asset=office_month,
        name="rupiah_conserved",
        blocking=True,
        retry_policy=_fast(GX_RETRY_POLICY),
    )
    def rupiah_conserved() -> dg.AssetCheckResult:
        evaluations.append(1)
        return dg.AssetCheckResult(passed=False, severity=dg.AssetCheckSeverity.ERROR)

    defs = dg.Definitions(
        assets=[office_month],
        asset_checks=[rupiah_conserved],
        jobs=[dg.define_asset_job("nightly_load", executor_def=dg.in_process_executor)],
    )
    result = defs.resolve_job_def("nightly_load").execute_in_process(raise_on_error=False)
    assert not result.success
    assert evaluations == [1] and _retries(result) == 0
