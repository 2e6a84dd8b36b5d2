-- Spending that no outcome accounts for: the untraced rows of
-- budget_line_trace with realisasi <> 0, largest first.
with trace as (
    select * from {{ ref('budget_line_trace') }}
),

untraced as (
    select
        *,
        row_number() over (
            partition by thang, kdsatker
            order by realisasi desc, kode_anggaran
        ) as peringkat
    from trace
    where not is_traced
        and realisasi <> 0
)

select
    thang,
    kdsatker,
    nama_satker,
    kode_anggaran,
    kode_ro,
    kdakun,
    jenis_belanja,
    uraian,
    pagu,
    blokir,
    realisasi,
    indikator_id,
    porsi_pct,
    realisasi_dialokasikan,
    is_traced,
    ada_di_dipa,
    cast(peringkat as integer) as peringkat
from untraced
order by realisasi desc, thang, kdsatker, kode_anggaran
