-- Effective mapping for every (thang, kdsatker, kode_ro) that has a budget
-- line: the office's own rows when it has any for that RO (they override the
-- '*' rows), otherwise the '*' rows. The RO is traced when the effective
-- shares sum to exactly 100.
with line_ros as (
    select distinct
        thang,
        kdsatker,
        kode_ro
    from {{ ref('int_budget_lines') }}
    where kode_ro is not null
),

peta as (
    select * from {{ ref('int_peta_hasil') }}
),

office_rows as (
    select
        line_ros.thang,
        line_ros.kdsatker,
        line_ros.kode_ro,
        peta.indikator_id,
        peta.porsi_pct,
        'satker' as sumber_peta
    from line_ros
    inner join peta
        on line_ros.thang = peta.thang
        and line_ros.kdsatker = peta.kdsatker
        and line_ros.kode_ro = peta.kode_ro
),

all_office_rows as (
    select
        line_ros.thang,
        line_ros.kdsatker,
        line_ros.kode_ro,
        peta.indikator_id,
        peta.porsi_pct,
        'semua' as sumber_peta
    from line_ros
    inner join peta
        on line_ros.thang = peta.thang
        and peta.kdsatker = '*'
        and line_ros.kode_ro = peta.kode_ro
    where not exists (
        select 1
        from office_rows
        where office_rows.thang = line_ros.thang
            and office_rows.kdsatker = line_ros.kdsatker
            and office_rows.kode_ro = line_ros.kode_ro
    )
),

effective as (
    select * from office_rows
    union all
    select * from all_office_rows
),

final as (
    select
        thang,
        kdsatker,
        kode_ro,
        indikator_id,
        porsi_pct,
        sumber_peta,
        cast(sum(porsi_pct) over (partition by thang, kdsatker, kode_ro) as decimal(18, 2))
            as total_porsi_pct,
        sum(porsi_pct) over (partition by thang, kdsatker, kode_ro) = 100 as is_complete
    from effective
)

select * from final
