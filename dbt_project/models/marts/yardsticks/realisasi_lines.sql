-- Every SP2D line that counts in realisasi, with the file and row it came
-- from: an auditor goes from any figure of the marts to its source.
with lines as (
    select * from {{ ref('int_sp2d_lines') }}
),

deliveries as (
    select * from {{ ref('int_file_deliveries') }}
),

budget as (
    select * from {{ ref('int_budget_in_force') }}
),

traced as (
    select distinct
        thang,
        kdsatker,
        kode_anggaran
    from {{ ref('int_line_allocation') }}
    where is_traced
),

groups as (
    select * from {{ ref('int_account_groups') }}
)

select
    cast(lines.thang as integer) as thang,
    cast(lines.bulan as integer) as bulan,
    cast(lines.kdsatker as varchar) as kdsatker,
    cast(lines.no_sp2d as varchar) as no_sp2d,
    cast(lines.tgl_sp2d as date) as tgl_sp2d,
    cast(lines.kode_anggaran as varchar) as kode_anggaran,
    cast(lines.kode_ro as varchar) as kode_ro,
    cast(lines.kdakun as varchar) as kdakun,
    cast(left(lines.kdakun, 2) as varchar) as jenis_belanja,
    cast(coalesce(groups.kelompok_belanja, 'lainnya') as varchar) as kelompok_belanja,
    cast(lines.nilai as decimal(18, 2)) as nilai,
    cast(lines.jenis_spm as varchar) as jenis_spm,
    cast(lines.uraian as varchar) as uraian,
    budget.kode_anggaran is not null as ada_di_dipa,
    traced.kode_anggaran is not null as is_traced,
    cast(deliveries.file_name as varchar) as file_name,
    cast(lines.source_row_number as integer) as baris,
    cast(deliveries.landed_at as timestamp) as landed_at,
    cast(lines.source_file as varchar) as source_file,
    cast(lines.file_id as varchar) as file_id
from lines
inner join deliveries
    on lines.file_id = deliveries.file_id
left join budget
    on lines.thang = budget.thang
    and lines.kdsatker = budget.kdsatker
    and lines.kode_anggaran = budget.kode_anggaran
left join traced
    on lines.thang = traced.thang
    and lines.kdsatker = traced.kdsatker
    and lines.kode_anggaran = traced.kode_anggaran
left join groups
    on lines.thang = groups.thang
    and lines.kdakun = groups.kdakun
