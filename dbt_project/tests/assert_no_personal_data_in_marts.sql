-- No table in marts holds a name, NIK, passport number or phone number.
-- Two ways in are closed: a column meant for identifiers, and free text in
-- the coded columns of marts.case_outcomes (staff type names into them): every
-- value of kanal, jenis_masalah, hasil and negara_penempatan must be a code of
-- its list (the seeds kode_pengaduan and negara_penempatan, which the loader
-- also reads). A failing row names the table and column, never the value.
-- depends_on: {{ ref('case_outcomes') }}
-- depends_on: {{ ref('budget_line_trace') }}
-- depends_on: {{ ref('untraced_spending') }}
-- depends_on: {{ ref('office_month') }}
-- depends_on: {{ ref('office_scorecard') }}
-- depends_on: {{ ref('indicator_achievement') }}
-- depends_on: {{ ref('file_deliveries') }}
with coded as (
    select 'kanal' as kolom, kanal as nilai from {{ ref('case_outcomes') }}
    union all
    select 'jenis_masalah' as kolom, jenis_masalah as nilai from {{ ref('case_outcomes') }}
    union all
    select 'hasil' as kolom, hasil as nilai from {{ ref('case_outcomes') }}
),

codes_outside_lists as (
    select coded.kolom
    from coded
    left join {{ ref('kode_pengaduan') }} as codes
        on codes.kolom = coded.kolom and codes.nilai = coded.nilai
    where coded.nilai is not null and codes.nilai is null
    union all
    select 'negara_penempatan' as kolom
    from {{ ref('case_outcomes') }} as cases
    left join {{ ref('negara_penempatan') }} as countries
        on countries.nama_negara = cases.negara_penempatan
    where cases.negara_penempatan is not null and countries.nama_negara is null
)

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

union all

select distinct 'case_outcomes' as table_name, kolom as column_name
from codes_outside_lists
