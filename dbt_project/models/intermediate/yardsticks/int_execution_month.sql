-- Plan against realisasi per (thang, kdsatker, bulan, jenis_belanja), months
-- 1 to m, for every spending type with pagu − blokir > 0 in the budget in
-- force, a plan row in force in those months, or realisasi. Carries the
-- month's deviation unrounded (deviasi_units, score units of 10^-10 points,
-- macros/yardsticks.sql) for office_execution; marts.execution_month
-- publishes it rounded.
with months_elapsed as (
    select * from {{ ref('int_months_elapsed') }}
    where bulan_berjalan is not null
),

months as (
    {{ month_numbers() }}
),

budget_types as (
    select
        thang,
        kdsatker,
        left(kdakun, 2) as jenis_belanja,
        sum(pagu - blokir) as pagu_efektif
    from {{ ref('int_budget_in_force') }}
    group by thang, kdsatker, left(kdakun, 2)
),

plan_offices as (
    select * from {{ ref('int_rpd_offices') }}
),

plan as (
    select
        thang,
        kdsatker,
        bulan,
        jenis_belanja,
        sum(rencana) as rencana
    from {{ ref('int_rpd_plan') }}
    group by thang, kdsatker, bulan, jenis_belanja
),

spending as (
    select
        thang,
        kdsatker,
        bulan,
        left(kdakun, 2) as jenis_belanja,
        sum(nilai) as realisasi_bulan
    from {{ ref('int_sp2d_lines') }}
    group by thang, kdsatker, bulan, left(kdakun, 2)
),

types as (
    select thang, kdsatker, jenis_belanja
    from budget_types
    where pagu_efektif > 0
    union
    select plan.thang, plan.kdsatker, plan.jenis_belanja
    from plan
    inner join months_elapsed
        on plan.thang = months_elapsed.thang
        and plan.kdsatker = months_elapsed.kdsatker
        and plan.bulan <= months_elapsed.bulan_berjalan
    union
    select thang, kdsatker, jenis_belanja
    from spending
),

spine as (
    select
        types.thang,
        types.kdsatker,
        months.bulan,
        types.jenis_belanja
    from types
    inner join months_elapsed
        on types.thang = months_elapsed.thang
        and types.kdsatker = months_elapsed.kdsatker
    inner join months
        on months.bulan <= months_elapsed.bulan_berjalan
),

joined as (
    select
        spine.thang,
        spine.kdsatker,
        spine.bulan,
        spine.jenis_belanja,
        cast(coalesce(budget_types.pagu_efektif, 0) as decimal(18, 2)) as pagu_efektif,
        -- The cast outside the case: PostgreSQL drops a typmod inside a CASE.
        cast(
            case
                when plan_offices.kdsatker is not null then coalesce(plan.rencana, 0)
            end as decimal(18, 2)
        ) as rencana_bulan,
        cast(coalesce(spending.realisasi_bulan, 0) as decimal(18, 2)) as realisasi_bulan
    from spine
    left join budget_types
        on spine.thang = budget_types.thang
        and spine.kdsatker = budget_types.kdsatker
        and spine.jenis_belanja = budget_types.jenis_belanja
    left join plan_offices
        on spine.thang = plan_offices.thang
        and spine.kdsatker = plan_offices.kdsatker
    left join plan
        on spine.thang = plan.thang
        and spine.kdsatker = plan.kdsatker
        and spine.bulan = plan.bulan
        and spine.jenis_belanja = plan.jenis_belanja
    left join spending
        on spine.thang = spending.thang
        and spine.kdsatker = spending.kdsatker
        and spine.bulan = spending.bulan
        and spine.jenis_belanja = spending.jenis_belanja
),

cumulative as (
    select
        *,
        sum(rencana_bulan) over (
            partition by thang, kdsatker, jenis_belanja
            order by bulan
            rows between unbounded preceding and current row
        ) as rencana_kumulatif,
        sum(realisasi_bulan) over (
            partition by thang, kdsatker, jenis_belanja
            order by bulan
            rows between unbounded preceding and current row
        ) as realisasi_kumulatif
    from joined
)

select
    thang,
    kdsatker,
    bulan,
    jenis_belanja,
    pagu_efektif,
    rencana_bulan,
    realisasi_bulan,
    cast(rencana_kumulatif as decimal(18, 2)) as rencana_kumulatif,
    cast(realisasi_kumulatif as decimal(18, 2)) as realisasi_kumulatif,
    -- min(100, |realisasi − rencana| ÷ rencana × 100); 0 or 100 when nothing was planned
    case
        when rencana_bulan is null then null
        when rencana_bulan = 0 and realisasi_bulan = 0 then 0
        when rencana_bulan = 0 then 100 * {{ score_unit() }}
        else least(
            100 * {{ score_unit() }},
            {{ round_half_even_div(
                'abs(' ~ hundredths('realisasi_bulan') ~ ' - ' ~ hundredths('rencana_bulan') ~ ') * 100 * ' ~ score_unit(),
                hundredths('rencana_bulan')
            ) }}
        )
    end as deviasi_units
from cumulative
