-- The plan in force per (thang, kdsatker, bulan, jenis_belanja): the rows of
-- the delivery in force for that month (int_rpd_in_force). A type the
-- delivery has no row for is planned 0: consumers treat a missing row of an
-- office-year with a plan (int_rpd_offices) as 0, never as NULL.
with in_force as (
    select * from {{ ref('int_rpd_in_force') }}
),

plan_rows as (
    select * from {{ ref('stg_rpd') }}
)

select
    in_force.thang,
    in_force.kdsatker,
    in_force.bulan,
    plan_rows.jenis_belanja,
    plan_rows.rencana,
    in_force.file_id,
    in_force.file_name,
    plan_rows.source_row_number
from in_force
inner join plan_rows
    on in_force.file_id = plan_rows.file_id
    and in_force.bulan = plan_rows.bulan
