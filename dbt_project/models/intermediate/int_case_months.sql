-- Cases per office and calendar month (latest snapshot): received by the
-- month of tgl_aduan, resolved (status Selesai) by the month of tgl_selesai.
with cases as (
    select * from {{ ref('int_cases_current') }}
),

received_cases as (
    select
        cast(extract(year from tgl_aduan) as integer) as thang,
        cast(extract(month from tgl_aduan) as integer) as bulan,
        kdsatker
    from cases
    where tgl_aduan is not null
),

resolved_cases as (
    select
        cast(extract(year from tgl_selesai) as integer) as thang,
        cast(extract(month from tgl_selesai) as integer) as bulan,
        kdsatker
    from cases
    where status = 'Selesai'
        and tgl_selesai is not null
),

received as (
    select
        thang,
        bulan,
        kdsatker,
        count(*) as kasus_diterima_bulan
    from received_cases
    group by thang, bulan, kdsatker
),

resolved as (
    select
        thang,
        bulan,
        kdsatker,
        count(*) as kasus_selesai_bulan
    from resolved_cases
    group by thang, bulan, kdsatker
)

select
    coalesce(received.thang, resolved.thang) as thang,
    coalesce(received.bulan, resolved.bulan) as bulan,
    coalesce(received.kdsatker, resolved.kdsatker) as kdsatker,
    cast(coalesce(received.kasus_diterima_bulan, 0) as integer) as kasus_diterima_bulan,
    cast(coalesce(resolved.kasus_selesai_bulan, 0) as integer) as kasus_selesai_bulan
from received
full outer join resolved
    on received.thang = resolved.thang
    and received.bulan = resolved.bulan
    and received.kdsatker = resolved.kdsatker
