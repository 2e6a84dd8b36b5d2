with source as (
    select * from {{ source('raw', 'rpd') }}
),

renamed as (
    select
        cast(thang as integer) as thang,
        cast(kdsatker as varchar) as kdsatker,
        cast(berlaku_mulai as integer) as berlaku_mulai,
        cast(jenis_belanja as varchar) as jenis_belanja,
        cast(bulan as integer) as bulan,
        cast(rencana as decimal(18, 2)) as rencana,
        cast(_file_id as varchar) as file_id,
        cast(_source_file as varchar) as source_file,
        cast(_row_number as integer) as source_row_number
    from source
)

select * from renamed
