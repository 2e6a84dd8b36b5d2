"""dbt models as Dagster assets: staging -> intermediate -> marts, downstream of raw."""

import os
import shutil
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb as duckdb_module
from dagster import AssetExecutionContext
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets
from dagster_duckdb import DuckDBResource

from pipelines.config import load_settings
from pipelines.faults import die_if_requested
from pipelines.ingest.office_month import OFFICE_MONTH_KEY
from pipelines.ops.freshness import reference_date
from pipelines.ops.retries import DBT_RETRY_POLICY, raise_for_dbt_failure
from pipelines.ops.run_lock import RunLock
from pipelines.publish import parquet_export
from pipelines.publish.report_asset import REPORT_FILE
from pipelines.transform.build_state import (
    build_state,
    marts_present,
    published_record,
    record_build,
)
from pipelines.transform.project import dbt_project, set_dbt_env

FORCE_TAG = "jejak/paksa"
"""Run tag: `ya` rebuilds even when nothing changed since the last publication."""

SKIPPABLE_JOBS = frozenset({"nightly_load"})
"""Jobs whose dbt step may build nothing when nothing changed (see `may_skip`)."""

# Staging models that read what the office-month backfill rewrites.
_BACKFILLED_BY_OFFICE_MONTH = {"stg_sp2d", "stg_capaian_ro", "stg_file_ledger"}


class JejakTranslator(DagsterDbtTranslator):
    """Group dbt assets by layer so the UI reads landing -> ingest -> staging -> marts."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        """The model's schema (staging, intermediate, marts, reference) is its group."""
        schema = dbt_resource_props.get("config", {}).get("schema")
        return schema or super().get_group_name(dbt_resource_props)

    def get_asset_spec(
        self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> dg.AssetSpec:
        """Staging over SP2D, capaian RO and the ledger also depends on the office-month
        backfill, so a backfill run rebuilds the marts after re-loading the files."""
        spec = super().get_asset_spec(manifest, unique_id, project)
        if manifest["nodes"].get(unique_id, {}).get("name") in _BACKFILLED_BY_OFFICE_MONTH:
            spec = spec.merge_attributes(deps=[OFFICE_MONTH_KEY])
        return spec


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=JejakTranslator(),
    retry_policy=DBT_RETRY_POLICY,
)
def jejak_dbt_models(
    context: AssetExecutionContext, dbt: DbtCliResource, duckdb: DuckDBResource, run_lock: RunLock
) -> Iterator[Any]:
    """`dbt build`: models, seeds and their tests (tests become Dagster asset checks).

    Builds nothing (and so skips the checks, publish and report downstream) when
    the published warehouse was built from the same deliveries, code and status
    period, and its Parquet export and report are in place."""
    as_of = reference_date()
    whole_project = is_whole_project(context.selected_asset_keys)
    with duckdb.get_connection() as con:
        # Before building: what tonight's deliveries and code are (None for a partial build,
        # so a subset never records a state that would let a later night skip).
        state = build_state(con, as_of) if whole_project else None
        if (
            state is not None
            and may_skip(context.job_name, context.run.tags)
            and _unchanged_since_publication(context, con, state)
        ):
            return
        record_build(con, None, context.run_id)  # a build that dies leaves "unknown"
    set_dbt_env()
    _prune_run_targets(keep=5)
    # Unit tests check the SQL, not tonight's data: CI runs them (tests/test_pipeline.py and
    # the PostgreSQL build); nightly they would cost ~4 s of dbt time for no new information.
    # The reference date is pinned so the SQL and the build state see the same day. It goes
    # through the environment, not `--vars`: new vars make dbt re-parse the whole project
    # (~8 s, every night, as the date changes), a changed env var only the models using it.
    args = ["build", "--exclude-resource-type", "unit_test"]
    with _environment(JEJAK_AS_OF_DATE=as_of.isoformat()):
        invocation = dbt.cli(args, context=context, raise_on_error=False)
    for event in invocation.stream():
        die_if_requested("dbt", children=[invocation.process.pid])  # test-only fault hook
        yield event
    # Retry only what can pass on a second try (a lock, I/O); failed tests are bad data.
    raise_for_dbt_failure(invocation)
    _keep_partial_parse(invocation.target_path)
    with duckdb.get_connection() as con:
        record_build(con, state, context.run_id)


