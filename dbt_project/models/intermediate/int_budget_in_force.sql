-- Budget in force: the lines of the highest DIPA revision per (thang, kdsatker).
with revisions as (
    select * from {{ ref('int_dipa_revisions') }}
)

select
    thang,
    kdsatker,
    revisi,
    kode_anggaran,
    kode_ro,
    kdakun,
    uraian,
    pagu,
    blokir,
    file_id
from revisions
where is_in_force
