-- What the realisasi bought, by spending group (kelompok_akun): its share of
-- the office's realisasi and how much of it sits on traced lines.
with lines as (
    select * from {{ ref('realisasi_lines') }}
),

offices as (
    select * from {{ ref('offices') }}
),

by_group as (
    select
        thang,
        kdsatker,
        kelompok_belanja,
        sum(nilai) as realisasi,
        coalesce(sum(nilai) filter (where is_traced), 0) as realisasi_traced
    from lines
    group by thang, kdsatker, kelompok_belanja
),

with_office as (
    select
        *,
        sum(realisasi) over (partition by thang, kdsatker) as realisasi_satker
    from by_group
)

select
    cast(with_office.thang as integer) as thang,
    cast(with_office.kdsatker as varchar) as kdsatker,
    cast(offices.nama_satker as varchar) as nama_satker,
    cast(with_office.kelompok_belanja as varchar) as kelompok_belanja,
    cast(with_office.realisasi as decimal(18, 2)) as realisasi,
    cast(
        {{ fit_decimal(safe_divide('with_office.realisasi', 'with_office.realisasi_satker', 2, 100), 9, 2) }}
        as decimal(9, 2)
    ) as porsi_pct,
    cast(with_office.realisasi_traced as decimal(18, 2)) as realisasi_traced
from with_office
left join offices
    on with_office.kdsatker = offices.kdsatker
