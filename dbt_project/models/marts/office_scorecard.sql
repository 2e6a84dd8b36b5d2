-- One scorecard per office and year: absorption, traceability, case
-- outcomes and the goal/target orientation of the office.
with lines as (
    select * from {{ ref('int_budget_lines') }}
),

allocation as (
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

scope as (
    select thang, kdsatker from lines
    union
    select thang, kdsatker from months_elapsed
),

traced_lines as (
    select distinct
        thang,
        kdsatker,
        kode_anggaran
    from allocation
    where is_traced
),

budget as (
    select
        lines.thang,
        lines.kdsatker,
        sum(lines.pagu) as pagu,
        sum(lines.blokir) as blokir,
        sum(lines.realisasi) as realisasi,
        coalesce(sum(lines.realisasi) filter (where traced_lines.kode_anggaran is not null), 0)
            as realisasi_traced,
        coalesce(sum(lines.realisasi) filter (where traced_lines.kode_anggaran is null), 0)
            as realisasi_untraced,
        coalesce(sum(lines.realisasi) filter (where not lines.ada_di_dipa), 0)
            as realisasi_tanpa_dipa
    from lines
    left join traced_lines
        on lines.thang = traced_lines.thang
        and lines.kdsatker = traced_lines.kdsatker
        and lines.kode_anggaran = traced_lines.kode_anggaran
    group by lines.thang, lines.kdsatker
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

outcome_results as (
    select
        thang,
        kdsatker,
        sum(least(capaian_pct, 120)) as sum_capaian_capped,
        count(*) as n_outcome
    from achievement
    where tingkat = 'outcome'
        and target is not null
        and capaian_pct is not null
    group by thang, kdsatker
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
        -- mean of least(capaian_pct, 120) / 100 over the outcome indicators
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
        *,
        case
            when rasio_serapan is null or rasio_hasil is null then null
            when rasio_serapan >= 0.9 and rasio_hasil >= 0.9 then 'goal oriented'
            when rasio_serapan >= 0.9 and rasio_hasil < 0.7 then 'target oriented'
            when rasio_serapan < 0.9 and rasio_hasil >= 0.9 then 'hemat'
            else 'tertinggal'
        end as orientasi
    from absorption
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
