-- No table in marts holds a name, NIK, passport number or phone number.
-- depends_on: {{ ref('case_outcomes') }}
-- depends_on: {{ ref('budget_line_trace') }}
-- depends_on: {{ ref('untraced_spending') }}
-- depends_on: {{ ref('office_month') }}
-- depends_on: {{ ref('office_scorecard') }}
-- depends_on: {{ ref('indicator_achievement') }}
-- depends_on: {{ ref('file_deliveries') }}
select table_name, column_name
from information_schema.columns
where table_schema = 'marts'
    and (
        column_name ilike '%nama_pmi%'
        or column_name ilike '%nik%'
        or column_name ilike '%paspor%'
        or column_name ilike '%no_hp%'
        or column_name ilike '%telepon%'
    )
