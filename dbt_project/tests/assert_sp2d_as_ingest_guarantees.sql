-- What the models take from ingest without working it out again: every SP2D
-- line's date falls in the month of its file (pipelines/ingest/feeds/sp2d.py
-- rejects the whole file otherwise), so int_sp2d_lines uses the file's
-- `bulan` and needs no year filter; and its kdakun and kode_ro are the parts
-- of its kode_anggaran (pipelines/ingest/feeds/base.py, budget_code_fields),
-- so stg_sp2d does not derive them. Lists the lines that break either.
select
    file_id,
    source_row_number,
    thang,
    bulan,
    tgl_sp2d,
    kode_anggaran,
    kdakun,
    kode_ro
from {{ ref('stg_sp2d') }}
where tgl_sp2d is null
    or extract(year from tgl_sp2d) <> thang
    or extract(month from tgl_sp2d) <> bulan
    or kdakun is null
    or kdakun <> split_part(kode_anggaran, '.', 7)
    or kode_ro is null
    or kode_ro <> kdgiat || '.' || kdkro || '.' || kdro
