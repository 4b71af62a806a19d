{#- The answers behind every cell of the report's survey tables (docs/surveys.md), respondent-level, for use
    inside an aggregating model only (respondent ids never leave staging): one row per table x wave x item x
    group x respondent, with the answer's validity, numeric value and whether it is in the item's top
    category. population 'panel' keeps the respondents who answered in every wave the table lists. -#}
{% macro survey_table_answers() %}
    answers as (
        select survey_id, wave, respondent_id, sto_regio_id, toedelingswijze, technisch_vak, bouw_groep, item_id, answer_code
        from {{ ref('stg_survey__programmaleiders') }}
        union all
        select survey_id, wave, respondent_id, sto_regio_id, toedelingswijze, technisch_vak, bouw_groep, item_id, answer_code
        from {{ ref('stg_survey__lesgevenden') }}
        union all
        select survey_id, wave, respondent_id, sto_regio_id, toedelingswijze, technisch_vak, bouw_groep, item_id, answer_code
        from {{ ref('stg_survey__leerlingen') }}
    ),

    survey_tables as (
        select * from {{ ref('stg_reference__survey_tables') }}
    ),

    table_waves as (
        select t.survey_id, t.table_id, t.population, t.group_dimension, t.waves, w.wave
        from survey_tables as t
        inner join (select distinct survey_id, wave from answers) as w
            on w.survey_id = t.survey_id
            and position('|' || cast(w.wave as varchar) || '|' in '|' || t.waves || '|') > 0
    ),

    table_wave_counts as (
        select survey_id, table_id, count(*) as n_waves from table_waves group by survey_id, table_id
    ),

    respondent_waves as (
        select distinct survey_id, respondent_id, wave from answers
    ),

    panel_members as (
        select tw.survey_id, tw.table_id, rw.respondent_id
        from table_waves as tw
        inner join respondent_waves as rw on rw.survey_id = tw.survey_id and rw.wave = tw.wave
        inner join table_wave_counts as c on c.survey_id = tw.survey_id and c.table_id = tw.table_id
        where tw.population = 'panel'
        group by tw.survey_id, tw.table_id, rw.respondent_id, c.n_waves
        having count(*) = c.n_waves
    ),

    base_answers as (
        select
            tw.survey_id,
            tw.table_id,
            tw.wave,
            case when tw.population = 'panel' then 'panel_' || replace(tw.waves, '|', '_') else 'all' end
                as population,
            tw.group_dimension as table_group_dimension,
            i.item_id,
            i.scale_id,
            a.respondent_id,
            a.sto_regio_id,
            a.answer_code,
            a.toedelingswijze,
            a.technisch_vak,
            a.bouw_groep,
            s.is_valid,
            case when s.is_valid then s.numeric_value end as numeric_value,
            s.is_valid and position('|' || a.answer_code || '|' in '|' || i.top_codes || '|') > 0 as is_top,
            i.top_codes <> '' as has_top
        from table_waves as tw
        inner join {{ ref('stg_reference__survey_items') }} as i
            on i.survey_id = tw.survey_id and i.table_id = tw.table_id
        inner join answers as a
            on a.survey_id = tw.survey_id and a.wave = tw.wave and a.item_id = i.item_id
        inner join {{ ref('stg_reference__survey_scales') }} as s
            on s.scale_id = i.scale_id and s.answer_code = a.answer_code
        left join panel_members as pm
            on pm.survey_id = tw.survey_id and pm.table_id = tw.table_id and pm.respondent_id = a.respondent_id
        where tw.population <> 'panel' or pm.respondent_id is not null
    ),

    table_answers as (
        select b.*, 'all' as group_dimension, 'all' as group_value from base_answers as b
        union all
        select
            b.*,
            b.table_group_dimension as group_dimension,
            case b.table_group_dimension
                when 'toedelingswijze' then b.toedelingswijze
                when 'technisch_vak' then b.technisch_vak
                when 'bouw_groep' then b.bouw_groep
            end as group_value
        from base_answers as b
        where b.table_group_dimension <> 'all'
            and case b.table_group_dimension
                when 'toedelingswijze' then b.toedelingswijze
                when 'technisch_vak' then b.technisch_vak
                when 'bouw_groep' then b.bouw_groep
            end is not null
    )
{% endmacro %}
