-- Office-years that have a plan: at least one accepted RPD delivery. The
-- Yardsticks' deviation is NULL (not 0) for the others.
select distinct
    thang,
    kdsatker
from {{ ref('int_file_deliveries') }}
where feed = 'rpd'
    and ingest_status = 'loaded'
    and thang is not null
    and kdsatker is not null
