-- Extension of the contract: did every office deliver its monthly files on
-- time? One row per (office of the reference list, monthly feed sp2d /
-- capaian_ro, thang, bulan) for every month from January up to last month,
-- relative to a reference date. A month's files are due by the 10th of the
-- next month (end of that day, WIB; the day is the var `tenggat_hari` of
-- dbt_project.yml, stated nowhere else). Only accepted (loaded or superseded)
-- deliveries count; the first one that landed decides punctuality, later
-- corrections do not make a month late.
--
-- Reference date (`tanggal_acuan`): the dbt var `as_of_date` (YYYY-MM-DD),
-- else the environment variable JEJAK_AS_OF_DATE, else today in Asia/Jakarta.
-- Files that landed after the reference date are not counted, so a past
-- reference date reproduces what was known that day.
--
-- The table never carries the reference date itself: every status is a pure
-- function of the deliveries and of the status period the reference date
-- falls in (`berlaku_sejak`: the 1st of its month, or the 11th once that
-- month's deadline has passed). Between two period starts the table is
-- identical from one night to the next, which lets a night with no new files
-- skip the rebuild (pipelines/transform/build_state.py). Days overdue keep
-- growing every day, so for `lewat tenggat` hari_terlambat is NULL; readers
-- compute current_date - tanggal_tenggat.
--
-- status:
--   tepat waktu        accepted file landed on or before the deadline
--   terlambat          accepted file landed after the deadline
--   belum jatuh tempo  no accepted file yet, the deadline has not passed
--   lewat tenggat      no accepted file and the deadline has passed (overdue)
{%- set as_of = var('as_of_date', env_var('JEJAK_AS_OF_DATE', '')) %}
{%- set tenggat_hari = var('tenggat_hari') %}

with reference_date as (
    select
        {%- if as_of %}
        cast('{{ as_of }}' as date) as tanggal_acuan
        {%- else %}
        {{ current_date_in('Asia/Jakarta') }} as tanggal_acuan
        {%- endif %}
),

last_month as (
    select
        tanggal_acuan,
        cast(date_trunc('month', tanggal_acuan) - interval '1 month' as date) as bulan_lalu,
        case
            when extract(day from tanggal_acuan) > {{ tenggat_hari }}
                then cast(date_trunc('month', tanggal_acuan) + interval '{{ tenggat_hari }} days' as date)
            else cast(date_trunc('month', tanggal_acuan) as date)
        end as berlaku_sejak
    from reference_date
),

months as (
    select
        cast(extract(year from last_month.bulan_lalu) as integer) as thang,
        month_numbers.bulan,
        last_month.tanggal_acuan,
        last_month.berlaku_sejak
    from last_month
    inner join ({{ month_numbers() }}) as month_numbers
        on month_numbers.bulan <= extract(month from last_month.bulan_lalu)
),

feeds as (
    select feed
    from (values ('sp2d'), ('capaian_ro')) as monthly_feeds (feed)
),

offices as (
    select * from {{ ref('offices') }}
),

spine as (
    select
        offices.kdsatker,
        offices.nama_satker,
        feeds.feed,
        months.thang,
        months.bulan,
        months.tanggal_acuan,
        months.berlaku_sejak,
        cast(make_date(months.thang, months.bulan, {{ tenggat_hari }}) + interval '1 month' as date)
            as tanggal_tenggat
    from offices
    cross join feeds
    cross join months
),

-- landed_at is UTC; the deadline is a calendar day in WIB (UTC+7).
deliveries as (
    select
        deliveries.feed,
        deliveries.kdsatker,
        deliveries.thang,
        deliveries.bulan,
        deliveries.file_name,
        deliveries.landed_at,
        deliveries.status,
        cast(deliveries.landed_at + interval '7 hours' as date) as tanggal_landed_wib
    from {{ ref('int_file_deliveries') }} as deliveries
    cross join reference_date
    where deliveries.feed in ('sp2d', 'capaian_ro')
        and cast(deliveries.landed_at + interval '7 hours' as date)
        <= reference_date.tanggal_acuan
),

first_accepted as (
    select
        feed,
        kdsatker,
        thang,
        bulan,
        file_name,
        landed_at,
        tanggal_landed_wib,
        row_number() over (
            partition by feed, kdsatker, thang, bulan
            order by landed_at, file_name
        ) as urutan
    from deliveries
    where status <> 'rejected'
),

rejected as (
    select
        feed,
        kdsatker,
        thang,
        bulan,
        count(*) as jumlah_berkas_ditolak
    from deliveries
    where status = 'rejected'
    group by feed, kdsatker, thang, bulan
),

final as (
    select
        spine.thang,
        spine.bulan,
        spine.kdsatker,
        spine.nama_satker,
        spine.feed,
        spine.tanggal_tenggat,
        first_accepted.landed_at,
        first_accepted.file_name,
        coalesce(rejected.jumlah_berkas_ditolak, 0) as jumlah_berkas_ditolak,
        case
            when first_accepted.landed_at is not null
                and first_accepted.tanggal_landed_wib <= spine.tanggal_tenggat
                then 'tepat waktu'
            when first_accepted.landed_at is not null then 'terlambat'
            when spine.tanggal_acuan <= spine.tanggal_tenggat then 'belum jatuh tempo'
            else 'lewat tenggat'
        end as status,
        case
            when first_accepted.landed_at is not null
                and first_accepted.tanggal_landed_wib > spine.tanggal_tenggat
                then {{ days_between('spine.tanggal_tenggat', 'first_accepted.tanggal_landed_wib') }}
            when first_accepted.landed_at is null
                and spine.tanggal_acuan > spine.tanggal_tenggat
                then null
            else 0
        end as hari_terlambat,
        spine.berlaku_sejak
    from spine
    left join first_accepted
        on spine.feed = first_accepted.feed
        and spine.kdsatker = first_accepted.kdsatker
        and spine.thang = first_accepted.thang
        and spine.bulan = first_accepted.bulan
        and first_accepted.urutan = 1
    left join rejected
        on spine.feed = rejected.feed
        and spine.kdsatker = rejected.kdsatker
        and spine.thang = rejected.thang
        and spine.bulan = rejected.bulan
)

select
    cast(thang as integer) as thang,
    cast(bulan as integer) as bulan,
    cast(kdsatker as varchar) as kdsatker,
    cast(nama_satker as varchar) as nama_satker,
    cast(feed as varchar) as feed,
    cast(tanggal_tenggat as date) as tanggal_tenggat,
    cast(landed_at as timestamp) as landed_at,
    cast(file_name as varchar) as file_name,
    cast(jumlah_berkas_ditolak as integer) as jumlah_berkas_ditolak,
    cast(status as varchar) as status,
    cast(hari_terlambat as integer) as hari_terlambat,
    cast(berlaku_sejak as date) as berlaku_sejak
from final
