-- Spending group (kelompok_belanja) of every account that has a budget line
-- or SP2D line: the group of its longest matching prefix in the
-- kelompok_akun rows in force for the year, `lainnya` when none matches.
with accounts as (
    select distinct thang, kdakun from {{ ref('int_sp2d_lines') }}
    union
    select distinct thang, kdakun from {{ ref('int_budget_in_force') }}
),

years as (
    select distinct thang from accounts
),

groups_in_force as (
    {{ parameters_in_force('kelompok_akun', ['awalan'], 'years') }}
),

matches as (
    select
        accounts.thang,
        accounts.kdakun,
        groups_in_force.kelompok_belanja,
        row_number() over (
            partition by accounts.thang, accounts.kdakun
            order by length(groups_in_force.awalan) desc, groups_in_force.awalan
        ) as rank_prefix
    from accounts
    inner join groups_in_force
        on accounts.thang = groups_in_force.thang
        and accounts.kdakun like groups_in_force.awalan || '%'
)

select
    accounts.thang,
    accounts.kdakun,
    coalesce(matches.kelompok_belanja, 'lainnya') as kelompok_belanja
from accounts
left join matches
    on accounts.thang = matches.thang
    and accounts.kdakun = matches.kdakun
    and matches.rank_prefix = 1
where accounts.kdakun is not null
