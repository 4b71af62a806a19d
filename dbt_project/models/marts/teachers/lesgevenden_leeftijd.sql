{#- Topic mart mirroring Figures B4.5 (technical) and B4.15 (non-technical): age bands 18-49 (all ages
    below 50), 50-59 and 60+, the 50-plus share and the mean age per schooljaar x profiel. -#}
with final as (
    select
        *,
        n_leeftijd_18_49 as n_18_49,
        n_leeftijd_50_59 as n_50_59,
        n_leeftijd_60_plus as n_60_plus,
        100.0 * n_leeftijd_18_49 / n_persons as share_18_49,
        100.0 * n_leeftijd_50_59 / n_persons as share_50_59,
        100.0 * n_leeftijd_60_plus / n_persons as share_60_plus,
        100.0 * (n_leeftijd_50_59 + n_leeftijd_60_plus) / n_persons as share_50_plus,
        cast(sum_leeftijd as double) / n_persons as mean_age,
        n_persons < {{ var('teacher_suppression_threshold') }} as is_below_cbs_threshold
    from {{ ref('int_teachers__cells') }}
)

select {{ contract_columns() }}
from final
