{#-
    The few expressions whose SQL differs between the warehouse engines,
    dispatched on the adapter (`duckdb__`, `postgres__`, `spark__`,
    `default__`), so the models are the same SQL on every target. The rest
    of the project is SQL that DuckDB, PostgreSQL and Spark all accept
    (CTEs, FILTER, window functions, VALUES lists, explicit GROUP BY). A new
    engine (Trino, ...) adds `<adapter>__` versions here (docs/engines.md,
    "Moving to another engine"); what Spark needs beyond these expressions
    (its type names, the seeds) is in macros/spark.sql.
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
    Spark: the standard form on DECIMAL(38, 0) operands. Spark's `a div b`
    returns a BIGINT and, with ANSI mode off (dbt-spark forces it off),
    wraps silently past 9.2 x 10^18 (scaled values reach 10^26); `/` on
    integers is a DOUBLE. DECIMAL(38, 0) / DECIMAL(38, 0) is DECIMAL(38, 6)
    under spark.sql.decimalOperations.allowPrecisionLoss=true (the default,
    keep it: false would make it DECIMAL(38, 38) and overflow), exact here
    because the quotient is a whole number of at most 32 digits.
-#}
{% macro spark__int_div(numerator, denominator) -%}
    {%- set n = 'cast(' ~ numerator ~ ' as decimal(38, 0))' -%}
    {%- set d = 'cast(' ~ denominator ~ ' as decimal(38, 0))' -%}
    cast(({{ n }} - mod({{ n }}, {{ d }})) / {{ d }} as decimal(38, 0))
{%- endmacro %}

{#-
    Exact median of a DECIMAL expression over the rows where `condition`
    holds (aggregate; NULL without rows): the middle value, or the mean of
    the two middle values, which percentile_disc (a value of the set, never
    interpolated in float) gives in ascending and in descending order. The
    same SQL on DuckDB and PostgreSQL; DuckDB's own median() is not used
    because on DECIMAL it truncates the mean of the two middle values to the
    input's scale (1.01 and 1.02 -> 1.01). Engines without an exact
    percentile_disc (Trino; Spark, whose percentile_disc is a DOUBLE) have
    their own `<adapter>__exact_median` (docs/engines.md).
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

{#-
    Spark: the two middle values picked from the sorted list of the group's
    values (collect_list skips NULLs, as percentile_disc does). get() is
    0-based and NULL outside the array, so a group without rows gives NULL.
    Indexes (n + 1) div 2 - 1 and n div 2: the same element when n is odd.
-#}
{% macro spark__exact_median(expr, condition) -%}
    {%- set sorted_values = 'array_sort(collect_list(' ~ expr ~ ') filter (where ' ~ condition ~ '))' -%}
    {%- set n = '(count(' ~ expr ~ ') filter (where ' ~ condition ~ '))' -%}
    (
        get({{ sorted_values }}, cast(({{ n }} + 1) div 2 - 1 as int))
        + get({{ sorted_values }}, cast({{ n }} div 2 as int))
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

{#- Spark: date - date is an INTERVAL DAY; datediff is the integer. -#}
{% macro spark__days_between(start_date, end_date) -%}
    datediff({{ end_date }}, {{ start_date }})
{%- endmacro %}

{#- Today's date in a time zone (e.g. 'Asia/Jakarta'), whatever the session's zone. -#}
{% macro current_date_in(time_zone) -%}
    {{ return(adapter.dispatch('current_date_in', 'jejak_rupiah')(time_zone)) }}
{%- endmacro %}

{% macro default__current_date_in(time_zone) -%}
    cast(current_timestamp at time zone '{{ time_zone }}' as date)
{%- endmacro %}

{#-
    Spark has no AT TIME ZONE: the session-zone wall clock (timestamp_ntz)
    converted from the session zone to the given one.
-#}
{% macro spark__current_date_in(time_zone) -%}
    cast(convert_timezone('{{ time_zone }}', cast(current_timestamp() as timestamp_ntz)) as date)
{%- endmacro %}
