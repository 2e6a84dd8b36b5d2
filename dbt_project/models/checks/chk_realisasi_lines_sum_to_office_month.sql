-- The audit trail (marts.realisasi_lines) summed per office and month against
-- office_month.realisasi_bulan.
with lines as (
    select thang, kdsatker, bulan, sum(nilai) as realisasi_lines
    from {{ ref('realisasi_lines') }}
    group by thang, kdsatker, bulan
),

months as (
    select thang, kdsatker, bulan, realisasi_bulan
    from {{ ref('office_month') }}
)

select
    coalesce(lines.thang, months.thang) as thang,
    coalesce(lines.kdsatker, months.kdsatker) as kdsatker,
    coalesce(lines.bulan, months.bulan) as bulan,
    cast(coalesce(lines.realisasi_lines, 0) as decimal(18, 2)) as realisasi_lines,
    cast(coalesce(months.realisasi_bulan, 0) as decimal(18, 2)) as realisasi_bulan
from lines
full outer join months
    on lines.thang = months.thang
    and lines.kdsatker = months.kdsatker
    and lines.bulan = months.bulan
