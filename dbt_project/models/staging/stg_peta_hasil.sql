with source as (
    select * from {{ source('raw', 'peta_hasil') }}
),

renamed as (
    select
        cast(thang as integer) as thang,
        -- empty or '*' means every office
        cast(coalesce(nullif(trim(kdsatker), ''), '*') as varchar) as kdsatker,
        cast(kode_ro as varchar) as kode_ro,
        cast(indikator_id as varchar) as indikator_id,
        cast(porsi_pct as decimal(9, 2)) as porsi_pct,
        cast(_file_id as varchar) as file_id,
        cast(_file_hash as varchar) as file_hash,
        cast(_source_file as varchar) as source_file,
        cast(_row_number as integer) as source_row_number
    from source
)

select * from renamed
