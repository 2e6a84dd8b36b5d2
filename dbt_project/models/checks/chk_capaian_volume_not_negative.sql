-- Every monthly RO output volume as loaded, with the file and row it came from.
select
    kdsatker,
    thang,
    bulan,
    kode_ro,
    volume,
    _source_file,
    _row_number
from {{ source('raw', 'capaian_ro') }}
