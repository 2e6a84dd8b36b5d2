-- SP2D lines that count as realisasi: lines of the current delivery of each
-- (kdsatker, month) whose tgl_sp2d falls in the fiscal year. Refunds
-- (negative nilai) count.
with current_files as (
    select file_id
    from {{ ref('int_file_deliveries') }}
    where feed = 'sp2d'
        and is_current
),

lines as (
    select sp2d.*
    from {{ ref('stg_sp2d') }} as sp2d
    inner join current_files
        on sp2d.file_id = current_files.file_id
)

select
    thang,
    kdsatker,
    cast(extract(month from tgl_sp2d) as integer) as bulan,
    no_sp2d,
    tgl_sp2d,
    kode_anggaran,
    kode_ro,
    kdakun,
    nilai,
    jenis_spm,
    uraian,
    file_id,
    source_file,
    source_row_number
from lines
where extract(year from tgl_sp2d) = thang
