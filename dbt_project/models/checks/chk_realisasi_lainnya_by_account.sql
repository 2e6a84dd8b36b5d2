-- Realisasi per account with its spending group and its share of the
-- office's realisasi of the year.
with lines as (
    select thang, kdsatker, kdakun, kelompok_belanja, nilai
    from {{ ref('realisasi_lines') }}
),

offices as (
    select thang, kdsatker, sum(nilai) as realisasi_satker
    from lines
    group by thang, kdsatker
),

accounts as (
    select thang, kdsatker, kdakun, kelompok_belanja, sum(nilai) as realisasi
    from lines
    group by thang, kdsatker, kdakun, kelompok_belanja
)

select
    accounts.thang,
    accounts.kdsatker,
    accounts.kdakun,
    accounts.kelompok_belanja,
    cast(accounts.realisasi as decimal(18, 2)) as realisasi,
    cast(offices.realisasi_satker as decimal(18, 2)) as realisasi_satker,
    case
        when offices.realisasi_satker <> 0
            then round(accounts.realisasi * 100 / offices.realisasi_satker, 2)
    end as porsi_pct
from accounts
inner join offices
    on accounts.thang = offices.thang
    and accounts.kdsatker = offices.kdsatker
