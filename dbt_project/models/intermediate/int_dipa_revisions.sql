-- All DIPA revisions (history): the lines of the current delivery of every
-- (thang, kdsatker, revisi). The highest revision per (thang, kdsatker) is
-- flagged as the budget in force.
with current_files as (
    select file_id
    from {{ ref('int_file_deliveries') }}
    where feed = 'dipa'
        and is_current
),

lines as (
    select dipa.*
    from {{ ref('stg_dipa') }} as dipa
    inner join current_files
        on dipa.file_id = current_files.file_id
),

latest_revision as (
    select
        thang,
        kdsatker,
        max(revisi) as revisi_berlaku
    from lines
    group by thang, kdsatker
),

final as (
    select
        lines.thang,
        lines.kdsatker,
        lines.revisi,
        lines.kode_anggaran,
        lines.kdprogram,
        lines.kdgiat,
        lines.kdkro,
        lines.kdro,
        lines.kdkmpnen,
        lines.kdskmpnen,
        lines.kdakun,
        lines.kode_ro,
        lines.uraian,
        lines.pagu,
        lines.blokir,
        lines.revisi = latest_revision.revisi_berlaku as is_in_force,
        lines.file_id,
        lines.source_file,
        lines.source_row_number
    from lines
    inner join latest_revision
        on lines.thang = latest_revision.thang
        and lines.kdsatker = latest_revision.kdsatker
)

select * from final
