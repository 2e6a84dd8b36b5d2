with source as (
    select * from {{ source('raw', 'pengaduan') }}
),

renamed as (
    select
        cast(snapshot_date as date) as snapshot_date,
        cast(kdsatker as varchar) as kdsatker,
        cast(no_aduan as varchar) as no_aduan,
        cast(tgl_aduan as date) as tgl_aduan,
        cast(kanal as varchar) as kanal,
        cast(negara_penempatan as varchar) as negara_penempatan,
        cast(jenis_masalah as varchar) as jenis_masalah,
        cast(status as varchar) as status,
        cast(tgl_selesai as date) as tgl_selesai,
        cast(hasil as varchar) as hasil,
        cast(coalesce(nilai_hak, 0) as decimal(18, 2)) as nilai_hak,
        cast(nullif(trim(kode_ro), '') as varchar) as kode_ro,
        cast(pmi_key as varchar) as pmi_key,
        cast(jenis_kelamin as varchar) as jenis_kelamin,
        cast(kelompok_umur as varchar) as kelompok_umur,
        cast(kode_provinsi_asal as varchar) as kode_provinsi_asal,
        cast(_file_id as varchar) as file_id,
        cast(_file_hash as varchar) as file_hash,
        cast(_source_file as varchar) as source_file,
        cast(_row_number as integer) as source_row_number
    from source
)

select * from renamed
