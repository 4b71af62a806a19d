{#- Answers per answer category of every survey table cell, including categories nobody chose
    (docs/surveys.md). Aggregated: no respondent ids. -#}
with {{ survey_table_answers() }},

counts as (
    select survey_id, table_id, wave, item_id, population, group_dimension, group_value, answer_code, count(*) as n
    from table_answers
    group by survey_id, table_id, wave, item_id, population, group_dimension, group_value, answer_code
)

select
    c.survey_id,
    c.table_id,
    c.wave,
    c.item_id,
    c.population,
    c.group_dimension,
    c.group_value,
    s.answer_code,
    s.answer_label,
    s.volgorde,
    coalesce(k.n, 0) as n_category,
    c.n_answers
from {{ ref('int_survey__cells') }} as c
inner join {{ ref('stg_reference__survey_scales') }} as s on s.scale_id = c.scale_id
left join counts as k
    on k.survey_id = c.survey_id and k.table_id = c.table_id and k.wave = c.wave and k.item_id = c.item_id
    and k.population = c.population and k.group_dimension = c.group_dimension and k.group_value = c.group_value
    and k.answer_code = s.answer_code
