-- Which RPD delivery is in force for each month of an office's year: the
-- latest-landed accepted delivery (landed_at, then file_name) whose
-- berlaku_mulai <= bulan. An update from April therefore never rewrites
-- January to March. Office-years without an accepted RPD delivery have no
-- rows (no plan); months before the earliest berlaku_mulai of an office-year
-- with a plan have no delivery in force (planned 0).
with deliveries as (
    select
        file_id,
        thang,
        kdsatker,
        coalesce(bulan, 1) as berlaku_mulai,
        file_name,
        source_file,
        landed_at
    from {{ ref('int_file_deliveries') }}
    where feed = 'rpd'
        and ingest_status = 'loaded'
        and thang is not null
        and kdsatker is not null
),

months as (
    {{ month_numbers() }}
),

candidates as (
    select
        deliveries.thang,
        deliveries.kdsatker,
        months.bulan,
        deliveries.file_id,
        deliveries.file_name,
        deliveries.source_file,
        deliveries.berlaku_mulai,
        deliveries.landed_at,
        row_number() over (
            partition by deliveries.thang, deliveries.kdsatker, months.bulan
            order by deliveries.landed_at desc, deliveries.file_name desc, deliveries.file_id desc
        ) as rank_landed
    from deliveries
    inner join months
        on months.bulan >= deliveries.berlaku_mulai
)

select
    thang,
    kdsatker,
    bulan,
    file_id,
    file_name,
    source_file,
    berlaku_mulai,
    landed_at
from candidates
where rank_landed = 1
