{#- Reconciliation: per schooljaar and leerweg, the profiles sum to their profielgroep subtotals and
    techniek + niet-techniek sum to the total (tolerance for floating point only). -#}
with counts as (
    select * from {{ ref('int_pupils__lj3_counts') }}
),

profile_sums as (
    select schooljaar, leerweg, profielgroep, sum(n_pupils) as n_from_profiles
    from counts where profiel is not null
    group by schooljaar, leerweg, profielgroep
),

group_sums as (
    select schooljaar, leerweg, sum(n_pupils) as n_from_groups
    from counts where profiel is null and profielgroep in ('techniek', 'niet-techniek')
    group by schooljaar, leerweg
)

select 'profiles vs profielgroep' as check_name, g.schooljaar, g.leerweg, g.profielgroep,
       g.n_pupils as expected, p.n_from_profiles as found
from counts as g
join profile_sums as p
    on g.schooljaar = p.schooljaar and g.leerweg is not distinct from p.leerweg
    and g.profielgroep = p.profielgroep
where g.profiel is null and abs(g.n_pupils - p.n_from_profiles) > 0.001
union all
select 'profielgroepen vs total', t.schooljaar, t.leerweg, null, t.n_pupils, s.n_from_groups
from counts as t
join group_sums as s on t.schooljaar = s.schooljaar and t.leerweg is not distinct from s.leerweg
where t.profielgroep is null and t.profiel is null and abs(t.n_pupils - s.n_from_groups) > 0.001
