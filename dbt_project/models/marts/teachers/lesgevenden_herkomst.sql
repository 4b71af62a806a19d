{#- Topic mart mirroring Figures B4.9a (technical) and B4.19 (non-technical) as far as the extract
    allows: situation five years before the peildatum (onderwijs, bedrijfsleven, opleiding, overig) per
    schooljaar x profiel; shares of the persons with a known situation. -#}
select
    cast(schooljaar as integer) as schooljaar,
    cast(profielgroep as string) as profielgroep,
    cast(profiel as string) as profiel,
    cast(n_persons as integer) as n_persons,
    cast(n_situatie_bekend as integer) as n_situatie_bekend,
    cast(n_situatie_onderwijs as integer) as n_onderwijs,
    cast(n_situatie_bedrijfsleven as integer) as n_bedrijfsleven,
    cast(n_situatie_opleiding as integer) as n_opleiding,
    cast(n_situatie_overig as integer) as n_overig,
    cast(100.0 * n_situatie_onderwijs / nullif(n_situatie_bekend, 0) as double) as share_onderwijs,
    cast(100.0 * n_situatie_bedrijfsleven / nullif(n_situatie_bekend, 0) as double) as share_bedrijfsleven,
    cast(100.0 * n_situatie_opleiding / nullif(n_situatie_bekend, 0) as double) as share_opleiding,
    cast(100.0 * n_situatie_overig / nullif(n_situatie_bekend, 0) as double) as share_overig,
    cast(n_persons < {{ var('teacher_suppression_threshold') }} as boolean) as is_below_cbs_threshold
from {{ ref('int_teachers__cells') }}
