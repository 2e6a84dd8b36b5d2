with source as (
    select * from {{ source('raw', 'indikator') }}
),

renamed as (
    select
        cast(thang as integer) as thang,
        cast(indikator_id as varchar) as indikator_id,
        cast(nama as varchar) as nama_indikator,
        cast(lower(trim(tingkat)) as varchar) as tingkat,
        cast(trim(satuan) as varchar) as satuan,
        cast(lower(trim(arah)) as varchar) as arah,
        cast(trim(ukuran) as varchar) as ukuran,
        -- '*' marks the catalogue row, an office code a target row
        cast(coalesce(nullif(trim(kdsatker), ''), '*') as varchar) as kdsatker,
        cast(target as decimal(18, 4)) as target,
        cast(_file_id as varchar) as file_id,
        cast(_file_hash as varchar) as file_hash,
        cast(_source_file as varchar) as source_file,
        cast(_row_number as integer) as source_row_number
    from source
)

select * from renamed
