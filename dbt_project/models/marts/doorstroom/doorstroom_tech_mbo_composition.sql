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
        {{ count_and_share("geslacht = 'V'", 'female') }},
        {{ count_and_share('heeft_migratieachtergrond', 'migratieachtergrond') }}
    from d
    group by schooljaar, profiel
)

select {{ contract_columns() }}
from final
