-- IKPA-style execution per office, month and spending type: the plan in
-- force (Halaman III DIPA) against realisasi, and the month's deviation.
with execution as (
    select * from {{ ref('int_execution_month') }}
)

select
    cast(thang as integer) as thang,
    cast(bulan as integer) as bulan,
    cast(kdsatker as varchar) as kdsatker,
    cast(jenis_belanja as varchar) as jenis_belanja,
    cast(pagu_efektif as decimal(18, 2)) as pagu_efektif,
    cast(rencana_bulan as decimal(18, 2)) as rencana_bulan,
    cast(realisasi_bulan as decimal(18, 2)) as realisasi_bulan,
    cast(rencana_kumulatif as decimal(18, 2)) as rencana_kumulatif,
    cast(realisasi_kumulatif as decimal(18, 2)) as realisasi_kumulatif,
    cast({{ publish_score('deviasi_units') }} as decimal(9, 2)) as deviasi_pct
from execution
