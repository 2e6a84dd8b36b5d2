-- One row per case in the latest snapshot of each office, without personal
-- data: the worker is only a keyed hash (pmi_key) and derived fields.
with cases as (
    select * from {{ ref('int_cases_current') }}
)

select
    cast(case_key as varchar) as case_key,
    cast(kdsatker as varchar) as kdsatker,
    cast(no_aduan as varchar) as no_aduan,
    cast(tgl_aduan as date) as tgl_aduan,
    cast(kanal as varchar) as kanal,
    cast(negara_penempatan as varchar) as negara_penempatan,
    cast(jenis_masalah as varchar) as jenis_masalah,
    cast(status as varchar) as status,
    cast(tgl_selesai as date) as tgl_selesai,
    cast(hari_penyelesaian as integer) as hari_penyelesaian,
    cast(hasil as varchar) as hasil,
    cast(nilai_hak as decimal(18, 2)) as nilai_hak,
    cast(kode_ro as varchar) as kode_ro,
    cast(pmi_key as varchar) as pmi_key,
    cast(jenis_kelamin as varchar) as jenis_kelamin,
    cast(kelompok_umur as varchar) as kelompok_umur,
    cast(kode_provinsi_asal as varchar) as kode_provinsi_asal,
    cast(snapshot_date as date) as snapshot_date
from cases
