{#-
    Generic data test: the combination of the given columns is unique in the
    model (NULLs compare equal, as in a grain with a NULL member such as the
    untraced row of budget_line_trace).

    Usage:
      data_tests:
        - unique_combination_of_columns:
            arguments:
              combination_of_columns: [thang, kdsatker]
-#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
    {%- set columns_csv = combination_of_columns | join(', ') %}
    with grouped as (
        select
            {{ columns_csv }},
            count(*) as n_rows
        from {{ model }}
        group by {{ columns_csv }}
    )

    select *
    from grouped
    where n_rows > 1
{% endtest %}
