-- Achievement of each indicator per office and year: value, (pro-rated)
-- target, capaian and the spending allocated to it.
with indicator_values as (
    select * from {{ ref('int_indicator_values') }}
),

targets as (
    select * from {{ ref('int_indikator_targets') }}
),

months_elapsed as (
    select * from {{ ref('int_months_elapsed') }}
),

allocated as (
    select
        thang,
        kdsatker,
        indikator_id,
        sum(realisasi_dialokasikan) as realisasi_dialokasikan
    from {{ ref('int_line_allocation') }}
    where is_traced
    group by thang, kdsatker, indikator_id
),

joined as (
    select
        indicator_values.*,
        targets.target,
        months_elapsed.bulan_berjalan,
        case
            when indicator_values.is_kumulatif
                then {{ safe_divide('targets.target * months_elapsed.bulan_berjalan', 12, 4) }}
            else targets.target
        end as target_prorata,
        coalesce(allocated.realisasi_dialokasikan, 0) as realisasi_dialokasikan
    from indicator_values
    left join targets
        on indicator_values.thang = targets.thang
        and indicator_values.kdsatker = targets.kdsatker
        and indicator_values.indikator_id = targets.indikator_id
    left join months_elapsed
        on indicator_values.thang = months_elapsed.thang
        and indicator_values.kdsatker = months_elapsed.kdsatker
    left join allocated
        on indicator_values.thang = allocated.thang
        and indicator_values.kdsatker = allocated.kdsatker
        and indicator_values.indikator_id = allocated.indikator_id
),

achievement as (
    select
        *,
        case
            when arah = 'naik' then {{ fit_decimal(safe_divide('nilai', 'target_prorata', 2, 100), 9, 2) }}
            when arah = 'turun' then {{ fit_decimal(safe_divide('target_prorata', 'nilai', 2, 100), 9, 2) }}
        end as capaian_pct,
        case
            when is_kumulatif then {{ fit_decimal(safe_divide('realisasi_dialokasikan', 'nilai', 2), 18, 2) }}
        end as biaya_per_unit
    from joined
)

select
    cast(thang as integer) as thang,
    cast(kdsatker as varchar) as kdsatker,
    cast(indikator_id as varchar) as indikator_id,
    cast(nama_indikator as varchar) as nama_indikator,
    cast(tingkat as varchar) as tingkat,
    cast(satuan as varchar) as satuan,
    cast(arah as varchar) as arah,
    cast(ukuran as varchar) as ukuran,
    cast(nilai as decimal(18, 2)) as nilai,
    cast(target as decimal(18, 4)) as target,
    cast(target_prorata as decimal(18, 4)) as target_prorata,
    cast(capaian_pct as decimal(9, 2)) as capaian_pct,
    cast(realisasi_dialokasikan as decimal(18, 2)) as realisasi_dialokasikan,
    cast(biaya_per_unit as decimal(18, 2)) as biaya_per_unit,
    cast(bulan_berjalan as integer) as bulan_berjalan,
    cast(is_kumulatif as boolean) as is_kumulatif
from achievement
