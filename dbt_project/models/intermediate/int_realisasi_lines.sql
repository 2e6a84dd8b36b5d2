-- Realisasi per budget line (thang, kdsatker, kode_anggaran): the sum of the
-- counted SP2D lines, with the description of the line's largest disbursement.
with sp2d as (
    select * from {{ ref('int_sp2d_lines') }}
),

totals as (
    select
        thang,
        kdsatker,
        kode_anggaran,
        min(kode_ro) as kode_ro,
        min(kdakun) as kdakun,
        cast(sum(nilai) as decimal(18, 2)) as realisasi,
        count(*) as n_baris_sp2d
    from sp2d
    group by thang, kdsatker, kode_anggaran
),

largest_disbursement as (
    select
        thang,
        kdsatker,
        kode_anggaran,
        uraian,
        row_number() over (
            partition by thang, kdsatker, kode_anggaran
            order by nilai desc, no_sp2d
        ) as rank_nilai
    from sp2d
)

select
    totals.thang,
    totals.kdsatker,
    totals.kode_anggaran,
    totals.kode_ro,
    totals.kdakun,
    largest_disbursement.uraian as uraian_sp2d,
    totals.realisasi,
    totals.n_baris_sp2d
from totals
left join largest_disbursement
    on totals.thang = largest_disbursement.thang
    and totals.kdsatker = largest_disbursement.kdsatker
    and totals.kode_anggaran = largest_disbursement.kode_anggaran
    and largest_disbursement.rank_nilai = 1
