"""dbt models as Dagster assets: staging -> intermediate -> marts, downstream of raw."""

import shutil
from collections.abc import Iterator, Mapping
from typing import Any

from dagster import AssetExecutionContext
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from pipelines.faults import die_if_requested
from pipelines.ops.retries import DBT_RETRY_POLICY, raise_for_dbt_failure
from pipelines.ops.run_lock import RunLock
from pipelines.transform.project import dbt_project, set_dbt_env


class JejakTranslator(DagsterDbtTranslator):
    """Group dbt assets by layer so the UI reads landing -> ingest -> staging -> marts."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        """The model's schema (staging, intermediate, marts, reference) is its group."""
        schema = dbt_resource_props.get("config", {}).get("schema")
        return schema or super().get_group_name(dbt_resource_props)


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=JejakTranslator(),
    retry_policy=DBT_RETRY_POLICY,
)
def jejak_dbt_models(
    context: AssetExecutionContext, dbt: DbtCliResource, run_lock: RunLock
) -> Iterator[Any]:
    """`dbt build`: models, seeds and their tests (tests become Dagster asset checks)."""
    set_dbt_env()
    _prune_run_targets(keep=5)
    invocation = dbt.cli(["build"], context=context, raise_on_error=False)
    for event in invocation.stream():
        die_if_requested("dbt", children=[invocation.process.pid])  # test-only fault hook
        yield event
    # Retry only what can pass on a second try (a lock, I/O); failed tests are bad data.
    raise_for_dbt_failure(invocation)


def _prune_run_targets(keep: int) -> None:
    """dagster-dbt gives every run its own target folder; keep the last few for debugging."""
    target = dbt_project.project_dir / dbt_project.target_path  # relative to the project
    folders = sorted(
        (p for p in target.glob("jejak_dbt_models-*") if p.is_dir()),
        key=lambda p: p.stat().st_mtime,
    )
    for old in folders[:-keep]:
        shutil.rmtree(old, ignore_errors=True)


MART_KEYS = [key for key in jejak_dbt_models.keys if key.path[0] == "marts"]
