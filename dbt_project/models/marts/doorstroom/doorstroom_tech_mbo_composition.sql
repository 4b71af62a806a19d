{#- Tabellen B3.20 and B3.21: among leerjaar-4 pupils of t (bb+kb+gl) entering an mbo programme with
    techniek-indicatie at t+1, per profile: the share of girls and of pupils with a migration background. -#}
with d as (
    select * from {{ ref('int_doorstroom__lj4') }}
    where bestemming in ('mbo_bol', 'mbo_bbl') and is_techniek_indicatie and profielgroep in ('techniek', 'niet-techniek')
),

final as (
    select
        schooljaar,
        profiel,
        max(profielgroep) as profielgroep,
        count(*) as n_tech_mbo_entrants,
        sum(case when geslacht = 'V' then 1 else 0 end) as n_female,
        100.0 * sum(case when geslacht = 'V' then 1 else 0 end) / count(*) as female_share,
        sum(case when heeft_migratieachtergrond then 1 else 0 end) as n_migratieachtergrond,
        100.0 * sum(case when heeft_migratieachtergrond then 1 else 0 end) / count(*) as migratieachtergrond_share
    from d
    group by schooljaar, profiel
)

select {{ contract_columns() }}
from final
