"""The operations pieces load into the code location the way docs/operations_alerts.md says."""

import dagster as dg

from pipelines.ops.freshness import CHECK_NAME
from pipelines.ops.landing_sensor import SENSOR_NAME as LANDING_SENSOR
from pipelines.ops.notify import SENSOR_NAME as FAILURE_SENSOR


def test_sensors_and_freshness_check_load_with_the_job() -> None:
    from pipelines.definitions import defs

    landing = defs.resolve_sensor_def(LANDING_SENSOR)
    assert landing.job_name == "nightly_load"
    assert landing.default_status == dg.DefaultSensorStatus.STOPPED
    assert landing.minimum_interval_seconds == 300
    failure = defs.resolve_sensor_def(FAILURE_SENSOR)
    assert failure.default_status == dg.DefaultSensorStatus.RUNNING
    # Failures of the backfill job are announced too (no public accessor for the list).
    monitored = {job.name for job in failure._monitored_jobs}  # noqa: SLF001
    assert monitored == {"nightly_load", "backfill_office_month"}

    graph = defs.resolve_asset_graph()
    key = dg.AssetKey(["marts", "delivery_status"])
    assert key in graph.get_all_asset_keys()
    assert dg.AssetCheckKey(key, CHECK_NAME) in graph.asset_check_keys
    # The nightly job runs the check, and publishing waits for the new mart like any other.
    job = defs.resolve_job_def("nightly_load")
    assert f"marts__delivery_status_{CHECK_NAME}" in job.graph.node_dict
    assert key in graph.get(dg.AssetKey(["published", "warehouse"])).parent_keys
