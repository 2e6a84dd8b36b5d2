-- The indicator catalogue in force per year: the '*' rows of the current
-- indikator file of each year.
with current_files as (
    select file_id
    from {{ ref('int_file_deliveries') }}
    where feed = 'indikator'
        and is_current
),

catalogue_rows as (
    select indikator.*
    from {{ ref('stg_indikator') }} as indikator
    inner join current_files
        on indikator.file_id = current_files.file_id
    where indikator.kdsatker = '*'
)

select
    thang,
    indikator_id,
    nama_indikator,
    tingkat,
    satuan,
    arah,
    ukuran,
    {{ is_cumulative_satuan('satuan') }} as is_kumulatif,
    case
        when ukuran like 'volume_ro:%' then trim(substr(ukuran, length('volume_ro:') + 1))
    end as ukuran_kode_ro
from catalogue_rows
