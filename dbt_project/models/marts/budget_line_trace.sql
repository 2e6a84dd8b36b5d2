-- Where did each rupiah go: every budget line (budget in force ∪ lines with
-- realisasi) with its allocation to indicators; an untraced line has one row
-- with indikator_id NULL.
with allocation as (
    select * from {{ ref('int_line_allocation') }}
),

offices as (
    select * from {{ ref('offices') }}
)

select
    cast(allocation.thang as integer) as thang,
    cast(allocation.kdsatker as varchar) as kdsatker,
    cast(offices.nama_satker as varchar) as nama_satker,
    cast(allocation.kode_anggaran as varchar) as kode_anggaran,
    cast(allocation.kode_ro as varchar) as kode_ro,
    cast(allocation.kdakun as varchar) as kdakun,
    cast({{ jenis_belanja('allocation.kdakun') }} as varchar) as jenis_belanja,
    cast(allocation.uraian as varchar) as uraian,
    cast(allocation.pagu as decimal(18, 2)) as pagu,
    cast(allocation.blokir as decimal(18, 2)) as blokir,
    cast(allocation.realisasi as decimal(18, 2)) as realisasi,
    cast(allocation.indikator_id as varchar) as indikator_id,
    cast(allocation.porsi_pct as decimal(9, 2)) as porsi_pct,
    cast(allocation.realisasi_dialokasikan as decimal(18, 2)) as realisasi_dialokasikan,
    cast(allocation.is_traced as boolean) as is_traced,
    cast(allocation.ada_di_dipa as boolean) as ada_di_dipa
from allocation
left join offices
    on allocation.kdsatker = offices.kdsatker
