"""The Dagster code location `pipelines.definitions`: assets, checks, jobs, schedule, sensors.

The stages, in the order they may import one another (tests/test_layers.py):
`core` (settings, run lock, retries, time, fault hooks) → `ingest` →
`transform` → `quality` → `publish` → `ops`; this module wires them together.

Steps run in one process, one after the other, on the working database;
the run lock (`core/lock.py`) keeps any second run from writing meanwhile.
Settings come from the environment through the `settings` resource, read when
a run starts (nothing here reads them at import).
"""

from __future__ import annotations

import dagster as dg
from dagster_dbt import DbtCliResource

from pipelines.core.clock import TIME_ZONE
from pipelines.core.resources import RunLock, SettingsResource, WorkDatabase
from pipelines.ingest.assets import FEED_ASSETS, LANDING_SPECS, file_ledger
from pipelines.ingest.office_month import office_month_deliveries
from pipelines.ops.freshness import FRESHNESS_CHECKS
from pipelines.ops.landing_sensor import landing_files_sensor
from pipelines.ops.notify import build_failure_sensor
from pipelines.publish.assets import published_warehouse
from pipelines.publish.report_asset import scorecard_report
from pipelines.quality.checks import GX_CHECKS
from pipelines.transform.assets import jejak_dbt_models
from pipelines.transform.project import DBT_EXECUTABLE, dbt_project

ASSETS = [
    *LANDING_SPECS,
    *FEED_ASSETS,
    file_ledger,
    office_month_deliveries,
    jejak_dbt_models,
    published_warehouse,
    scorecard_report,
]
CHECKS = [*GX_CHECKS, *FRESHNESS_CHECKS]

nightly_load = dg.define_asset_job(
    name="nightly_load",
    selection=dg.AssetSelection.all()
    - dg.AssetSelection.groups("landing")
    - dg.AssetSelection.assets(office_month_deliveries),
    description=(
        "Ingest every new landing file, rebuild the warehouse with dbt, run the GX checks and "
        "publish the marts when every blocking check passed. Builds nothing after ingest when "
        "the deliveries and the code are those of the published warehouse."
    ),
    executor_def=dg.in_process_executor,
)

backfill_office_month = dg.define_asset_job(
    name="backfill_office_month",
    # The whole dbt project, not only what depends on SP2D and capaian RO: a full build
    # records its build state, so the next quiet night can tell nothing changed.
    selection=dg.AssetSelection.assets(office_month_deliveries)
    | dg.AssetSelection.assets(jejak_dbt_models).downstream(),
    description=(
        "One office and one month (partition `YYYY-MM-01|kdsatker`): re-examine its SP2D and "
        "capaian RO files, rebuild the marts, check and publish. Other offices' raw rows are "
        "not touched and their marts come out identical."
    ),
    executor_def=dg.in_process_executor,
)

nightly_schedule = dg.ScheduleDefinition(
    name="nightly_load_schedule",
    job=nightly_load,
    cron_schedule="0 1 * * *",
    execution_timezone=TIME_ZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every night at 01:00 WIB.",
)

settings = SettingsResource.from_env()

defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=[nightly_load, backfill_office_month],
    schedules=[nightly_schedule],
    sensors=[landing_files_sensor, build_failure_sensor([nightly_load, backfill_office_month])],
    resources={
        "settings": settings,
        "duckdb": WorkDatabase(settings=settings),
        "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE),
        "run_lock": RunLock(settings=settings),
    },
    executor=dg.in_process_executor,
)
