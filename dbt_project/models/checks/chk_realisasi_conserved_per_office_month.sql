-- Realisasi per office and month as the accepted SP2D file says (the ledger's
-- amount_total, summed by the loader from the file's own rows) against
-- marts.office_month. Which delivery is in force is decided once, in
-- int_file_deliveries (is_current), for the marts and for this check alike.
with files_in_force as (
    select kdsatker, thang, bulan, amount_total
    from {{ ref('int_file_deliveries') }}
    where feed = 'sp2d' and is_current
),

files as (
    select kdsatker, thang, bulan, sum(amount_total) as realisasi_file
    from files_in_force
    group by kdsatker, thang, bulan
),

marts as (
    select kdsatker, thang, bulan, realisasi_bulan as realisasi_mart
    from {{ ref('office_month') }}
)

select
    coalesce(files.kdsatker, marts.kdsatker) as kdsatker,
    coalesce(files.thang, marts.thang) as thang,
    coalesce(files.bulan, marts.bulan) as bulan,
    cast(coalesce(files.realisasi_file, 0) as decimal(18, 2)) as realisasi_file,
    cast(coalesce(marts.realisasi_mart, 0) as decimal(18, 2)) as realisasi_mart
from files
full outer join marts
    on files.kdsatker = marts.kdsatker
    and files.thang = marts.thang
    and files.bulan = marts.bulan
