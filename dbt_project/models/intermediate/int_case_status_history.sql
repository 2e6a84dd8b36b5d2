-- Case status history: every case in every loaded pengaduan snapshot of each
-- office (one file per (kdsatker, snapshot_date): the last landed), with the
-- status of the previous snapshot, so status changes stay queryable.
with snapshot_files as (
    select
        file_id,
        kdsatker,
        snapshot_date,
        is_current,
        row_number() over (
            partition by kdsatker, snapshot_date
            order by landed_at desc nulls last, file_name desc, file_id desc
        ) as rank_in_day
    from {{ ref('int_file_deliveries') }}
    where feed = 'pengaduan'
        and status <> 'rejected'
),

cases as (
    select
        pengaduan.*,
        snapshot_files.is_current as is_latest_snapshot
    from {{ ref('stg_pengaduan') }} as pengaduan
    inner join snapshot_files
        on pengaduan.file_id = snapshot_files.file_id
        and snapshot_files.rank_in_day = 1
),

final as (
    select
        snapshot_date,
        kdsatker,
        no_aduan,
        tgl_aduan,
        kanal,
        negara_penempatan,
        jenis_masalah,
        status,
        lag(status) over (
            partition by kdsatker, no_aduan order by snapshot_date
        ) as status_sebelumnya,
        tgl_selesai,
        hasil,
        nilai_hak,
        kode_ro,
        pmi_key,
        jenis_kelamin,
        kelompok_umur,
        kode_provinsi_asal,
        is_latest_snapshot,
        file_id,
        source_file,
        source_row_number
    from cases
)

select * from final
