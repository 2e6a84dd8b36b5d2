-- The yardstick office heads are judged by (an IKPA-style execution score
-- computed from their own deliveries) beside the outcome yardstick of the
-- scorecard, and the spending that leaves photos, receipts and reports.
-- Components are carried unrounded in score units (macros/yardsticks.sql) and
-- each published value is rounded once, half even. The classifications
-- (predikat_eksekusi, rapor_vs_hasil) apply the reference thresholds to the
-- published values, so an auditor can recompute them from the table.
with scorecard as (
    select * from {{ ref('office_scorecard') }}
),

execution as (
    select * from {{ ref('int_execution_month') }}
),

capaian as (
    select * from {{ ref('int_capaian_ro_lines') }}
),

lines as (
    select * from {{ ref('realisasi_lines') }}
),

years as (
    select distinct thang from scorecard
),

weight_rows as (
    {{ parameters_in_force('bobot_eksekusi', ['komponen'], 'years') }}
),

weights as (
    select
        thang,
        max({{ hundredths('bobot') }}) filter (where komponen = 'deviasi') as w_deviasi,
        max({{ hundredths('bobot') }}) filter (where komponen = 'penyerapan') as w_penyerapan,
        max({{ hundredths('bobot') }}) filter (where komponen = 'capaian_output') as w_capaian,
        max({{ hundredths('bobot') }}) filter (where komponen = 'ambang_deviasi') as ambang_deviasi
    from weight_rows
    group by thang
),

targets as (
    {{ parameters_in_force('target_penyerapan', ['jenis_belanja', 'triwulan'], 'years') }}
),

bands as (
    {{ parameters_in_force('predikat_eksekusi', ['predikat'], 'years') }}
),

threshold_rows as (
    {{ parameters_in_force('ambang_klasifikasi', ['parameter'], 'years') }}
),

thresholds as (
    select
        thang,
        max(nilai) filter (where parameter = 'rapor_vs_hasil_nilai_eksekusi_min') as rapor_baik_min,
        max(nilai) filter (where parameter = 'rapor_vs_hasil_rasio_hasil_min') as hasil_nyata_min,
        max(nilai) filter (where parameter = 'rapor_vs_hasil_rasio_hasil_di_bawah') as hasil_kosong_below
    from threshold_rows
    group by thang
),

-- Deviation: per month, the pagu_efektif-weighted mean over the types with
-- pagu_efektif > 0; then the mean over months 1..m. NULL without a plan.
month_deviation as (
    select
        thang,
        kdsatker,
        bulan,
        {{ round_half_even_div(
            'sum(' ~ hundredths('pagu_efektif') ~ ' * deviasi_units)',
            'sum(' ~ hundredths('pagu_efektif') ~ ')'
        ) }} as deviasi_units
    from execution
    where pagu_efektif > 0
    group by thang, kdsatker, bulan
),

deviation as (
    select
        thang,
        kdsatker,
        {{ round_half_even_div('sum(deviasi_units)', 'count(*)') }} as deviasi_units
    from month_deviation
    group by thang, kdsatker
),

-- Absorption: per completed quarter q, the pagu_efektif-weighted mean over the
-- types with pagu_efektif > 0 (and a target) of
-- min(100, realisasi_kumulatif at month 3q ÷ (target_pct ÷ 100 × pagu_efektif) × 100)
-- = realisasi × 10^6 ÷ (target_pct in hundredths × pagu_efektif), in hundredths of rupiah.
quarter_types as (
    select
        execution.thang,
        execution.kdsatker,
        targets.triwulan,
        {{ hundredths('execution.pagu_efektif') }} as pagu_efektif_units,
        least(
            100 * {{ score_unit() }},
            {{ round_half_even_div(
                hundredths('execution.realisasi_kumulatif') ~ ' * 1000000 * ' ~ score_unit(),
                hundredths('targets.target_pct') ~ ' * ' ~ hundredths('execution.pagu_efektif')
            ) }}
        ) as nilai_units
    from execution
    inner join targets
        on execution.thang = targets.thang
        and execution.jenis_belanja = targets.jenis_belanja
        and execution.bulan = 3 * targets.triwulan
    where execution.pagu_efektif > 0
        and targets.target_pct > 0
),

