-- Case measures per (thang, kdsatker) over the cases of the year
-- (tgl_aduan in the year, latest snapshot). Selesai counts as resolved.
with cases as (
    select
        *,
        cast(extract(year from tgl_aduan) as integer) as thang,
        status = 'Selesai' as is_selesai
    from {{ ref('int_cases_current') }}
    where tgl_aduan is not null
),

measures as (
    select
        thang,
        kdsatker,
        count(*) as kasus_diterima,
        count(*) filter (where is_selesai) as kasus_selesai,
        cast(coalesce(sum(nilai_hak) filter (where is_selesai), 0) as decimal(18, 2))
            as hak_dipulihkan_rp,
        count(*) filter (
            where is_selesai and hasil in ('Dipulangkan', 'Jenazah dipulangkan')
        ) as pmi_dipulangkan,
        -- median of integer days as an exact decimal (x.5 when the count is even)
        cast(
            {{ exact_median(
                'cast(hari_penyelesaian as decimal(18, 2))',
                'is_selesai and hari_penyelesaian is not null'
            ) }}
            as decimal(18, 2)
        ) as median_hari_selesai
    from cases
    group by thang, kdsatker
)

select
    thang,
    kdsatker,
    cast(kasus_diterima as integer) as kasus_diterima,
    cast(kasus_selesai as integer) as kasus_selesai,
    cast({{ safe_divide('kasus_selesai', 'kasus_diterima', 2, 100) }} as decimal(9, 2))
        as kasus_selesai_pct,
    hak_dipulihkan_rp,
    cast(pmi_dipulangkan as integer) as pmi_dipulangkan,
    median_hari_selesai
from measures
