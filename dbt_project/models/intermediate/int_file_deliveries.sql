-- Every file of the ledger with its delivery status derived:
-- for each delivery_key the current file is the latest loaded one by
-- landed_at then file_name (pengaduan: latest snapshot_date first);
-- the other loaded files of that key are superseded.
with ledger as (
    select * from {{ ref('stg_file_ledger') }}
),

accepted as (
    select
        file_id,
        row_number() over (
            partition by coalesce(delivery_key, 'file:' || file_id)
            order by
                case when feed = 'pengaduan' then snapshot_date end desc nulls last,
                landed_at desc nulls last,
                file_name desc,
                file_id desc
        ) as delivery_rank
    from ledger
    where ingest_status = 'loaded'
),

final as (
    select
        ledger.file_id,
        ledger.file_hash,
        ledger.feed,
        ledger.file_name,
        ledger.source_file,
        ledger.kdsatker,
        ledger.thang,
        ledger.bulan,
        ledger.revisi,
        ledger.snapshot_date,
        ledger.delivery_key,
        ledger.landed_at,
        ledger.loaded_at,
        ledger.ingest_status,
        ledger.row_count,
        ledger.amount_total,
        ledger.error,
        accepted.delivery_rank,
        coalesce(accepted.delivery_rank = 1, false) as is_current,
        case
            when accepted.delivery_rank is null then 'rejected'
            when accepted.delivery_rank = 1 then 'loaded'
            else 'superseded'
        end as status
    from ledger
    left join accepted
        on ledger.file_id = accepted.file_id
)

select * from final
