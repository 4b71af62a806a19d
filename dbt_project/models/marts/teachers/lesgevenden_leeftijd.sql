{#- Topic mart mirroring Figures B4.5 (technical) and B4.15 (non-technical): age bands 18-49 (all ages
    below 50), 50-59 and 60+, the 50-plus share and the mean age per schooljaar x profiel. -#}
select
    cast(schooljaar as integer) as schooljaar,
    cast(profielgroep as string) as profielgroep,
    cast(profiel as string) as profiel,
    cast(n_persons as integer) as n_persons,
    cast(n_leeftijd_18_49 as integer) as n_18_49,
    cast(n_leeftijd_50_59 as integer) as n_50_59,
    cast(n_leeftijd_60_plus as integer) as n_60_plus,
    cast(100.0 * n_leeftijd_18_49 / n_persons as double) as share_18_49,
    cast(100.0 * n_leeftijd_50_59 / n_persons as double) as share_50_59,
    cast(100.0 * n_leeftijd_60_plus / n_persons as double) as share_60_plus,
    cast(100.0 * (n_leeftijd_50_59 + n_leeftijd_60_plus) / n_persons as double) as share_50_plus,
    cast(cast(sum_leeftijd as double) / n_persons as double) as mean_age,
    cast(n_persons < {{ var('teacher_suppression_threshold') }} as boolean) as is_below_cbs_threshold
from {{ ref('int_teachers__cells') }}
