{#- Topic mart mirroring Figures B4.9a (technical) and B4.19 (non-technical) as far as the extract
    allows: situation five years before the peildatum (onderwijs, bedrijfsleven, opleiding, overig) per
    schooljaar x profiel; shares of the persons with a known situation. -#}
with final as (
    select
        *,
        n_situatie_onderwijs as n_onderwijs,
        n_situatie_bedrijfsleven as n_bedrijfsleven,
        n_situatie_opleiding as n_opleiding,
        n_situatie_overig as n_overig,
        100.0 * n_situatie_onderwijs / nullif(n_situatie_bekend, 0) as share_onderwijs,
        100.0 * n_situatie_bedrijfsleven / nullif(n_situatie_bekend, 0) as share_bedrijfsleven,
        100.0 * n_situatie_opleiding / nullif(n_situatie_bekend, 0) as share_opleiding,
        100.0 * n_situatie_overig / nullif(n_situatie_bekend, 0) as share_overig,
        n_persons < {{ var('teacher_suppression_threshold') }} as is_below_cbs_threshold
    from {{ ref('int_teachers__cells') }}
)

select {{ contract_columns() }}
from final
