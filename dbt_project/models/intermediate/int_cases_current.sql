-- The cases of the latest snapshot of each office, with a stable key and the
-- days to resolution.
with history as (
    select * from {{ ref('int_case_status_history') }}
)

select
    md5(kdsatker || ':' || no_aduan) as case_key,
    snapshot_date,
    kdsatker,
    no_aduan,
    tgl_aduan,
    kanal,
    negara_penempatan,
    jenis_masalah,
    status,
    tgl_selesai,
    cast({{ days_between('tgl_aduan', 'tgl_selesai') }} as integer) as hari_penyelesaian,
    hasil,
    nilai_hak,
    kode_ro,
    pmi_key,
    jenis_kelamin,
    kelompok_umur,
    kode_provinsi_asal
from history
where is_latest_snapshot
