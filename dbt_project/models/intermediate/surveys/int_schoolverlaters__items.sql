{#- School-leaver survey answers in long form: one row per respondent x item (six items of catalog F),
    with the technical / non-technical group of the diploma's profile. Unanswered items (NULL) are
    left out, so they are not in that item's denominator. -#}
{% set items = [
    ('aantrekkelijk', 'svo_attractive'), ('actueel', 'svo_topical'), ('uitdagend', 'svo_challenging'),
    ('basis_keuze', 'svo_basis_choose_followup'), ('basis_vervolg', 'svo_basis_follow_followup'),
    ('aansluiting', 'svo_connection_followup'),
] %}
with respondents as (
    select
        svo.*,
        case when svo.profiel is null then 'onbekend' else coalesce(profielen.profielgroep, 'onbekend') end as profielgroep
    from {{ ref('stg_survey__schoolverlaters') }} as svo
    left join {{ ref('stg_reference__profielen') }} as profielen on svo.profiel = profielen.profiel
)
{% for column, indicator in items %}
select
    meting,
    respondent_id,
    diploma_schooljaar,
    leerweg,
    profiel,
    profielgroep,
    weegfactor,
    '{{ indicator }}' as indicator_id,
    '{{ column }}' as item,
    {{ column }} as antwoord,
    {{ column }} >= 4 as is_positief,
    _source_file,
    _source_row
from respondents
where {{ column }} is not null
{% if not loop.last %}union all{% endif %}
{% endfor %}
