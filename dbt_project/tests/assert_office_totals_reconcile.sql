-- Totals by office and year reconcile across the marts: the scorecard's
-- realisasi equals the sum of the counted SP2D lines, the sum of
-- realisasi_dialokasikan in budget_line_trace, and the cumulative
-- realisasi of the last month in office_month; traced + untraced =
-- realisasi; untraced realisasi equals untraced_spending.
with sp2d as (
    select thang, kdsatker, sum(nilai) as realisasi
    from {{ ref('int_sp2d_lines') }}
    group by thang, kdsatker
),

trace as (
    select thang, kdsatker, sum(realisasi_dialokasikan) as realisasi
    from {{ ref('budget_line_trace') }}
    group by thang, kdsatker
),

months as (
    select
        thang,
        kdsatker,
        bulan,
        realisasi_kumulatif,
        max(bulan) over (partition by thang, kdsatker) as last_bulan
    from {{ ref('office_month') }}
),

last_month as (
    select thang, kdsatker, realisasi_kumulatif as realisasi
    from months
    where bulan = last_bulan
),

untraced as (
    select thang, kdsatker, sum(realisasi) as realisasi
    from {{ ref('untraced_spending') }}
    group by thang, kdsatker
),

scorecard as (
    select * from {{ ref('office_scorecard') }}
)

select
    scorecard.thang,
    scorecard.kdsatker,
    scorecard.realisasi,
    sp2d.realisasi as realisasi_sp2d,
    trace.realisasi as realisasi_trace,
    last_month.realisasi as realisasi_office_month,
    untraced.realisasi as realisasi_untraced_spending
from scorecard
left join sp2d
    on scorecard.thang = sp2d.thang
    and scorecard.kdsatker = sp2d.kdsatker
left join trace
    on scorecard.thang = trace.thang
    and scorecard.kdsatker = trace.kdsatker
left join last_month
    on scorecard.thang = last_month.thang
    and scorecard.kdsatker = last_month.kdsatker
left join untraced
    on scorecard.thang = untraced.thang
    and scorecard.kdsatker = untraced.kdsatker
where scorecard.realisasi <> coalesce(sp2d.realisasi, 0)
    or scorecard.realisasi <> coalesce(trace.realisasi, 0)
    or (last_month.realisasi is not null and scorecard.realisasi <> last_month.realisasi)
    or scorecard.realisasi_traced + scorecard.realisasi_untraced <> scorecard.realisasi
    or scorecard.realisasi_untraced <> coalesce(untraced.realisasi, 0)
