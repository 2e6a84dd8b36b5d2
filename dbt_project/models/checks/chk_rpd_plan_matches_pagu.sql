-- An office's yearly plan in force (Halaman III DIPA, every month and
-- spending type) against pagu − blokir of its budget in force.
with plan as (
    select thang, kdsatker, sum(rencana) as rencana_tahun
    from {{ ref('int_rpd_plan') }}
    group by thang, kdsatker
),

budget as (
    select thang, kdsatker, sum(pagu - blokir) as pagu_efektif
    from {{ ref('int_budget_in_force') }}
    group by thang, kdsatker
),

joined as (
    select
        plan.thang,
        plan.kdsatker,
        cast(plan.rencana_tahun as decimal(18, 2)) as rencana_tahun,
        cast(coalesce(budget.pagu_efektif, 0) as decimal(18, 2)) as pagu_efektif
    from plan
    left join budget
        on plan.thang = budget.thang
        and plan.kdsatker = budget.kdsatker
)

select
    thang,
    kdsatker,
    rencana_tahun,
    pagu_efektif,
    cast(rencana_tahun - pagu_efektif as decimal(18, 2)) as selisih,
    case
        when pagu_efektif = 0 then case when rencana_tahun = 0 then 0 else 100 end
        else round(abs(rencana_tahun - pagu_efektif) * 100 / pagu_efektif, 4)
    end as selisih_pct
from joined
