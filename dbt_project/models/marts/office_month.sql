-- Monthly absorption and case flow per office, from January to months
-- elapsed m.
with months_elapsed as (
    select * from {{ ref('int_months_elapsed') }}
),

months as (
    {{ month_numbers() }}
),

spine as (
    select
        months_elapsed.thang,
        months.bulan,
        months_elapsed.kdsatker
    from months_elapsed
    inner join months
        on months.bulan <= months_elapsed.bulan_berjalan
),

budget as (
    select
        thang,
        kdsatker,
        sum(pagu) as pagu,
        sum(blokir) as blokir
    from {{ ref('int_budget_in_force') }}
    group by thang, kdsatker
),

spending as (
    select
        thang,
        bulan,
        kdsatker,
        sum(nilai) as realisasi_bulan
    from {{ ref('int_sp2d_lines') }}
    group by thang, bulan, kdsatker
),

case_months as (
    select * from {{ ref('int_case_months') }}
),

offices as (
    select * from {{ ref('offices') }}
),

monthly as (
    select
        spine.thang,
        spine.bulan,
        spine.kdsatker,
        offices.nama_satker,
        cast(coalesce(budget.pagu, 0) as decimal(18, 2)) as pagu,
        cast(coalesce(budget.blokir, 0) as decimal(18, 2)) as blokir,
        cast(coalesce(spending.realisasi_bulan, 0) as decimal(18, 2)) as realisasi_bulan,
        cast(coalesce(case_months.kasus_diterima_bulan, 0) as integer) as kasus_diterima_bulan,
        cast(coalesce(case_months.kasus_selesai_bulan, 0) as integer) as kasus_selesai_bulan
    from spine
    left join budget
        on spine.thang = budget.thang
        and spine.kdsatker = budget.kdsatker
    left join spending
        on spine.thang = spending.thang
        and spine.bulan = spending.bulan
        and spine.kdsatker = spending.kdsatker
    left join case_months
        on spine.thang = case_months.thang
        and spine.bulan = case_months.bulan
        and spine.kdsatker = case_months.kdsatker
    left join offices
        on spine.kdsatker = offices.kdsatker
),

cumulative as (
    select
        *,
        cast(
            sum(realisasi_bulan) over (
                partition by thang, kdsatker
                order by bulan
                rows between unbounded preceding and current row
            ) as decimal(18, 2)
        ) as realisasi_kumulatif
    from monthly
)

select
    cast(thang as integer) as thang,
    cast(bulan as integer) as bulan,
    cast(kdsatker as varchar) as kdsatker,
    cast(nama_satker as varchar) as nama_satker,
    cast(pagu as decimal(18, 2)) as pagu,
    cast(realisasi_bulan as decimal(18, 2)) as realisasi_bulan,
    cast(realisasi_kumulatif as decimal(18, 2)) as realisasi_kumulatif,
    {{ fit_decimal(safe_divide('realisasi_kumulatif', 'pagu - blokir', 2, 100), 9, 2) }}
        as penyerapan_kumulatif_pct,
    cast(kasus_diterima_bulan as integer) as kasus_diterima_bulan,
    cast(kasus_selesai_bulan as integer) as kasus_selesai_bulan,
    cast(blokir as decimal(18, 2)) as blokir
from cumulative
