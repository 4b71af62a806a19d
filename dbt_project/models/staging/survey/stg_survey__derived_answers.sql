{#- Derived answers (docs/surveys.md "Derived items"): per respondent the variables the seed
    survey_derived_items computes from answered items, in the common survey shape, so report tables use
    them like answered items (as an item, or as the grouping of a cross-tab: group_dimension 'item:<id>').
    Respondent-level, so it stays in staging (respondent ids never leave it).
    highest_mean: a component (phase) has a mean when at least min_answers of its statements have a valid
    answer; a respondent is classified only when every component has a mean; the derived answer is the
    component with the highest mean (ties: the later component in the derived item's scale), or else_code
    when that mean is below threshold. any_code: code when any answered source item has one of
    source_codes, else else_code (respondents who answered none of the source items get no answer).
    recode: the source answer mapped to code (an answer category collapsed, e.g. eens5 -> eens3). -#}
with answers as (
    {{ survey_answers(with_derived=false) }}
),

rules as (
    select * from {{ ref('stg_reference__survey_derived_items') }}
),

item_scales as (
    select survey_id, item_id, min(scale_id) as scale_id
    from {{ ref('stg_reference__survey_items') }}
    group by survey_id, item_id
),

scales as (
    select * from {{ ref('stg_reference__survey_scales') }}
),

respondents as (
    select
        survey_id, wave, respondent_id,
        min(sto_regio_id) as sto_regio_id,
        min(toedelingswijze) as toedelingswijze,
        min(technisch_vak) as technisch_vak,
        min(bouw_groep) as bouw_groep
    from answers
    group by survey_id, wave, respondent_id
),

source_answers as (
    select
        r.survey_id,
        r.item_id,
        r.method,
        r.code,
        r.source_codes,
        r.else_code,
        r.threshold,
        r.min_answers,
        a.wave,
        a.respondent_id,
        a.answer_code,
        case when s.is_valid then s.numeric_value end as numeric_value
    from rules as r
    inner join answers as a on a.survey_id = r.survey_id and a.item_id = r.source_item_id
    left join item_scales as i on i.survey_id = r.survey_id and i.item_id = r.source_item_id
    left join scales as s on s.scale_id = i.scale_id and s.answer_code = a.answer_code
),

components as (
    select
        survey_id, item_id, wave, respondent_id, code,
        max(else_code) as else_code,
        max(threshold) as threshold,
        max(min_answers) as min_answers,
        avg(numeric_value) as mean_value,
        count(numeric_value) as n_answered
    from source_answers
    where method = 'highest_mean'
    group by survey_id, item_id, wave, respondent_id, code
),

component_counts as (
    select survey_id, item_id, count(distinct code) as n_components
    from rules
    where method = 'highest_mean'
    group by survey_id, item_id
),

classified as (
    select c.survey_id, c.item_id, c.wave, c.respondent_id
    from components as c
    inner join component_counts as k on k.survey_id = c.survey_id and k.item_id = c.item_id
    where c.n_answered >= c.min_answers
    group by c.survey_id, c.item_id, c.wave, c.respondent_id, k.n_components
    having count(*) = k.n_components
),

ranked as (
    select
        c.*,
        row_number() over (
            partition by c.survey_id, c.item_id, c.wave, c.respondent_id
            order by round(c.mean_value, 9) desc, coalesce(v.volgorde, 0) desc, c.code desc
        ) as rank_in_respondent
    from components as c
    inner join classified as k
        on k.survey_id = c.survey_id and k.item_id = c.item_id and k.wave = c.wave and k.respondent_id = c.respondent_id
    left join item_scales as i on i.survey_id = c.survey_id and i.item_id = c.item_id
    left join scales as v on v.scale_id = i.scale_id and v.answer_code = c.code
),

derived as (
    select
        survey_id, wave, respondent_id, item_id,
        case when round(mean_value, 9) < threshold then else_code else code end as answer_code
    from ranked
    where rank_in_respondent = 1
    union all
    select
        survey_id, wave, respondent_id, item_id,
        case when bool_or(position('|' || answer_code || '|' in '|' || source_codes || '|') > 0)
            then max(code) else max(else_code) end as answer_code
    from source_answers
    where method = 'any_code'
    group by survey_id, wave, respondent_id, item_id
    union all
    select survey_id, wave, respondent_id, item_id, code as answer_code
    from source_answers
    where method = 'recode' and position('|' || answer_code || '|' in '|' || source_codes || '|') > 0
)

select
    d.survey_id,
    d.wave,
    d.respondent_id,
    r.sto_regio_id,
    r.toedelingswijze,
    r.technisch_vak,
    r.bouw_groep,
    d.item_id,
    d.answer_code
from derived as d
inner join respondents as r on r.survey_id = d.survey_id and r.wave = d.wave and r.respondent_id = d.respondent_id
