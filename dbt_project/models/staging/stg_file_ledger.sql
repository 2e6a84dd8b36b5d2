with source as (
    select * from {{ source('raw', 'file_ledger') }}
),

renamed as (
    select
        cast(file_id as varchar) as file_id,
        cast(file_hash as varchar) as file_hash,
        lower(trim(cast(feed as varchar))) as feed,
        cast(file_name as varchar) as file_name,
        cast(source_file as varchar) as source_file,
        cast(kdsatker as varchar) as kdsatker,
        cast(thang as integer) as thang,
        cast(bulan as integer) as bulan,
        cast(revisi as integer) as revisi,
        cast(snapshot_date as date) as snapshot_date,
        cast(delivery_key as varchar) as delivery_key,
        cast(landed_at as timestamp) as landed_at,
        cast(loaded_at as timestamp) as loaded_at,
        lower(trim(cast(status as varchar))) as ingest_status,
        cast(row_count as integer) as row_count,
        cast(amount_total as decimal(18, 2)) as amount_total,
        cast(error as varchar) as error
    from source
)

select * from renamed
