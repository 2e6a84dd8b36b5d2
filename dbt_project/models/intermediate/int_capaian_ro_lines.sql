-- Monthly RO volumes that count: the rows of the current capaian_ro delivery
-- of each (kdsatker, month).
with current_files as (
    select file_id
    from {{ ref('int_file_deliveries') }}
    where feed = 'capaian_ro'
        and is_current
)

select
    capaian.thang,
    capaian.bulan,
    capaian.kdsatker,
    capaian.kode_ro,
    capaian.satuan,
    capaian.target,
    capaian.volume,
    capaian.file_id
from {{ ref('stg_capaian_ro') }} as capaian
inner join current_files
    on capaian.file_id = current_files.file_id
