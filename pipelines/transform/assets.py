"""dbt models as Dagster assets: staging -> intermediate -> marts, downstream of raw."""

from collections.abc import Iterator, Mapping
from typing import Any

from dagster import AssetExecutionContext
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

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
)
def jejak_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource) -> Iterator[Any]:
    """`dbt build`: models, seeds and their tests (tests become Dagster asset checks)."""
    set_dbt_env()
    yield from dbt.cli(["build"], context=context).stream()


MART_KEYS = [key for key in jejak_dbt_models.keys if key.path[0] == "marts"]
