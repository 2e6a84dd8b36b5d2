-- No personal data in marts, counted and never shown: one row per (tabel,
-- kolom, jenis) with the number of values that look like an identifier.
--   nik, no_hp, no_paspor: a NIK (16 digits standing alone), a phone number
--     (08.., +628.., 628..) or a passport number (1-2 letters and 6-7 digits)
--     in any text column of any table of marts; a value that is entirely a
--     hex digest (pmi_key, case_key, file_hash) is not counted;
--   nama_kolom_pribadi: a column named for an identifier (nama_pmi, nik,
--     paspor, no_hp, telepon);
--   bukan_kode_daftar: a value of a coded column of case_outcomes (kanal,
--     jenis_masalah, hasil, negara_penempatan) that is not a code of its list
--     (the seeds kode_pengaduan and negara_penempatan, which the loader reads
--     too), the way free text with a name in it would arrive. An empty value
--     (an open case has no hasil) is not counted.
-- The scan reads every table of marts when it runs (macros/checks.sql); it
-- must run after all of them, hence one line per mart (the build stops, by
-- name, when a mart is missing here):
-- depends_on: {{ ref('budget_line_trace') }}
-- depends_on: {{ ref('case_outcomes') }}
-- depends_on: {{ ref('case_status_history') }}
-- depends_on: {{ ref('delivery_status') }}
-- depends_on: {{ ref('dipa_revisions') }}
-- depends_on: {{ ref('execution_month') }}
-- depends_on: {{ ref('file_deliveries') }}
-- depends_on: {{ ref('indicator_achievement') }}
-- depends_on: {{ ref('office_execution') }}
-- depends_on: {{ ref('office_month') }}
-- depends_on: {{ ref('office_scorecard') }}
-- depends_on: {{ ref('realisasi_lines') }}
-- depends_on: {{ ref('spending_composition') }}
-- depends_on: {{ ref('untraced_spending') }}
{%- set patterns = {
    'nik': '(^|[^0-9])[0-9]{16}([^0-9]|$)',
    'no_hp': '(^|[^0-9])([+]62|62|0)8[0-9]{7,11}([^0-9]|$)',
    'no_paspor': '(^|[^A-Za-z0-9])[A-Z]{1,2}[0-9]{6,7}([^A-Za-z0-9]|$)',
} %}
{%- set digest = '[0-9a-f]{32}|[0-9a-f]{64}' %}
{%- set identifier_columns = ['nama_pmi', 'nik', 'paspor', 'no_hp', 'telepon'] %}

with text_scan as (
    {{ personal_data_scan('marts', patterns, digest, identifier_columns) }}
),

cases as (
    select * from {{ ref('case_outcomes') }}
),

coded_columns as (
    select 'kanal' as kolom
    union all
    select 'jenis_masalah' as kolom
    union all
    select 'hasil' as kolom
    union all
    select 'negara_penempatan' as kolom
),

coded_values as (
    select 'kanal' as kolom, kanal as nilai from cases
    union all
    select 'jenis_masalah' as kolom, jenis_masalah as nilai from cases
    union all
    select 'hasil' as kolom, hasil as nilai from cases
    union all
    select 'negara_penempatan' as kolom, negara_penempatan as nilai from cases
),

codes as (
    select kolom, nilai from {{ ref('kode_pengaduan') }}
    union all
    select 'negara_penempatan' as kolom, nama_negara as nilai from {{ ref('negara_penempatan') }}
),

outside_lists as (
    select coded_values.kolom, count(*) as jumlah
    from coded_values
    left join codes
        on coded_values.kolom = codes.kolom
        and coded_values.nilai = codes.nilai
    where coded_values.nilai is not null
        and codes.nilai is null
    group by coded_values.kolom
),

coded_scan as (
    select
        'case_outcomes' as tabel,
        coded_columns.kolom,
        'bukan_kode_daftar' as jenis,
        coalesce(outside_lists.jumlah, 0) as jumlah_mirip_pii
    from coded_columns
    left join outside_lists
        on coded_columns.kolom = outside_lists.kolom
)

select
    cast(tabel as {{ dbt.type_string() }}) as tabel,
    cast(kolom as {{ dbt.type_string() }}) as kolom,
    cast(jenis as {{ dbt.type_string() }}) as jenis,
    cast(jumlah_mirip_pii as {{ dbt.type_bigint() }}) as jumlah_mirip_pii
from text_scan
union all
select
    cast(tabel as {{ dbt.type_string() }}) as tabel,
    cast(kolom as {{ dbt.type_string() }}) as kolom,
    cast(jenis as {{ dbt.type_string() }}) as jenis,
    cast(jumlah_mirip_pii as {{ dbt.type_bigint() }}) as jumlah_mirip_pii
from coded_scan
