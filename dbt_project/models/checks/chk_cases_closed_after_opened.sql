-- Closed cases of marts.case_outcomes with their days from complaint to close.
with cases as (
    select * from {{ ref('case_outcomes') }}
)

select
    kdsatker,
    no_aduan,
    tgl_aduan,
    tgl_selesai,
    hari_penyelesaian
from cases
where tgl_selesai is not null
