{#- Topic mart mirroring Figures B4.1a/b (technical) and B4.11a/b (non-technical): persons and fte per
    schooljaar x profiel, per profielgroep (profiel NULL) and in total, with the change against the
    previous schooljaar and the nulmeting (2017/18). -#}
with final as (
    select
        *,
        n_persons < {{ var('teacher_suppression_threshold') }} as is_below_cbs_threshold
    from {{ ref('int_teachers__cells') }}
)

select {{ contract_columns() }}
from final
