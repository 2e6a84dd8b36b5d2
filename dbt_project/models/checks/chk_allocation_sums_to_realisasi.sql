-- One row per budget line of marts.budget_line_trace: its realisasi against
-- the sum of what was allocated to its indicators (they must be equal to the
-- cent), and whether the line-level columns agree on every row of the line
-- (realisasi, pagu and is_traced the same on all rows; an untraced line is a
-- single row).
with trace as (
    select * from {{ ref('budget_line_trace') }}
),

lines as (
    select
        thang,
        kdsatker,
        kode_anggaran,
        min(realisasi) as realisasi,
        max(realisasi) as realisasi_max,
        min(pagu) as pagu_min,
        max(pagu) as pagu_max,
        sum(realisasi_dialokasikan) as total_dialokasikan,
        count(distinct is_traced) as is_traced_values,
        bool_or(not is_traced) as has_untraced_row,
        count(*) as row_count
    from trace
    group by thang, kdsatker, kode_anggaran
)

select
    thang,
    kdsatker,
    kode_anggaran,
    cast(realisasi as decimal(18, 2)) as realisasi,
    cast(total_dialokasikan as decimal(18, 2)) as total_dialokasikan,
    not coalesce(
        realisasi <> realisasi_max
        or pagu_min <> pagu_max
        or is_traced_values > 1
        or (has_untraced_row and row_count > 1),
        false
    ) as baris_seragam
from lines
