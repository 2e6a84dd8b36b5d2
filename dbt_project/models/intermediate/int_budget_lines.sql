-- The budget lines of the trace: the union of the budget in force and the
-- lines with realisasi. A line only in SP2D gets pagu 0, blokir 0 and
-- ada_di_dipa false; a budget line without spending gets realisasi 0.
with budget as (
    select * from {{ ref('int_budget_in_force') }}
),

realisasi as (
    select * from {{ ref('int_realisasi_lines') }}
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
