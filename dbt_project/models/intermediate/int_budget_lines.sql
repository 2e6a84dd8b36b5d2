-- The budget lines of the trace: the union of the budget in force and the
-- lines with realisasi. A line's realisasi is the sum of its counted SP2D
-- lines (refunds included). A line only in SP2D gets pagu 0, blokir 0,
-- ada_di_dipa false and the description of its largest disbursement; a
-- budget line without spending gets realisasi 0.
with budget as (
    select * from {{ ref('int_budget_in_force') }}
),

sp2d as (
    select * from {{ ref('int_sp2d_lines') }}
),

sp2d_totals as (
    select
        thang,
        kdsatker,
        kode_anggaran,
        min(kode_ro) as kode_ro,
        min(kdakun) as kdakun,
        cast(sum(nilai) as decimal(18, 2)) as realisasi
    from sp2d
    group by thang, kdsatker, kode_anggaran
),

-- tie: the first no_sp2d
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
),

realisasi as (
    select
        sp2d_totals.thang,
        sp2d_totals.kdsatker,
        sp2d_totals.kode_anggaran,
        sp2d_totals.kode_ro,
        sp2d_totals.kdakun,
        largest_disbursement.uraian as uraian_sp2d,
        sp2d_totals.realisasi
    from sp2d_totals
    left join largest_disbursement
        on sp2d_totals.thang = largest_disbursement.thang
        and sp2d_totals.kdsatker = largest_disbursement.kdsatker
        and sp2d_totals.kode_anggaran = largest_disbursement.kode_anggaran
        and largest_disbursement.rank_nilai = 1
),

joined as (
    select
        coalesce(budget.thang, realisasi.thang) as thang,
        coalesce(budget.kdsatker, realisasi.kdsatker) as kdsatker,
        coalesce(budget.kode_anggaran, realisasi.kode_anggaran) as kode_anggaran,
        coalesce(budget.kode_ro, realisasi.kode_ro) as kode_ro,
        coalesce(budget.kdakun, realisasi.kdakun) as kdakun,
        coalesce(budget.uraian, realisasi.uraian_sp2d) as uraian,
        cast(coalesce(budget.pagu, 0) as decimal(18, 2)) as pagu,
        cast(coalesce(budget.blokir, 0) as decimal(18, 2)) as blokir,
        cast(coalesce(realisasi.realisasi, 0) as decimal(18, 2)) as realisasi,
        budget.revisi,
        budget.kode_anggaran is not null as ada_di_dipa
    from budget
    full outer join realisasi
        on budget.thang = realisasi.thang
        and budget.kdsatker = realisasi.kdsatker
        and budget.kode_anggaran = realisasi.kode_anggaran
)

select * from joined
