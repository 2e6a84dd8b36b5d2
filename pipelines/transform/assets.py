"""dbt models as Dagster assets: staging -> intermediate -> marts, downstream of raw.

The asset is `dbt build` as in the dagster-dbt docs, plus three things this
project needs: it may build nothing on a night with nothing new (`skip.py`),
it records what it built from (`build_state.py`), and it fails in a way the
retry policy understands (`core/retries.py`).
"""

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import dagster as dg
from dagster import AssetExecutionContext
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets
from dagster_duckdb import DuckDBResource

from pipelines.core.faults import die_if_requested
from pipelines.core.publication import outputs_in_place, read_publication
from pipelines.core.resources import RunLock, SettingsResource
from pipelines.core.retries import DBT_RETRY_POLICY, raise_for_dbt_failure
from pipelines.ingest.office_month import OFFICE_MONTH_KEY
from pipelines.transform.build_state import build_state, marts_present, record_build
from pipelines.transform.project import (
    dbt_environment,
    dbt_project,
    keep_partial_parse,
    prune_run_targets,
)
from pipelines.transform.skip import decide

# Staging models that read what the office-month backfill rewrites.
_BACKFILLED_BY_OFFICE_MONTH = {"stg_sp2d", "stg_capaian_ro", "stg_file_ledger"}

# Unit tests check the SQL, not tonight's data: CI runs them (tests/test_pipeline.py and the
# PostgreSQL build); nightly they would cost ~4 s of dbt time for no new information.
DBT_BUILD_ARGS = ["build", "--exclude-resource-type", "unit_test"]


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
    context: AssetExecutionContext,
    dbt: DbtCliResource,
    duckdb: DuckDBResource,
    settings: SettingsResource,
    run_lock: RunLock,
) -> Iterator[Any]:
    """`dbt build`: models, seeds and their tests (tests become Dagster asset checks).

    Builds nothing (and so skips the checks, publish and report downstream) when
    `skip.decide` says nothing changed since the last publication."""
    config = settings.resolve()
    as_of = config.reference_date()  # one day for the SQL and the skip decision
    with duckdb.get_connection() as con:
        # Tonight's state before building; None for a subset, which must never record one.
        whole = is_whole_project(context.selected_asset_keys)
        state = build_state(con, config.dbt_target) if whole else None
        published = read_publication(config.warehouse)
        decision = decide(
            job_name=context.job_name,
            tags=context.run.tags,
            state=state,
            published=published,
            as_of=as_of,
            marts_built=marts_present(con),
            outputs_in_place=outputs_in_place(
                config.warehouse, published.run_id if published else None
            ),
        )
        context.log.info(decision.reason)
        if decision.skip:
            return
        record_build(con, None, context.run_id)  # a build that dies leaves "unknown"

    prune_run_targets()
    with dbt_environment(config, as_of):
        invocation = dbt.cli(DBT_BUILD_ARGS, context=context, raise_on_error=False)
    for event in invocation.stream():
        die_if_requested("dbt", children=[invocation.process.pid])  # kill tests only
        yield event
    raise_for_dbt_failure(invocation)  # retried only when it may pass on a second try
    keep_partial_parse(invocation.target_path)

    with duckdb.get_connection() as con:
        record_build(con, state, context.run_id)


def is_whole_project(selected: Iterable[dg.AssetKey]) -> bool:
    """Does this run build every dbt asset of the project?

    Compared with the keys of the dbt definition as built at import time
    (`ALL_DBT_KEYS`), never with `context.assets_def.keys`: inside a subset run
    Dagster hands the step the *subsetted* definition, whose keys are the
    selected ones, so that comparison is always true."""
    return set(selected) >= ALL_DBT_KEYS


ALL_DBT_KEYS = frozenset(jejak_dbt_models.keys)
"""Every asset key of the dbt project, fixed at import (not the subset a run sees)."""

MART_KEYS = [key for key in jejak_dbt_models.keys if key.path[0] == "marts"]