def is_whole_project(selected: Iterable[dg.AssetKey]) -> bool:
    """Does this run build every dbt asset of the project?

    Compared with the keys of the dbt definition as built at import time
    (`ALL_DBT_KEYS`), never with `context.assets_def.keys`: inside a subset run
    Dagster hands the step the *subsetted* definition, whose keys are the
    selected ones, so that comparison is always true."""
    return set(selected) >= ALL_DBT_KEYS


def may_skip(job_name: str, tags: Mapping[str, str]) -> bool:
    """Only the nightly job (scheduled or sensor-launched) may skip an unchanged build.

    A data engineer who materialises assets in the UI or with the CLI, or runs a
    backfill, asked for them to be built: they always are. The tag
    `jejak/paksa=ya` forces the nightly job to build too."""
    return job_name in SKIPPABLE_JOBS and tags.get(FORCE_TAG) != "ya"


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Set environment variables while the dbt process is started, then restore them."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _unchanged_since_publication(
    context: AssetExecutionContext, con: duckdb_module.DuckDBPyConnection, state: str
) -> bool:
    """True when the published file was built from `state` and all its outputs are in place."""
    settings = load_settings()
    published_state, published_run = published_record(settings.warehouse)
    if not marts_present(con) or published_state != state:
        return False
    # A publish that died after the swap (Parquet pointer, report) must be finished by a rebuild.
    parquet_latest = parquet_export.current_latest(parquet_export.parquet_root(settings.warehouse))
    report = settings.warehouse.parent / REPORT_FILE
    if parquet_latest != published_run or not report.exists():
        return False
    if report.stat().st_mtime < settings.warehouse.stat().st_mtime:
        return False
    context.log.info(
        "Tidak ada perubahan sejak penerbitan terakhir (berkas, kode dan periode status "
        "pengiriman sama): dbt, pemeriksaan, penerbitan dan laporan dilewati. "
        f"Jalankan dengan tag {FORCE_TAG}=ya untuk membangun ulang."
    )
    return True


def _keep_partial_parse(run_target: Path) -> None:
    """Hand this run's parse state to the next run.

    dagster-dbt gives each run its own target folder and seeds it with
    `target/partial_parse.msgpack`. That file is written by `dbt parse` when
    definitions load, with whatever profile (database path) was set then; when
    it does not match the run's profile, dbt re-parses the whole project
    (about 8 s) on every run. Copying the run's own state back, atomically,
    makes the next run in the same deployment parse only what changed.
    """
    source = run_target / "partial_parse.msgpack"
    if not source.exists():
        return
    shared = dbt_project.project_dir / dbt_project.target_path / "partial_parse.msgpack"
    tmp = shared.with_name(f".{shared.name}.{os.getpid()}")
    shutil.copyfile(source, tmp)
    os.replace(tmp, shared)


def _prune_run_targets(keep: int) -> None:
    """dagster-dbt gives every run its own target folder; keep the last few for debugging."""
    target = dbt_project.project_dir / dbt_project.target_path  # relative to the project
    folders = sorted(
        (p for p in target.glob("jejak_dbt_models-*") if p.is_dir()),
        key=lambda p: p.stat().st_mtime,
    )
    for old in folders[:-keep]:
        shutil.rmtree(old, ignore_errors=True)


ALL_DBT_KEYS = frozenset(jejak_dbt_models.keys)
"""Every asset key of the dbt project, fixed at import (not the subset a run sees)."""

MART_KEYS = [key for key in jejak_dbt_models.keys if key.path[0] == "marts"]
