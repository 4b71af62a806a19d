{#- Teacher cells reconcile: a group's fte is the sum of its profiles' fte, the total's fte the sum of the
    groups'; a group's persons lie between its largest profile and the sum of its profiles (persons in
    several profiles count once). Returns the offending cells. -#}
with cells as (
    select * from {{ ref('int_teachers__cells') }}
),

profiles as (
    select schooljaar, profielgroep, sum(fte) as fte, sum(n_persons) as sum_persons, max(n_persons) as max_persons
    from cells
    where profiel is not null
    group by schooljaar, profielgroep
),

groups as (
    select schooljaar, sum(fte) as fte, sum(n_persons) as sum_persons, max(n_persons) as max_persons
    from cells
    where profiel is null and profielgroep is not null
    group by schooljaar
)

select cells.schooljaar, cells.profielgroep, 'group vs profiles' as failing
from cells
inner join profiles
    on profiles.schooljaar = cells.schooljaar and profiles.profielgroep = cells.profielgroep
where cells.profiel is null
    and (abs(cells.fte - profiles.fte) > 1e-6
        or cells.n_persons > profiles.sum_persons or cells.n_persons < profiles.max_persons)

union all

select cells.schooljaar, cells.profielgroep, 'total vs groups' as failing
from cells
inner join groups on groups.schooljaar = cells.schooljaar
where cells.profiel is null and cells.profielgroep is null
    and (abs(cells.fte - groups.fte) > 1e-6
        or cells.n_persons > groups.sum_persons or cells.n_persons < groups.max_persons)
