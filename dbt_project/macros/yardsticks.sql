{#-
    Helpers of the Yardsticks marts (execution_month, office_execution,
    spending_composition, realisasi_lines).
-#}

{#-
    The rows of a dated reference seed in force for each year of `years` (a
    relation or CTE with a column `thang`): per key, the row with the latest
    thang_mulai <= thang. A parameter row applies from its thang_mulai on,
    until a row with a later thang_mulai for the same key.
-#}
{% macro parameters_in_force(seed, keys, years) -%}
    select *
    from (
        select
            {{ years }}.thang,
            parameter_rows.*,
            row_number() over (
                partition by {{ years }}.thang{% for key in keys %}, parameter_rows.{{ key }}{% endfor %}
                order by parameter_rows.thang_mulai desc
            ) as rank_in_force
        from {{ years }}
        inner join {{ ref(seed) }} as parameter_rows
            on parameter_rows.thang_mulai <= {{ years }}.thang
    ) as ranked
    where rank_in_force = 1
{%- endmacro %}

{#-
    Scores are carried unrounded between steps as integers of 10^-10 points
    ("score units"), so that each published value is computed from unrounded
    inputs and rounded once (contract: "rounded once, half even"). The
    integer arithmetic is exact (macros/exact_arithmetic.sql); 10^-10 of a
    point is far below the published 0.01.
-#}
{% macro score_unit() -%}10000000000{%- endmacro %}

{#- A score in score units back to DECIMAL(9,2), rounded half to even. -#}
{% macro publish_score(expr) -%}
    {{ fit_decimal(from_scaled_int(round_half_even_div(expr, 100000000), 2), 9, 2) }}
{%- endmacro %}

{#- An exact decimal with at most 2 decimals (rupiah, a weight) as integer hundredths. -#}
{% macro hundredths(expr) -%}
    {{ to_scaled_int(expr, 2) }}
{%- endmacro %}
