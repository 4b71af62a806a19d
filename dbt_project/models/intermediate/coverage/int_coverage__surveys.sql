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

classified as (
    select
        a.source,
        a._source_file,
        a._source_row,
        case
            -- stg_survey__lesgevenden takes the item from the column technisch_vak, not from such a row
            when a.survey_id = 'LG' and a.item_id = 'lg_technisch_vak'
                then 'lg_technisch_vak row: the column technisch_vak gives this answer'
            when exists (
                select 1 from used as u
                where u.survey_id = a.survey_id and u.wave = a.wave and u.respondent_id = a.respondent_id
                    and u.item_id = a.item_id
            ) or exists (
                select 1 from derived_sources as d
                inner join used as u on u.survey_id = d.survey_id and u.item_id = d.item_id
                where d.survey_id = a.survey_id and d.source_item_id = a.item_id
                    and u.wave = a.wave and u.respondent_id = a.respondent_id
            ) then null
            when not exists (
                select 1 from item_tables as t where t.survey_id = a.survey_id and t.item_id = a.item_id
            ) and not exists (
                select 1 from derived_sources as d where d.survey_id = a.survey_id and d.source_item_id = a.item_id
            ) then 'item in no report table (survey_items, survey_derived_items)'
            when not exists (
                select 1 from item_tables as t
                where t.survey_id = a.survey_id and t.item_id = a.item_id
                    and position('|' || cast(a.wave as string) || '|' in '|' || t.waves || '|') > 0
            ) and not exists (
                select 1 from derived_sources as d where d.survey_id = a.survey_id and d.source_item_id = a.item_id
            ) then 'wave in no report table of the item'
            else 'answer not behind a table cell (panel tables: respondent not in every wave; derived item: no value)'
        end as reason_not_counted,
        cast(null as string) as reason_in_part
    from raw_answers as a
)

{{ coverage_select() }}
