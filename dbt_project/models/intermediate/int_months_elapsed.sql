-- Months elapsed m per (thang, kdsatker): the latest month with an accepted
-- (not rejected) SP2D delivery for that office and year.
with deliveries as (
    select * from {{ ref('int_file_deliveries') }}
)

select
    thang,
    kdsatker,
    cast(max(bulan) as integer) as bulan_berjalan
from deliveries
where feed = 'sp2d'
    and status <> 'rejected'
    and thang is not null
    and kdsatker is not null
    and bulan is not null
group by thang, kdsatker
