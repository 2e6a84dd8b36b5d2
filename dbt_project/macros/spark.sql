{#-
    What Spark (dbt-spark) needs beyond the dispatched expressions of
    macros/portable.sql: its type names. Spark's parser rejects VARCHAR
    without a length ("DATATYPE_MISSING_SIZE"), which the models, the
    contracts' data_type and the seeds' column_types use everywhere for
    text; on Spark it is STRING. DuckDB and PostgreSQL never call these
    macros (they are `spark__` versions of dbt's own dispatched macros, which
    the root project overrides), so their SQL is unchanged.

    Each override hands over to dbt-spark's own implementation (`dbt.` names
    the adapter's macros) after mapping the types:
    - models (views and tables) and unit tests: `spark_sql` rewrites the casts
      `as varchar` (without a length) of the compiled SQL to `as string`;
    - contracts (`get_empty_schema_sql` builds `cast(null as <data_type>)`)
      and unit test fixtures: dbt's `cast` macro, through `spark_type`;
    - seeds: the `column_types` of the seed config, through `spark_type`.
    docs/engines.md lists what else changed for Spark.
-#}

{#- A type name as Spark spells it: varchar/text without a length is string. -#}
{% macro spark_type(data_type) -%}
    {%- if data_type is string and data_type | trim | lower in ('varchar', 'text', 'character varying') -%}
        {{ return('string') }}
    {%- else -%}
        {{ return(data_type) }}
    {%- endif -%}
{%- endmacro %}

{#-
    Compiled SQL with `as varchar` (a cast's target type without a length)
    written `as string`. Only that form is rewritten: `varchar(10)` is valid
    Spark, and a model must not carry the words "as varchar" in a string
    literal (none does).
-#}
{% macro spark_sql(sql) -%}
    {{ return(modules.re.sub('(?i)\\bas(\\s+)varchar\\b(?!\\s*\\()', 'as\\1string', sql)) }}
{%- endmacro %}

{% macro spark__create_view_as(relation, sql) -%}
    {{ return(dbt.spark__create_view_as(relation, spark_sql(sql))) }}
{%- endmacro %}

{% macro spark__create_table_as(temporary, relation, compiled_code, language='sql') -%}
    {%- if language == 'sql' -%}
        {%- set compiled_code = spark_sql(compiled_code) -%}
    {%- endif -%}
    {{ return(dbt.spark__create_table_as(temporary, relation, compiled_code, language)) }}
{%- endmacro %}

{% macro spark__get_unit_test_sql(main_sql, expected_fixture_sql, expected_column_names) -%}
    {{ return(dbt.default__get_unit_test_sql(spark_sql(main_sql), expected_fixture_sql, expected_column_names)) }}
{%- endmacro %}

{% macro spark__cast(field, type) -%}
    cast({{ field }} as {{ spark_type(type) }})
{%- endmacro %}

{#- The seed's config with its column_types in Spark's names. -#}
{% macro spark_seed_model(model) -%}
    {%- set column_types = {} -%}
    {%- for name, data_type in model['config'].get('column_types', {}).items() -%}
        {%- do column_types.update({name: spark_type(data_type)}) -%}
    {%- endfor -%}
    {%- set seed_config = {} -%}
    {%- do seed_config.update(model['config']) -%}
    {%- do seed_config.update({'column_types': column_types}) -%}
    {%- set seed_model = {} -%}
    {%- do seed_model.update(model) -%}
    {%- do seed_model.update({'config': seed_config}) -%}
    {{ return(seed_model) }}
{%- endmacro %}

{% macro spark__create_csv_table(model, agate_table) -%}
    {{ return(dbt.spark__create_csv_table(spark_seed_model(model), agate_table)) }}
{%- endmacro %}

{% macro spark__load_csv_rows(model, agate_table) -%}
    {{ return(dbt.spark__load_csv_rows(spark_seed_model(model), agate_table)) }}
{%- endmacro %}
