-- The results-chain mapping in force: the rows of the current peta_hasil
-- file of each year ('*' rows and office rows). A (ro, indikator) pair listed
-- twice in one file is summed.
with current_files as (
    select file_id
    from {{ ref('int_file_deliveries') }}
    where feed = 'peta_hasil'
        and is_current
),

rows_in_force as (
    select peta.*
    from {{ ref('stg_peta_hasil') }} as peta
    inner join current_files
        on peta.file_id = current_files.file_id
)

select
    thang,
    kdsatker,
    kode_ro,
    indikator_id,
    cast(sum(porsi_pct) as decimal(9, 2)) as porsi_pct
from rows_in_force
group by thang, kdsatker, kode_ro, indikator_id
