{#- Topic mart mirroring Figures B4.3 (technical) and B4.13 (non-technical): mean number of lesgevenden per schools (BRIN)
    with at least one such person, per schooljaar x profiel, profielgroep (profiel NULL) and total. -#}
select
    cast(schooljaar as integer) as schooljaar,
    cast(profielgroep as string) as profielgroep,
    cast(profiel as string) as profiel,
    cast(n_units as integer) as n_schools,
    cast(n_persons_units as integer) as n_persons_summed,
    cast(n_persons as integer) as n_persons,
    cast(persons_per_unit as double) as persons_per_school,
    cast(pct_change_vorig_jaar as double) as pct_change_vorig_jaar,
    cast(pct_change_nulmeting as double) as pct_change_nulmeting,
    cast(n_persons < {{ var('teacher_suppression_threshold') }} as boolean) as is_below_cbs_threshold
from {{ ref('int_teachers__mean_per_eenheid') }}
where eenheid = 'school'
