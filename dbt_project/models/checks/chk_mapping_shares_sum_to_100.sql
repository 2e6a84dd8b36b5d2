-- The effective mapping's total share per (year, office, RO).
with mapping as (
    select * from {{ ref('int_mapping_effective') }}
)

select
    thang,
    kdsatker,
    kode_ro,
    cast(max(total_porsi_pct) as decimal(18, 2)) as total_porsi_pct
from mapping
group by thang, kdsatker, kode_ro
