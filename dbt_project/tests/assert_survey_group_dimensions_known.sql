{{ config(meta={'dagster': {'ref': {'name': 'stg_reference__survey_tables'}}}) }}
{#- Every survey table groups by a respondent attribute or by an item of the same survey ('item:<id>',
    a cross-tab; docs/surveys.md). Returns the offending tables. -#}
select t.survey_id, t.table_id, t.group_dimension
from {{ ref('stg_reference__survey_tables') }} as t
where t.group_dimension not in ('all', 'toedelingswijze', 'technisch_vak', 'bouw_groep')
    and not exists (
        select 1
        from {{ ref('stg_reference__survey_items') }} as i
        where i.survey_id = t.survey_id and 'item:' || i.item_id = t.group_dimension
    )
