{#- Topic mart mirroring Figures B4.1a/b (technical) and B4.11a/b (non-technical): persons and fte per
    schooljaar x profiel, per profielgroep (profiel NULL) and in total, with the change against the
    previous schooljaar and the nulmeting (2017/18). -#}
select
    cast(schooljaar as integer) as schooljaar,
    cast(profielgroep as string) as profielgroep,
    cast(profiel as string) as profiel,
    cast(n_persons as integer) as n_persons,
    cast(fte as double) as fte,
    cast(n_persons_vorig_jaar as integer) as n_persons_vorig_jaar,
    cast(fte_vorig_jaar as double) as fte_vorig_jaar,
    cast(pct_change_persons_vorig_jaar as double) as pct_change_persons_vorig_jaar,
    cast(pct_change_fte_vorig_jaar as double) as pct_change_fte_vorig_jaar,
    cast(n_persons_nulmeting as integer) as n_persons_nulmeting,
    cast(fte_nulmeting as double) as fte_nulmeting,
    cast(pct_change_persons_nulmeting as double) as pct_change_persons_nulmeting,
    cast(pct_change_fte_nulmeting as double) as pct_change_fte_nulmeting,
    cast(n_persons < {{ var('teacher_suppression_threshold') }} as boolean) as is_below_cbs_threshold
from {{ ref('int_teachers__cells') }}
