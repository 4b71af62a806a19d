{#- Topic mart mirroring Figures B4.6 (technical) and B4.16 (non-technical): shares bevoegd, permanent
    contract, support staff (OOP) and women per schooljaar x profiel, plus the share whose main job is
    outside education (G16, stated in the report's text). -#}
select
    cast(schooljaar as integer) as schooljaar,
    cast(profielgroep as string) as profielgroep,
    cast(profiel as string) as profiel,
    cast(n_persons as integer) as n_persons,
    cast(n_bevoegd as integer) as n_bevoegd,
    cast(100.0 * n_bevoegd / n_persons as double) as share_bevoegd,
    cast(n_vast_contract as integer) as n_vast_contract,
    cast(100.0 * n_vast_contract / n_persons as double) as share_vast_contract,
    cast(n_oop as integer) as n_oop,
    cast(100.0 * n_oop / n_persons as double) as share_oop,
    cast(n_vrouw as integer) as n_vrouw,
    cast(100.0 * n_vrouw / n_persons as double) as share_vrouw,
    cast(n_hoofdbaan_bekend as integer) as n_hoofdbaan_bekend,
    cast(n_hoofdbaan_buiten_onderwijs as integer) as n_hoofdbaan_buiten_onderwijs,
    cast(100.0 * n_hoofdbaan_buiten_onderwijs / nullif(n_hoofdbaan_bekend, 0) as double)
        as share_hoofdbaan_buiten_onderwijs,
    cast(n_persons < {{ var('teacher_suppression_threshold') }} as boolean) as is_below_cbs_threshold
from {{ ref('int_teachers__cells') }}
