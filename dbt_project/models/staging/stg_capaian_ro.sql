with source as (
    select * from {{ source('raw', 'capaian_ro') }}
),

renamed as (
    select
        cast(thang as integer) as thang,
        cast(bulan as integer) as bulan,
        cast(kdsatker as varchar) as kdsatker,
        cast(kode_ro as varchar) as kode_ro,
        cast(satuan as varchar) as satuan,
        cast(target as decimal(18, 4)) as target,
        cast(volume as decimal(18, 4)) as volume,
        cast(_file_id as varchar) as file_id,
        cast(_file_hash as varchar) as file_hash,
        cast(_source_file as varchar) as source_file,
        cast(_row_number as integer) as source_row_number
    from source
)

select * from renamed
