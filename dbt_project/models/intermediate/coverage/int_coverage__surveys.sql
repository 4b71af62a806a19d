{#- Every raw row of the three survey extracts (one respondent x item x wave), classified against the
    report's survey tables: counted when the answer is behind a table cell (macro survey_table_answers:
    the item is in a table of the survey, the wave is one the table lists, the respondent is in the panel
    of a panel table) or is a source item of a derived item that is (stg_reference__survey_derived_items).
    Respondent ids stay inside this model; it returns file and row only. -#}
with {{ survey_table_answers() }},

used as (
    select distinct survey_id, wave, respondent_id, item_id from table_answers
),

derived_sources as (
    select distinct survey_id, source_item_id, item_id from {{ ref('stg_reference__survey_derived_items') }}
),

item_tables as (
    select distinct i.survey_id, i.item_id, t.waves
    from {{ ref('stg_reference__survey_items') }} as i
    inner join {{ ref('stg_reference__survey_tables') }} as t on t.survey_id = i.survey_id and t.table_id = i.table_id
),

raw_answers as (
    select 'enquete_programmaleiders' as source, 'PL' as survey_id, cast(golf as integer) as wave, respondent_id,
        item_id, _source_file, _source_row
    from {{ source('survey', 'enquete_programmaleiders') }}
    union all
    select 'enquete_lesgevenden', 'LG', cast(golf as integer), respondent_id, item_id, _source_file, _source_row
    from {{ source('survey', 'enquete_lesgevenden') }}
    union all
    select 'enquete_leerlingen', 'LL', cast(golf as integer), respondent_id, item_id, _source_file, _source_row
    from {{ source('survey', 'enquete_leerlingen') }}
),

-- the flags below as joins on distinct keys (not correlated EXISTS inside the CASE: Spark's optimizer fails on
-- those over the union raw_answers, "key not found" in PushProjectionThroughUnion)
answers_used as (  -- behind a table cell, or the source answer of a derived item that is
    select survey_id, wave, respondent_id, item_id from used
    union
    select d.survey_id, u.wave, u.respondent_id, d.source_item_id
    from derived_sources as d
    inner join used as u on u.survey_id = d.survey_id and u.item_id = d.item_id
),

table_items as (
    select distinct survey_id, item_id from item_tables
),

derived_source_items as (
    select distinct survey_id, source_item_id from derived_sources
),

table_item_waves as (  -- the waves each item is reported for: the wave is one its table lists
    select distinct a.survey_id, a.item_id, a.wave
    from (select distinct survey_id, item_id, wave from raw_answers) as a
    inner join item_tables as t
        on t.survey_id = a.survey_id and t.item_id = a.item_id
        and position('|' || cast(a.wave as string) || '|' in '|' || t.waves || '|') > 0
),

classified as (
    select
        a.source,
        a._source_file,
        a._source_row,
        case
            -- stg_survey__lesgevenden takes the item from the column technisch_vak, not from such a row
            when a.survey_id = 'LG' and a.item_id = 'lg_technisch_vak'
                then 'lg_technisch_vak row: the column technisch_vak gives this answer'
            when au.survey_id is not null then null
            when ti.survey_id is null and ds.survey_id is null
                then 'item in no report table (survey_items, survey_derived_items)'
            when tw.survey_id is null and ds.survey_id is null then 'wave in no report table of the item'
            else 'answer not behind a table cell (panel tables: respondent not in every wave; derived item: no value)'
        end as reason_not_counted,
        cast(null as string) as reason_in_part
    from raw_answers as a
    left join answers_used as au
        on au.survey_id = a.survey_id and au.wave = a.wave and au.respondent_id = a.respondent_id
        and au.item_id = a.item_id
    left join table_items as ti on ti.survey_id = a.survey_id and ti.item_id = a.item_id
    left join derived_source_items as ds on ds.survey_id = a.survey_id and ds.source_item_id = a.item_id
    left join table_item_waves as tw on tw.survey_id = a.survey_id and tw.item_id = a.item_id and tw.wave = a.wave
)

{{ coverage_select() }}
