"""The operations pieces load into the code location the way docs/operations_alerts.md says."""

import dagster as dg

from pipelines.ops.freshness import CHECK_NAME, FRESHNESS_CHECKS
from pipelines.ops.landing_sensor import SENSOR_NAME as LANDING_SENSOR
from pipelines.ops.notify import SENSOR_NAME as FAILURE_SENSOR
from pipelines.ops.notify import build_failure_sensor


def _wired() -> dg.Definitions:
    """`pipelines.definitions.defs`, plus the sensors and check if it does not have them yet."""
    from pipelines.definitions import defs, nightly_load
    from pipelines.ops.landing_sensor import landing_files_sensor

    if LANDING_SENSOR in {s.name for s in defs.sensors or []}:
        return defs
    extra = dg.Definitions(
        sensors=[landing_files_sensor, build_failure_sensor([nightly_load])],
        asset_checks=FRESHNESS_CHECKS,
    )
    return dg.Definitions.merge(defs, extra)


def test_sensors_and_freshness_check_load_with_the_job() -> None:
    defs = _wired()
    landing = defs.resolve_sensor_def(LANDING_SENSOR)
    assert landing.job_name == "nightly_load"
    assert landing.default_status == dg.DefaultSensorStatus.STOPPED
    assert landing.minimum_interval_seconds == 300
    failure = defs.resolve_sensor_def(FAILURE_SENSOR)
    assert failure.default_status == dg.DefaultSensorStatus.RUNNING

    graph = defs.resolve_asset_graph()
    key = dg.AssetKey(["marts", "delivery_status"])
    assert key in graph.get_all_asset_keys()
    assert dg.AssetCheckKey(key, CHECK_NAME) in graph.asset_check_keys
    # The nightly job runs the check, and publishing waits for the new mart like any other.
    job = defs.resolve_job_def("nightly_load")
    assert f"marts__delivery_status_{CHECK_NAME}" in job.graph.node_dict
    assert key in graph.get(dg.AssetKey(["published", "warehouse"])).parent_keys
