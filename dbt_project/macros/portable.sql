{#-
    The few expressions whose SQL differs between the warehouse engines,
    dispatched on the adapter (`duckdb__`, `postgres__`, `default__`), so
    the models are the same SQL on every target. The rest of the project is
    SQL that DuckDB and PostgreSQL both accept (CTEs, FILTER, window
    functions, VALUES lists, explicit GROUP BY). A new engine (Spark,
    Trino, ...) adds `<adapter>__` versions here (docs/postgres.md,
    "Moving to a distributed engine").
-#}

{#-
    Exact integer type of the scaled-integer arithmetic in
    macros/exact_arithmetic.sql (money in cents, ratios in 10^-6 units times
    10^4). It must hold at least 38 digits.
-#}
{% macro scaled_int_type() -%}
    {{ return(adapter.dispatch('scaled_int_type', 'jejak_rupiah')()) }}
{%- endmacro %}

{% macro duckdb__scaled_int_type() -%}
    hugeint
{%- endmacro %}

{% macro postgres__scaled_int_type() -%}
    numeric(38, 0)
{%- endmacro %}

{% macro default__scaled_int_type() -%}
    decimal(38, 0)
{%- endmacro %}

{#-
    Integer quotient of two non-negative exact integers (truncated; the
    callers pass absolute values, so truncation = floor).
-#}
{% macro int_div(numerator, denominator) -%}
    {{ return(adapter.dispatch('int_div', 'jejak_rupiah')(numerator, denominator)) }}
{%- endmacro %}

{% macro duckdb__int_div(numerator, denominator) -%}
    {{ numerator }} // {{ denominator }}
{%- endmacro %}

{% macro postgres__int_div(numerator, denominator) -%}
    div({{ numerator }}, {{ denominator }})
{%- endmacro %}

{#- Standard SQL: (n - mod(n, d)) is a multiple of d, so the division is exact. -#}
{% macro default__int_div(numerator, denominator) -%}
    cast(({{ numerator }} - mod({{ numerator }}, {{ denominator }})) / {{ denominator }} as {{ scaled_int_type() }})
{%- endmacro %}

{#-
    Exact median of a DECIMAL expression over the rows where `condition`
    holds (aggregate; NULL without rows): the middle value, or the mean of
    the two middle values, which percentile_disc (a value of the set, never
    interpolated in float) gives in ascending and in descending order. The
    same SQL on DuckDB and PostgreSQL; DuckDB's own median() is not used
    because on DECIMAL it truncates the mean of the two middle values to the
    input's scale (1.01 and 1.02 -> 1.01). Engines without percentile_disc
    (Trino) need an `<adapter>__exact_median` (docs/postgres.md).
-#}
{% macro exact_median(expr, condition='true') -%}
    {{ return(adapter.dispatch('exact_median', 'jejak_rupiah')(expr, condition)) }}
{%- endmacro %}

{% macro default__exact_median(expr, condition) -%}
    (
        percentile_disc(0.5) within group (order by {{ expr }}) filter (where {{ condition }})
        + percentile_disc(0.5) within group (order by {{ expr }} desc) filter (where {{ condition }})
    ) * 0.5
{%- endmacro %}

{#- Whole days from start_date to end_date (dates; NULL when either is). -#}
{% macro days_between(start_date, end_date) -%}
    {{ return(adapter.dispatch('days_between', 'jejak_rupiah')(start_date, end_date)) }}
{%- endmacro %}

{#- DuckDB and PostgreSQL: date - date is an integer number of days. -#}
{% macro default__days_between(start_date, end_date) -%}
    ({{ end_date }} - {{ start_date }})
{%- endmacro %}
