-- Indicator values per (thang, kdsatker, indikator_id) for every catalogue
-- indicator that has a target for the office or mapped spending, computed
-- by its measure (ukuran). Counts and sums are 0 when no case or volume row
-- matches; rates and medians are NULL when there is nothing to measure;
-- tidak_diukur and unknown measures are NULL.
with catalogue as (
    select * from {{ ref('int_indikator_catalogue') }}
),

targets as (
    select * from {{ ref('int_indikator_targets') }}
),

mapped as (
    select distinct
        thang,
        kdsatker,
        indikator_id
    from {{ ref('int_line_allocation') }}
    where is_traced
),

scope as (
    select thang, kdsatker, indikator_id from targets
    union
    select thang, kdsatker, indikator_id from mapped
),

case_measures as (
    select * from {{ ref('int_case_measures') }}
),

ro_volumes as (
    select
        thang,
        kdsatker,
        kode_ro,
        sum(volume) as volume
    from {{ ref('int_capaian_ro_lines') }}
    group by thang, kdsatker, kode_ro
),

joined as (
    select
        scope.thang,
        scope.kdsatker,
        scope.indikator_id,
        catalogue.nama_indikator,
        catalogue.tingkat,
        catalogue.satuan,
        catalogue.arah,
        catalogue.ukuran,
        catalogue.is_kumulatif,
        case
            when catalogue.ukuran = 'kasus_selesai_pct' then case_measures.kasus_selesai_pct
            when catalogue.ukuran = 'hak_dipulihkan_rp' then coalesce(case_measures.hak_dipulihkan_rp, 0)
            when catalogue.ukuran = 'pmi_dipulangkan' then coalesce(case_measures.pmi_dipulangkan, 0)
            when catalogue.ukuran = 'median_hari_selesai' then case_measures.median_hari_selesai
            when catalogue.ukuran_kode_ro is not null
                then {{ round_half_even('coalesce(ro_volumes.volume, 0)', 2) }}
        end as nilai
    from scope
    inner join catalogue
        on scope.thang = catalogue.thang
        and scope.indikator_id = catalogue.indikator_id
    left join case_measures
        on scope.thang = case_measures.thang
        and scope.kdsatker = case_measures.kdsatker
    left join ro_volumes
        on scope.thang = ro_volumes.thang
        and scope.kdsatker = ro_volumes.kdsatker
        and catalogue.ukuran_kode_ro = ro_volumes.kode_ro
)

select
    thang,
    kdsatker,
    indikator_id,
    nama_indikator,
    tingkat,
    satuan,
    arah,
    ukuran,
    is_kumulatif,
    cast(nilai as decimal(18, 2)) as nilai
from joined
