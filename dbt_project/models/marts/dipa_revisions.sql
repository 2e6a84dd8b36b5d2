-- Extension of the contract: every budget line of every DIPA revision (the
-- current delivery of each revision), with the revision in force flagged, so
-- pagu changes across revisions stay queryable.
with revisions as (
    select * from {{ ref('int_dipa_revisions') }}
),

offices as (
    select * from {{ ref('offices') }}
)

select
    cast(revisions.thang as integer) as thang,
    cast(revisions.kdsatker as varchar) as kdsatker,
    cast(offices.nama_satker as varchar) as nama_satker,
    cast(revisions.revisi as integer) as revisi,
    cast(revisions.kode_anggaran as varchar) as kode_anggaran,
    cast(revisions.kode_ro as varchar) as kode_ro,
    cast(revisions.kdakun as varchar) as kdakun,
    cast(revisions.uraian as varchar) as uraian,
    cast(revisions.pagu as decimal(18, 2)) as pagu,
    cast(revisions.blokir as decimal(18, 2)) as blokir,
    cast(revisions.is_in_force as boolean) as is_berlaku,
    cast(revisions.source_file as varchar) as source_file
from revisions
left join offices
    on revisions.kdsatker = offices.kdsatker
