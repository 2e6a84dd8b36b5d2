-- Allocation of each budget line's realisasi to indicators.
-- Traced line (complete effective mapping): one row per mapped indicator with
--   realisasi × porsi_pct / 100 rounded half to even to cents; the cents left
--   over are put on the largest share (tie: first indikator_id), so the
--   allocated amounts of a line sum exactly to its realisasi.
-- Untraced line: one row with indikator_id and porsi_pct NULL that carries
--   the whole realisasi, so that realisasi_dialokasikan also sums to the
--   line's realisasi.
with lines as (
    select * from {{ ref('int_budget_lines') }}
),

mapping as (
    select * from {{ ref('int_mapping_effective') }}
    where is_complete
),

shares as (
    select
        lines.thang,
        lines.kdsatker,
        lines.kode_anggaran,
        mapping.indikator_id,
        mapping.porsi_pct,
        mapping.sumber_peta,
        {{ to_scaled_int('lines.realisasi', 2) }} as realisasi_sen,
        {{ share_in_cents('lines.realisasi', 'mapping.porsi_pct') }} as share_sen,
        row_number() over (
            partition by lines.thang, lines.kdsatker, lines.kode_anggaran
            order by mapping.porsi_pct desc, mapping.indikator_id
        ) as share_rank
    from lines
    inner join mapping
        on lines.thang = mapping.thang
        and lines.kdsatker = mapping.kdsatker
        and lines.kode_ro = mapping.kode_ro
),

shares_with_remainder as (
    select
        *,
        realisasi_sen - sum(share_sen) over (
            partition by thang, kdsatker, kode_anggaran
        ) as remainder_sen
    from shares
),

traced as (
    select
        thang,
        kdsatker,
        kode_anggaran,
        indikator_id,
        porsi_pct,
        sumber_peta,
        cast(
            {{ from_scaled_int('share_sen + case when share_rank = 1 then remainder_sen else 0 end', 2) }}
            as decimal(18, 2)
        ) as realisasi_dialokasikan,
        true as is_traced
    from shares_with_remainder
),

untraced as (
    select
        lines.thang,
        lines.kdsatker,
        lines.kode_anggaran,
        cast(null as varchar) as indikator_id,
        cast(null as decimal(9, 2)) as porsi_pct,
        cast(null as varchar) as sumber_peta,
        lines.realisasi as realisasi_dialokasikan,
        false as is_traced
    from lines
    where not exists (
        select 1
        from traced
        where traced.thang = lines.thang
            and traced.kdsatker = lines.kdsatker
            and traced.kode_anggaran = lines.kode_anggaran
    )
),

allocations as (
    select * from traced
    union all
    select * from untraced
),

final as (
    select
        lines.thang,
        lines.kdsatker,
        lines.kode_anggaran,
        lines.kode_ro,
        lines.kdakun,
        lines.uraian,
        lines.pagu,
        lines.blokir,
        lines.realisasi,
        lines.ada_di_dipa,
        allocations.indikator_id,
        allocations.porsi_pct,
        allocations.sumber_peta,
        allocations.realisasi_dialokasikan,
        allocations.is_traced
    from lines
    inner join allocations
        on lines.thang = allocations.thang
        and lines.kdsatker = allocations.kdsatker
        and lines.kode_anggaran = allocations.kode_anggaran
)

select * from final
