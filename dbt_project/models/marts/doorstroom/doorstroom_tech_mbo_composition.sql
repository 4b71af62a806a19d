{#- Tabellen B3.20 and B3.21: among leerjaar-4 pupils of t (bb+kb+gl) entering an mbo programme with
    techniek-indicatie at t+1, per profile: the share of girls and of pupils with a migration background. -#}
with d as (
    select * from {{ ref('int_doorstroom__lj4') }}
    where bestemming in ('mbo_bol', 'mbo_bbl') and is_techniek_indicatie and profielgroep in ('techniek', 'niet-techniek')
)

select
    cast(schooljaar as integer) as schooljaar,
    cast(profiel as string) as profiel,
    cast(max(profielgroep) as string) as profielgroep,
    cast(count(*) as integer) as n_tech_mbo_entrants,
    cast(sum(case when geslacht = 'V' then 1 else 0 end) as integer) as n_female,
    cast(100.0 * sum(case when geslacht = 'V' then 1 else 0 end) / count(*) as double) as female_share,
    cast(sum(case when heeft_migratieachtergrond then 1 else 0 end) as integer) as n_migratieachtergrond,
    cast(100.0 * sum(case when heeft_migratieachtergrond then 1 else 0 end) / count(*) as double) as migratieachtergrond_share
from d
group by schooljaar, profiel
