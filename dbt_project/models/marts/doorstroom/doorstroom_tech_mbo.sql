{#- Tabel B3.19 (+ both definitions): leerjaar-4 pupils of t (bb+kb+gl) entering mbo at t+1 per profile,
    and the share entering a technical programme by DUO techniek-indicatie and by sectorkamer. -#}
with d as (
    select * from {{ ref('int_doorstroom__lj4') }}
    where bestemming in ('mbo_bol', 'mbo_bbl') and profielgroep in ('techniek', 'niet-techniek')
),

final as (
    select
        schooljaar,
        profiel,
        max(profielgroep) as profielgroep,
        count(*) as n_mbo_entrants,
        {{ count_and_share('is_techniek_indicatie', 'techniek_indicatie') }},
        {{ count_and_share('is_techniek_sectorkamer', 'techniek_sectorkamer') }}
    from d
    group by schooljaar, profiel
)

select {{ contract_columns() }}
from final
