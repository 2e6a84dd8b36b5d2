-- One scorecard per office and year: absorption, traceability, case
-- outcomes and the goal/target orientation of the office. Every rupiah of it
-- (pagu, realisasi, its traced/untraced split and its allocation) comes from
-- one model, int_line_allocation; the thresholds of orientasi and the cap of
-- rasio_hasil from the dated seed ambang_klasifikasi.
with allocation as (
    select * from {{ ref('int_line_allocation') }}
),

catalogue as (
    select * from {{ ref('int_indikator_catalogue') }}
),

months_elapsed as (
    select * from {{ ref('int_months_elapsed') }}
),

case_measures as (
    select * from {{ ref('int_case_measures') }}
),

achievement as (
    select * from {{ ref('indicator_achievement') }}
),

offices as (
    select * from {{ ref('offices') }}
),

-- One row per budget line (the budget in force and every line with
-- realisasi): a line's own columns repeat on each of its indicator rows, and
-- a line is traced on all of its rows or on none.
lines as (
    select distinct
        thang,
        kdsatker,
        kode_anggaran,
        pagu,
        blokir,
        realisasi,
        ada_di_dipa,
        is_traced
    from allocation
),

scope as (
    select thang, kdsatker from lines
    union
    select thang, kdsatker from months_elapsed
),

years as (
    select distinct thang from scope
),

threshold_rows as (
    {{ parameters_in_force('ambang_klasifikasi', ['parameter'], 'years') }}
),

thresholds as (
    select
        thang,
        max(nilai) filter (where parameter = 'orientasi_rasio_serapan_min') as serapan_min,
        max(nilai) filter (where parameter = 'orientasi_rasio_hasil_min') as hasil_min,
        max(nilai) filter (where parameter = 'orientasi_rasio_hasil_di_bawah') as hasil_below,
        max(nilai) filter (where parameter = 'rasio_hasil_capaian_pct_maks') as capaian_pct_maks
    from threshold_rows
    group by thang
),

budget as (
    select
        thang,
        kdsatker,
        sum(pagu) as pagu,
        sum(blokir) as blokir,
        sum(realisasi) as realisasi,
        coalesce(sum(realisasi) filter (where is_traced), 0) as realisasi_traced,
        coalesce(sum(realisasi) filter (where not is_traced), 0) as realisasi_untraced,
        coalesce(sum(realisasi) filter (where not ada_di_dipa), 0) as realisasi_tanpa_dipa
    from lines
    group by thang, kdsatker
),

by_tingkat as (
    select
        allocation.thang,
        allocation.kdsatker,
        coalesce(sum(allocation.realisasi_dialokasikan) filter (where catalogue.tingkat = 'dukungan'), 0)
            as realisasi_dukungan,
        coalesce(
            sum(allocation.realisasi_dialokasikan) filter (where catalogue.tingkat in ('output', 'outcome')),
            0
        ) as realisasi_langsung,
        coalesce(sum(allocation.realisasi_dialokasikan) filter (where catalogue.tingkat = 'outcome'), 0)
            as realisasi_outcome
    from allocation
    inner join catalogue
        on allocation.thang = catalogue.thang
        and allocation.indikator_id = catalogue.indikator_id
    where allocation.is_traced
    group by allocation.thang, allocation.kdsatker
),

-- Without thresholds in force for the year, rasio_hasil (and orientasi) is NULL.
outcome_results as (
    select
        achievement.thang,
        achievement.kdsatker,
        sum(least(achievement.capaian_pct, thresholds.capaian_pct_maks)) as sum_capaian_capped,
        count(*) as n_outcome
    from achievement
    inner join thresholds
        on achievement.thang = thresholds.thang
    where achievement.tingkat = 'outcome'
        and achievement.target is not null
        and achievement.capaian_pct is not null
        and thresholds.capaian_pct_maks is not null
    group by achievement.thang, achievement.kdsatker
),

joined as (
    select
        scope.thang,
        scope.kdsatker,
        offices.nama_satker,
        months_elapsed.bulan_berjalan,
        coalesce(budget.pagu, 0) as pagu,
        coalesce(budget.blokir, 0) as blokir,
        coalesce(budget.realisasi, 0) as realisasi,
        coalesce(budget.realisasi_traced, 0) as realisasi_traced,
        coalesce(budget.realisasi_untraced, 0) as realisasi_untraced,
        coalesce(budget.realisasi_tanpa_dipa, 0) as realisasi_tanpa_dipa,
        coalesce(by_tingkat.realisasi_dukungan, 0) as realisasi_dukungan,
        coalesce(by_tingkat.realisasi_langsung, 0) as realisasi_langsung,
        coalesce(by_tingkat.realisasi_outcome, 0) as realisasi_outcome,
        coalesce(case_measures.kasus_diterima, 0) as kasus_diterima,
        coalesce(case_measures.kasus_selesai, 0) as kasus_selesai,
        case_measures.kasus_selesai_pct,
        coalesce(case_measures.hak_dipulihkan_rp, 0) as hak_dipulihkan_rp,
        coalesce(case_measures.pmi_dipulangkan, 0) as pmi_dipulangkan,
        outcome_results.sum_capaian_capped,
        outcome_results.n_outcome
    from scope
    left join offices
        on scope.kdsatker = offices.kdsatker
    left join months_elapsed
        on scope.thang = months_elapsed.thang
        and scope.kdsatker = months_elapsed.kdsatker
    left join budget
        on scope.thang = budget.thang
        and scope.kdsatker = budget.kdsatker
    left join by_tingkat
        on scope.thang = by_tingkat.thang
        and scope.kdsatker = by_tingkat.kdsatker
    left join case_measures
        on scope.thang = case_measures.thang
        and scope.kdsatker = case_measures.kdsatker
    left join outcome_results
        on scope.thang = outcome_results.thang
        and scope.kdsatker = outcome_results.kdsatker
),

