-- Every budget line with realisasi, and whether it is traced to an indicator.
with trace as (
    select * from {{ ref('budget_line_trace') }}
)

select
    thang,
    kdsatker,
    kode_anggaran,
    kode_ro,
    realisasi,
    bool_or(is_traced) as is_traced
from trace
where realisasi <> 0
group by thang, kdsatker, kode_anggaran, kode_ro, realisasi
