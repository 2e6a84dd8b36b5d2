-- kdakun and kode_ro come filled from ingest (pipelines/ingest/feeds/base.py,
-- budget_code_fields: the parts of the parsed kode_anggaran; a file with a
-- line whose code cannot be read is rejected whole), so they are not derived
-- here again (guarded by tests/assert_sp2d_as_ingest_guarantees.sql).
with source as (
    select * from {{ source('raw', 'sp2d') }}
),

renamed as (
    select
        cast(kdsatker as varchar) as kdsatker,
        cast(thang as integer) as thang,
        cast(bulan as integer) as bulan,
        cast(no_sp2d as varchar) as no_sp2d,
        cast(tgl_sp2d as date) as tgl_sp2d,
        cast(kode_anggaran as varchar) as kode_anggaran,
        cast(kdprogram as varchar) as kdprogram,
        cast(kdgiat as varchar) as kdgiat,
        cast(kdkro as varchar) as kdkro,
        cast(kdro as varchar) as kdro,
        cast(kdkmpnen as varchar) as kdkmpnen,
        cast(kdskmpnen as varchar) as kdskmpnen,
        cast(kdakun as varchar) as kdakun,
        cast(kode_ro as varchar) as kode_ro,
        cast(nilai as decimal(18, 2)) as nilai,
        cast(nullif(trim(jenis_spm), '') as varchar) as jenis_spm,
        cast(uraian as varchar) as uraian,
        cast(_file_id as varchar) as file_id,
        cast(_file_hash as varchar) as file_hash,
        cast(_source_file as varchar) as source_file,
        cast(_row_number as integer) as source_row_number
    from source
)

select * from renamed
