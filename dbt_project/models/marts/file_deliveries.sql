-- Every file ever seen (by content hash, under its name: the same bytes
-- delivered under another name are another delivery): who delivered what and
-- when, and what must be sent again.
with deliveries as (
    select * from {{ ref('int_file_deliveries') }}
)

select
    cast(feed as varchar) as feed,
    cast(file_name as varchar) as file_name,
    cast(kdsatker as varchar) as kdsatker,
    cast(thang as integer) as thang,
    cast(bulan as integer) as bulan,
    cast(landed_at as timestamp) as landed_at,
    cast(loaded_at as timestamp) as loaded_at,
    cast(status as varchar) as status,
    cast(row_count as integer) as {{ adapter.quote('rows') }},
    cast(error as varchar) as error,
    cast(file_hash as varchar) as file_hash,
    cast(delivery_key as varchar) as delivery_key,
    cast(revisi as integer) as revisi,
    cast(snapshot_date as date) as snapshot_date,
    cast(source_file as varchar) as source_file,
    cast(file_id as varchar) as file_id
from deliveries
