{#-
    Exact decimal arithmetic for money, percentages and ratios.

    DuckDB divides DECIMAL by DECIMAL into a DOUBLE and its round() on DECIMAL
    rounds half away from zero. These macros instead scale decimals to
    integers (HUGEINT on DuckDB, NUMERIC(38,0) on PostgreSQL, DECIMAL(38,0)
    on Spark: macro scaled_int_type), divide with integer arithmetic (macro int_div) and
    round half to even (banker's rounding), then scale back to a DECIMAL. No
    float is involved, so every engine gives the same digits (the dispatched
    pieces are in macros/portable.sql).
-#}

{#- An exact decimal expression as an integer count of 10^-scale units. -#}
{% macro to_scaled_int(expr, scale=6) -%}
    cast(cast({{ expr }} as decimal(38, {{ scale }})) * {{ 10 ** scale }} as {{ scaled_int_type() }})
{%- endmacro %}

{#- Integer count of 10^-scale units back to DECIMAL(38, scale). -#}
{% macro from_scaled_int(expr, scale=2) -%}
    {%- if scale == 0 -%}
    cast({{ expr }} as decimal(38, 0))
    {%- else -%}
    (cast({{ expr }} as decimal(38, 0)) * 0.{{ '0' * (scale - 1) }}1)
    {%- endif -%}
{%- endmacro %}

{#-
    numerator / denominator for integers, rounded half to even.
    The caller guarantees denominator <> 0.
    The sign is a CASE, not sign(): PostgreSQL resolves sign() of an integer
    literal to sign(double precision), which would turn the product into a
    float (and Spark's signum always returns a double).
-#}
{% macro round_half_even_div(numerator, denominator) -%}
    (
        case when ({{ numerator }} < 0) = ({{ denominator }} < 0) then 1 else -1 end
        * (
            {{ int_div('abs(' ~ numerator ~ ')', 'abs(' ~ denominator ~ ')') }}
            + case
                when 2 * (abs({{ numerator }}) % abs({{ denominator }})) > abs({{ denominator }}) then 1
                when 2 * (abs({{ numerator }}) % abs({{ denominator }})) = abs({{ denominator }})
                    and ({{ int_div('abs(' ~ numerator ~ ')', 'abs(' ~ denominator ~ ')') }}) % 2 = 1 then 1
                else 0
            end
        )
    )
{%- endmacro %}

{#-
    factor × numerator ÷ denominator as DECIMAL(38, scale), rounded half to
    even; NULL when the denominator is 0 or NULL (or the numerator is NULL).
    Inputs may be any exact numeric with at most 6 decimals.
    Percentages: factor=100, scale=2. Ratios: scale=4.
-#}
{% macro safe_divide(numerator, denominator, scale=2, factor=1) -%}
    case
        when {{ denominator }} is null or {{ denominator }} = 0 then null
        else {{ from_scaled_int(
            round_half_even_div(
                to_scaled_int(numerator) ~ ' * ' ~ (factor * 10 ** scale),
                to_scaled_int(denominator)
            ),
            scale
        ) }}
    end
{%- endmacro %}

{#-
    Banker's rounding of an exact decimal to `scale` decimals, as
    DECIMAL(38, scale).
-#}
{% macro round_half_even(expr, scale=2) -%}
    {{ from_scaled_int(round_half_even_div(to_scaled_int(expr), 10 ** (6 - scale)), scale) }}
{%- endmacro %}

{#-
    Cents of amount × pct / 100 (amount in rupiah with 2 decimals, pct on the
    0-100 scale with 2 decimals), rounded half to even, as integer cents (scaled_int_type).
    Used by the allocation of a line's realisasi to indicators.
-#}
{% macro share_in_cents(amount, pct) -%}
    {{ round_half_even_div(
        to_scaled_int(amount, 2) ~ ' * ' ~ to_scaled_int(pct, 2),
        10000
    ) }}
{%- endmacro %}

{#-
    expr as DECIMAL(precision, scale), or NULL when its magnitude does not
    fit (e.g. a percentage over a near-zero denominator after refunds):
    an out-of-range ratio is reported as missing instead of failing the
    nightly build with a cast overflow.
-#}
{% macro fit_decimal(expr, precision, scale) -%}
    case
        when abs({{ expr }}) < {{ 10 ** (precision - scale) }}
            then cast({{ expr }} as decimal({{ precision }}, {{ scale }}))
    end
{%- endmacro %}
