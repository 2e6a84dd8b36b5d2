-- Every budget line with realisasi, and whether it is in the DIPA in force.
with trace as (
    select * from {{ ref('budget_line_trace') }}
)

select
    thang,
    kdsatker,
    kode_anggaran,
    realisasi,
    bool_or(ada_di_dipa) as ada_di_dipa
from trace
where realisasi <> 0
group by thang, kdsatker, kode_anggaran, realisasi
