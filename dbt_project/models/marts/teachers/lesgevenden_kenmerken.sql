{#- Topic mart mirroring Figures B4.6 (technical) and B4.16 (non-technical): shares bevoegd, permanent
    contract, support staff (OOP) and women per schooljaar x profiel, plus the share whose main job is
    outside education (G16, stated in the report's text). -#}
with final as (
    select
        *,
        100.0 * n_bevoegd / n_persons as share_bevoegd,
        100.0 * n_vast_contract / n_persons as share_vast_contract,
        100.0 * n_oop / n_persons as share_oop,
        100.0 * n_vrouw / n_persons as share_vrouw,
        100.0 * n_hoofdbaan_buiten_onderwijs / nullif(n_hoofdbaan_bekend, 0) as share_hoofdbaan_buiten_onderwijs,
        n_persons < {{ var('teacher_suppression_threshold') }} as is_below_cbs_threshold
    from {{ ref('int_teachers__cells') }}
)

select {{ contract_columns() }}
from final
