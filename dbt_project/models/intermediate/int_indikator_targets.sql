-- Yearly targets per office: the office rows (kdsatker <> '*') of the current
-- indikator file of each year that carry a target.
with current_files as (
    select file_id
    from {{ ref('int_file_deliveries') }}
    where feed = 'indikator'
        and is_current
),

target_rows as (
    select indikator.*
    from {{ ref('stg_indikator') }} as indikator
    inner join current_files
        on indikator.file_id = current_files.file_id
    where indikator.kdsatker <> '*'
        and indikator.target is not null
)

select
    thang,
    kdsatker,
    indikator_id,
    target
from target_rows