ratios as (
    select
        *,
        {{ fit_decimal(safe_divide('realisasi', 'pagu - blokir', 2, 100), 9, 2) }} as penyerapan_pct,
        {{ fit_decimal(safe_divide('realisasi_untraced', 'realisasi', 2, 100), 9, 2) }} as untraced_pct,
        {{ fit_decimal(safe_divide('realisasi_outcome', 'kasus_selesai', 2), 18, 2) }}
            as biaya_per_kasus_selesai,
        {{ fit_decimal(safe_divide('hak_dipulihkan_rp', 'realisasi', 4), 9, 4) }} as rp_hak_per_rp_belanja,
        -- mean of least(capaian_pct, rasio_hasil_capaian_pct_maks) / 100 over the outcome indicators
        {{ fit_decimal(safe_divide('sum_capaian_capped', '100 * n_outcome', 4), 9, 4) }} as rasio_hasil
    from joined
),

-- The contract's formula on the published penyerapan_pct (2 decimals), so an
-- auditor gets rasio_serapan from the table itself: penyerapan_pct ÷ (100 × m / 12).
absorption as (
    select
        *,
        {{ fit_decimal(safe_divide('penyerapan_pct * 12', '100 * bulan_berjalan', 4), 9, 4) }}
            as rasio_serapan
    from ratios
),

final as (
    select
        absorption.*,
        case
            when absorption.rasio_serapan is null or absorption.rasio_hasil is null then null
            when absorption.rasio_serapan >= thresholds.serapan_min
                and absorption.rasio_hasil >= thresholds.hasil_min then 'goal oriented'
            when absorption.rasio_serapan >= thresholds.serapan_min
                and absorption.rasio_hasil < thresholds.hasil_below then 'target oriented'
            when absorption.rasio_serapan < thresholds.serapan_min
                and absorption.rasio_hasil >= thresholds.hasil_min then 'hemat'
            else 'tertinggal'
        end as orientasi
    from absorption
    left join thresholds
        on absorption.thang = thresholds.thang
)

select
    cast(thang as integer) as thang,
    cast(kdsatker as varchar) as kdsatker,
    cast(bulan_berjalan as integer) as bulan_berjalan,
    cast(pagu as decimal(18, 2)) as pagu,
    cast(blokir as decimal(18, 2)) as blokir,
    cast(realisasi as decimal(18, 2)) as realisasi,
    cast(penyerapan_pct as decimal(9, 2)) as penyerapan_pct,
    cast(realisasi_traced as decimal(18, 2)) as realisasi_traced,
    cast(realisasi_untraced as decimal(18, 2)) as realisasi_untraced,
    cast(untraced_pct as decimal(9, 2)) as untraced_pct,
    cast(realisasi_tanpa_dipa as decimal(18, 2)) as realisasi_tanpa_dipa,
    cast(realisasi_dukungan as decimal(18, 2)) as realisasi_dukungan,
    cast(realisasi_langsung as decimal(18, 2)) as realisasi_langsung,
    cast(kasus_diterima as integer) as kasus_diterima,
    cast(kasus_selesai as integer) as kasus_selesai,
    cast(kasus_selesai_pct as decimal(9, 2)) as kasus_selesai_pct,
    cast(hak_dipulihkan_rp as decimal(18, 2)) as hak_dipulihkan_rp,
    cast(pmi_dipulangkan as integer) as pmi_dipulangkan,
    cast(biaya_per_kasus_selesai as decimal(18, 2)) as biaya_per_kasus_selesai,
    cast(rp_hak_per_rp_belanja as decimal(9, 4)) as rp_hak_per_rp_belanja,
    cast(rasio_serapan as decimal(9, 4)) as rasio_serapan,
    cast(rasio_hasil as decimal(9, 4)) as rasio_hasil,
    cast(orientasi as varchar) as orientasi,
    cast(nama_satker as varchar) as nama_satker,
    cast(realisasi_outcome as decimal(18, 2)) as realisasi_outcome
from final
