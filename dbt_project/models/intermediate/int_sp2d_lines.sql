-- SP2D lines that count as realisasi: the lines of the current delivery of
-- each (kdsatker, month). Refunds (negative nilai) count. The contract counts
-- lines whose tgl_sp2d falls in the year; ingest rejects a file with a date
-- outside the month its name says (pipelines/ingest/feeds/sp2d.py), so every
-- line's tgl_sp2d is in (thang, bulan) of its file and `bulan` is its month
-- (tests/assert_sp2d_as_ingest_guarantees.sql guards this).
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
    bulan,
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