quarters as (
    select
        thang,
        kdsatker,
        triwulan,
        {{ round_half_even_div('sum(pagu_efektif_units * nilai_units)', 'sum(pagu_efektif_units)') }}
            as nilai_units
    from quarter_types
    group by thang, kdsatker, triwulan
),

absorption as (
    select
        thang,
        kdsatker,
        {{ round_half_even_div('sum(nilai_units)', 'count(*)') }} as nilai_units
    from quarters
    group by thang, kdsatker
),

-- Output: per RO of the year with a yearly target > 0 (the target of the RO's
-- latest month), min(100, volume to month m ÷ (target × m ÷ 12) × 100).
ro_latest as (
    select
        thang,
        kdsatker,
        kode_ro,
        target,
        row_number() over (partition by thang, kdsatker, kode_ro order by bulan desc) as rank_month
    from capaian
),

ro_volume as (
    select
        capaian.thang,
        capaian.kdsatker,
        capaian.kode_ro,
        sum(capaian.volume) as volume
    from capaian
    inner join scorecard
        on capaian.thang = scorecard.thang
        and capaian.kdsatker = scorecard.kdsatker
        and capaian.bulan <= scorecard.bulan_berjalan
    group by capaian.thang, capaian.kdsatker, capaian.kode_ro
),

ro_values as (
    select
        ro_latest.thang,
        ro_latest.kdsatker,
        least(
            100 * {{ score_unit() }},
            {{ round_half_even_div(
                to_scaled_int('coalesce(ro_volume.volume, 0)', 4) ~ ' * 1200 * ' ~ score_unit(),
                to_scaled_int('ro_latest.target', 4) ~ ' * scorecard.bulan_berjalan'
            ) }}
        ) as nilai_units
    from ro_latest
    inner join scorecard
        on ro_latest.thang = scorecard.thang
        and ro_latest.kdsatker = scorecard.kdsatker
    left join ro_volume
        on ro_latest.thang = ro_volume.thang
        and ro_latest.kdsatker = ro_volume.kdsatker
        and ro_latest.kode_ro = ro_volume.kode_ro
    where ro_latest.rank_month = 1
        and ro_latest.target > 0
        and scorecard.bulan_berjalan > 0
),

output as (
    select
        thang,
        kdsatker,
        {{ round_half_even_div('sum(nilai_units)', 'count(*)') }} as nilai_units
    from ro_values
    group by thang, kdsatker
),

paper_trail as (
    select
        thang,
        kdsatker,
        sum(nilai) filter (
            where kelompok_belanja in ('perjalanan dan rapat', 'honorarium')
        ) as realisasi_perjalanan_rapat_honor
    from lines
    group by thang, kdsatker
),

components as (
    select
        scorecard.thang,
        scorecard.kdsatker,
        scorecard.nama_satker,
        scorecard.bulan_berjalan,
        scorecard.realisasi,
        scorecard.kasus_selesai,
        scorecard.rasio_hasil,
        scorecard.orientasi,
        deviation.deviasi_units,
        -- greatest() skips NULLs on both engines: guard "no plan" explicitly.
        case
            when deviation.deviasi_units is not null
                then greatest(
                    0,
                    100 * {{ score_unit() }}
                    - greatest(0, deviation.deviasi_units - weights.ambang_deviasi * 100000000)
                )
        end as nilai_deviasi_units,
        absorption.nilai_units as nilai_penyerapan_units,
        output.nilai_units as nilai_capaian_output_units,
        weights.w_deviasi,
        weights.w_penyerapan,
        weights.w_capaian,
        coalesce(paper_trail.realisasi_perjalanan_rapat_honor, 0) as realisasi_perjalanan_rapat_honor
    from scorecard
    left join deviation
        on scorecard.thang = deviation.thang
        and scorecard.kdsatker = deviation.kdsatker
    left join absorption
        on scorecard.thang = absorption.thang
        and scorecard.kdsatker = absorption.kdsatker
    left join output
        on scorecard.thang = output.thang
        and scorecard.kdsatker = output.kdsatker
    left join weights
        on scorecard.thang = weights.thang
    left join paper_trail
        on scorecard.thang = paper_trail.thang
        and scorecard.kdsatker = paper_trail.kdsatker
),

