-- For every budget line the allocated amounts sum exactly to its realisasi,
-- and the line-level columns are the same on all its rows.
select
    thang,
    kdsatker,
    kode_anggaran,
    min(realisasi) as realisasi,
    sum(realisasi_dialokasikan) as total_dialokasikan
from {{ ref('budget_line_trace') }}
group by thang, kdsatker, kode_anggaran
having sum(realisasi_dialokasikan) <> min(realisasi)
    or min(realisasi) <> max(realisasi)
    or min(pagu) <> max(pagu)
    or count(distinct is_traced) > 1
    or (bool_or(not is_traced) and count(*) > 1)
