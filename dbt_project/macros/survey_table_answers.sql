{#- The answers behind every cell of the report's survey tables (docs/surveys.md), respondent-level, for use
    inside an aggregating model only (respondent ids never leave staging): one row per table x wave x item x
    group x respondent, with the answer's validity, numeric value and whether it is in the item's top
    category. population 'panel' keeps the respondents who answered in every wave the table lists. Answers
    include the derived items (stg_survey__derived_answers); a table grouped by 'item:<id>' groups each
    respondent by his answer to that item (a cross-tab). -#}
{% macro survey_table_answers() %}
    answers as (
        {{ survey_answers(with_derived=true) }}
    ),

    survey_tables as (
        select * from {{ ref('stg_reference__survey_tables') }}
    ),

    table_waves as (
        select t.survey_id, t.table_id, t.population, t.group_dimension, t.waves, w.wave
        from survey_tables as t
        inner join (select distinct survey_id, wave from answers) as w
            on w.survey_id = t.survey_id
            and position('|' || cast(w.wave as string) || '|' in '|' || t.waves || '|') > 0
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

    grouped_answers as (
        select
            b.*,
            case
                when b.table_group_dimension = 'toedelingswijze' then b.toedelingswijze
                when b.table_group_dimension = 'technisch_vak' then b.technisch_vak
                when b.table_group_dimension = 'bouw_groep' then b.bouw_groep
                when b.table_group_dimension like 'item:%' then g.answer_code
            end as table_group_value
        from base_answers as b
        left join answers as g
            on b.table_group_dimension like 'item:%'
            and g.survey_id = b.survey_id and g.wave = b.wave and g.respondent_id = b.respondent_id
            and g.item_id = substr(b.table_group_dimension, 6)
    ),

    {# A cross-tab (group_dimension 'item:<id>') keeps in its total ('all') only the respondents who have
        a group value, so the total row is the table's base (e.g. Tabel 6.5 Totaal, N=658). #}
    table_answers as (
        select b.*, 'all' as group_dimension, 'all' as group_value
        from grouped_answers as b
        where b.table_group_dimension not like 'item:%' or b.table_group_value is not null
        union all
        select b.*, b.table_group_dimension as group_dimension, b.table_group_value as group_value
        from grouped_answers as b
        where b.table_group_dimension <> 'all' and b.table_group_value is not null
    )
{% endmacro %}


{#- Every answer of the three survey extracts in one shape (and, with_derived, the derived items of
    stg_survey__derived_answers, which itself reads the extracts without them). Respondent-level: for use
    inside a CTE of a staging model or of survey_table_answers only. -#}
{% macro survey_answers(with_derived=true) %}
    {%- set models = ['stg_survey__programmaleiders', 'stg_survey__lesgevenden', 'stg_survey__leerlingen'] -%}
    {%- if with_derived %}{% do models.append('stg_survey__derived_answers') %}{% endif -%}
    {%- for model in models %}
        select survey_id, wave, respondent_id, sto_regio_id, toedelingswijze, technisch_vak, bouw_groep, item_id, answer_code
        from {{ ref(model) }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{% endmacro %}

{#- The rows of one delivered survey file in the common survey shape (one row per respondent x item x wave):
    survey_id, wave, respondent_id, sto_regio_id, the grouping variables toedelingswijze, technisch_vak and
    bouw_groep (SQL; NULL where the survey has none), item_id, answer_code and the lineage. -#}
{% macro survey_source_answers(survey_id, source_table, toedelingswijze='null', technisch_vak='null',
    bouw_groep='null') -%}
    select
        '{{ survey_id }}' as survey_id,
        cast(golf as integer) as wave,
        respondent_id,
        sto_regio_id,
        cast({{ toedelingswijze }} as string) as toedelingswijze,
        cast({{ technisch_vak }} as string) as technisch_vak,
        cast({{ bouw_groep }} as string) as bouw_groep,
        item_id,
        antwoord as answer_code,
        _source_file,
        _source_row,
        _load_id
    from {{ source('survey', source_table) }}
{%- endmacro %}
