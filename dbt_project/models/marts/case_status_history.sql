-- Extension of the contract: the status of every case in every loaded
-- snapshot, so an auditor can see when a case moved (e.g. Dalam Proses ->
-- Selesai). No personal data: cases are identified by office and number.
with history as (
    select * from {{ ref('int_case_status_history') }}
)

select
    cast(md5(kdsatker || ':' || no_aduan) as varchar) as case_key,
    cast(kdsatker as varchar) as kdsatker,
    cast(no_aduan as varchar) as no_aduan,
    cast(snapshot_date as date) as snapshot_date,
    cast(status as varchar) as status,
    cast(status_sebelumnya as varchar) as status_sebelumnya,
    cast(tgl_aduan as date) as tgl_aduan,
    cast(tgl_selesai as date) as tgl_selesai,
    cast(hasil as varchar) as hasil,
    cast(nilai_hak as decimal(18, 2)) as nilai_hak,
    cast(is_latest_snapshot as boolean) as is_snapshot_terbaru,
    cast(source_file as varchar) as source_file
from history
