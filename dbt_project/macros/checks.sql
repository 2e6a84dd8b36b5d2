{#-
    Macros of the check models (models/checks/), the batches the GX suites
    of expectations/ validate.
-#}

{#- Does the text expression contain a match of the regular expression? -#}
{% macro regex_contains(expr, pattern) -%}
    {{ return(adapter.dispatch('regex_contains', 'jejak_rupiah')(expr, pattern)) }}
{%- endmacro %}

{% macro duckdb__regex_contains(expr, pattern) -%}
    regexp_matches({{ expr }}, '{{ pattern }}')
{%- endmacro %}

{% macro postgres__regex_contains(expr, pattern) -%}
    ({{ expr }} ~ '{{ pattern }}')
{%- endmacro %}

{% macro spark__regex_contains(expr, pattern) -%}
    ({{ expr }} rlike '{{ pattern }}')
{%- endmacro %}

{% macro default__regex_contains(expr, pattern) -%}
    regexp_like({{ expr }}, '{{ pattern }}')
{%- endmacro %}

{#-
    Identifier-shaped values in every text column of every relation of
    `schema_name`, counted, never shown: one row per (tabel, kolom, jenis)
    with `jumlah_mirip_pii`, the number of values of that column holding a
    match of the kind's pattern (`patterns`: kind -> regular expression).
    A value that is entirely a hex digest (`digest`, e.g. pmi_key, case_key,
    file_hash) cannot be an identifier, yet may hold 16 digits in a row by
    chance, so it is not counted. A column whose very name is one of
    `column_names` (substrings, any case) gives a row of kind
    `nama_kolom_pribadi` with count 1.

    The relations are read from the database when the model runs (every
    table of the schema, as publishing copies every table of it), so a new
    mart is scanned without editing anything. For the scan to run after the
    marts are built, the calling model must `ref` every model of the schema
    (`-- depends_on:` lines): a missing one stops the build here, by name.

    Each relation is read once (one count per column and kind); the rows are
    unpivoted from those counts. Without a text column anywhere the result
    is one row of zeros, so the suite still has a batch to validate.
-#}
{% macro personal_data_scan(schema_name, patterns, digest, column_names) -%}
    {%- set text = dbt.type_string() -%}
    {%- set empty -%}
    select
        cast('-' as {{ text }}) as tabel,
        cast('-' as {{ text }}) as kolom,
        cast('-' as {{ text }}) as jenis,
        cast(0 as {{ dbt.type_bigint() }}) as jumlah_mirip_pii
    where 1 = 0
    {%- endset -%}
    {%- if not execute -%}
        {{ return(empty) }}
    {%- endif -%}
    {%- set missing = [] -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.config.schema == schema_name
            and node.unique_id not in model.depends_on.nodes -%}
            {%- do missing.append(node.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if missing -%}
        {{ exceptions.raise_compiler_error(
            model.name ~ " must run after every model of " ~ schema_name
            ~ ": add a line `-- depends_on: {{ ref('...') }}` for " ~ (missing | sort | join(', '))
        ) }}
    {%- endif -%}
    {%- set relations = relations_in_schema(schema_name) | sort(attribute='identifier') -%}
    {%- set scans = [] -%}
    {%- set named = [] -%}
    {%- for relation in relations -%}
        {%- set text_columns = [] -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- if column.is_string() or column.dtype | lower == 'string' -%}
                {%- do text_columns.append(column.name) -%}
            {%- endif -%}
            {%- set flagged = namespace(found=false) -%}
            {%- for name in column_names -%}
                {%- if name in column.name | lower -%}
                    {%- set flagged.found = true -%}
                {%- endif -%}
            {%- endfor -%}
            {%- if flagged.found -%}
                {%- do named.append((relation.identifier, column.name)) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if text_columns -%}
            {%- do scans.append({'relation': relation, 'columns': text_columns | sort}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not scans and not named -%}
        {{ return(empty) }}
    {%- endif -%}
    {%- if scans %}
    with
    {%- for scan in scans %}
    {%- set table_index = loop.index %}
    counts_{{ table_index }} as (
        select
        {%- for column in scan.columns %}
            {%- set column_index = loop.index %}
            {%- set quoted = adapter.quote(column) %}
            {%- for kind, pattern in patterns.items() %}
            count(*) filter (
                where {{ regex_contains(quoted, pattern) }}
                and not {{ regex_contains(quoted, '^(' ~ digest ~ ')$') }}
            ) as c{{ column_index }}_{{ kind }}{{ '' if loop.last else ',' }}
            {%- endfor %}{{ '' if loop.last else ',' }}
        {%- endfor %}
        from {{ scan.relation }}
    ){{ '' if loop.last else ',' }}
    {%- endfor %}
    {% endif %}
    {%- for scan in scans %}
    {%- set table_index = loop.index %}
    {%- for column in scan.columns %}
    {%- set column_index = loop.index %}
    {%- for kind in patterns %}
    select
        cast('{{ scan.relation.identifier }}' as {{ text }}) as tabel,
        cast('{{ column }}' as {{ text }}) as kolom,
        cast('{{ kind }}' as {{ text }}) as jenis,
        cast(c{{ column_index }}_{{ kind }} as {{ dbt.type_bigint() }}) as jumlah_mirip_pii
    from counts_{{ table_index }}
    union all
    {%- endfor %}
    {%- endfor %}
    {%- endfor %}
    {%- for table, column in named %}
    select
        cast('{{ table }}' as {{ text }}) as tabel,
        cast('{{ column }}' as {{ text }}) as kolom,
        cast('nama_kolom_pribadi' as {{ text }}) as jenis,
        cast(1 as {{ dbt.type_bigint() }}) as jumlah_mirip_pii
    union all
    {%- endfor %}
    {{ empty }}
{%- endmacro %}

{#-
    The relations (tables and views) of a schema of the target database, as
    they are when the calling model runs: read from information_schema where
    the engine has one, so a table no model builds any more is listed too.
-#}
{% macro relations_in_schema(schema_name) -%}
    {{ return(adapter.dispatch('relations_in_schema', 'jejak_rupiah')(schema_name)) }}
{%- endmacro %}

{% macro default__relations_in_schema(schema_name) -%}
    {%- set sql -%}
        select table_name
        from information_schema.tables
        where table_catalog = '{{ this.database }}'
            and table_schema = '{{ schema_name }}'
        order by table_name
    {%- endset -%}
    {%- set relations = [] -%}
    {%- for row in run_query(sql) -%}
        {%- do relations.append(api.Relation.create(
            database=this.database, schema=schema_name, identifier=row[0]
        )) -%}
    {%- endfor -%}
    {{ return(relations) }}
{%- endmacro %}

{#- Spark has no information_schema: the models of the project in that schema. -#}
{% macro spark__relations_in_schema(schema_name) -%}
    {%- set relations = [] -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.config.schema == schema_name -%}
            {%- do relations.append(api.Relation.create(
                database=node.database, schema=node.schema, identifier=node.alias
            )) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(relations) }}
{%- endmacro %}