scored as (
    select
        *,
        {{ publish_score('deviasi_units') }} as deviasi_rpd_pct,
        {{ publish_score('nilai_deviasi_units') }} as nilai_deviasi,
        {{ int_div('bulan_berjalan', '3') }} as triwulan_selesai,
        {{ publish_score('nilai_penyerapan_units') }} as nilai_penyerapan,
        {{ publish_score('nilai_capaian_output_units') }} as nilai_capaian_output,
        {{ publish_score(round_half_even_div(
            'w_deviasi * nilai_deviasi_units + w_penyerapan * nilai_penyerapan_units'
            ~ ' + w_capaian * nilai_capaian_output_units',
            'w_deviasi + w_penyerapan + w_capaian'
        )) }} as nilai_eksekusi
    from components
),

predicates as (
    select
        scored.thang,
        scored.kdsatker,
        bands.predikat,
        row_number() over (
            partition by scored.thang, scored.kdsatker
            order by bands.nilai_min desc nulls last
        ) as rank_band
    from scored
    inner join bands
        on scored.thang = bands.thang
        and (bands.nilai_min is null or scored.nilai_eksekusi >= bands.nilai_min)
    where scored.nilai_eksekusi is not null
),

final as (
    select
        scored.*,
        predicates.predikat as predikat_eksekusi,
        case
            when scored.nilai_eksekusi is null or scored.rasio_hasil is null then null
            when scored.nilai_eksekusi >= thresholds.rapor_baik_min
                and scored.rasio_hasil >= thresholds.hasil_nyata_min then 'rapor baik, hasil nyata'
            when scored.nilai_eksekusi >= thresholds.rapor_baik_min
                and scored.rasio_hasil < thresholds.hasil_kosong_below then 'rapor baik, hasil kosong'
            when scored.nilai_eksekusi < thresholds.rapor_baik_min
                and scored.rasio_hasil >= thresholds.hasil_nyata_min then 'rapor kurang, hasil nyata'
            else 'perlu pembinaan'
        end as rapor_vs_hasil
    from scored
    left join predicates
        on scored.thang = predicates.thang
        and scored.kdsatker = predicates.kdsatker
        and predicates.rank_band = 1
    left join thresholds
        on scored.thang = thresholds.thang
)

select
    cast(thang as integer) as thang,
    cast(kdsatker as varchar) as kdsatker,
    cast(nama_satker as varchar) as nama_satker,
    cast(bulan_berjalan as integer) as bulan_berjalan,
    cast(deviasi_rpd_pct as decimal(9, 2)) as deviasi_rpd_pct,
    cast(nilai_deviasi as decimal(9, 2)) as nilai_deviasi,
    cast(triwulan_selesai as integer) as triwulan_selesai,
    cast(nilai_penyerapan as decimal(9, 2)) as nilai_penyerapan,
    cast(nilai_capaian_output as decimal(9, 2)) as nilai_capaian_output,
    cast(nilai_eksekusi as decimal(9, 2)) as nilai_eksekusi,
    cast(predikat_eksekusi as varchar) as predikat_eksekusi,
    cast(rasio_hasil as decimal(9, 4)) as rasio_hasil,
    cast(orientasi as varchar) as orientasi,
    cast(rapor_vs_hasil as varchar) as rapor_vs_hasil,
    cast(realisasi_perjalanan_rapat_honor as decimal(18, 2)) as realisasi_perjalanan_rapat_honor,
    cast(
        {{ fit_decimal(safe_divide('realisasi_perjalanan_rapat_honor', 'realisasi', 2, 100), 9, 2) }}
        as decimal(9, 2)
    ) as perjalanan_rapat_honor_pct,
    cast(
        {{ fit_decimal(safe_divide('realisasi_perjalanan_rapat_honor', 'kasus_selesai', 2), 18, 2) }}
        as decimal(18, 2)
    ) as perjalanan_rapat_honor_per_kasus_selesai
from final
