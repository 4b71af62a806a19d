{#- For every teacher cell of marts.indicator_values (catalog G, teacher populations in orchestration/disclosure/declarations.yml): the persons the
    cell is based on, so a release can suppress cells below the CBS threshold of 10. Same key columns as
    marts.indicator_values (vestiging_id and leerweg are always NULL for teacher rows). The shares of the
    IPTO vakken extract (G5) and of CBS's aggregate (G13/G14) rest on their denominator's persons. -#}
with cells as (
    select
        indicator_id,
        schooljaar,
        sto_regio_id,
        cast(null as string) as vestiging_id,
        cast(null as string) as leerweg,
        profiel,
        breakdown,
        breakdown_value,
        n_persons,
        is_below_cbs_threshold
    from {{ ref('int_teachers__indicator_cells') }}
    {%- for part in ['int_indicator_values__teachers_vakken', 'int_indicator_values__teachers_opleiding'] %}
    union all
    select
        indicator_id, schooljaar, sto_regio_id, null, null, profiel, breakdown, breakdown_value,
        cast(denominator as integer), denominator < {{ var('teacher_suppression_threshold') }}
    from {{ ref(part) }}
    {%- endfor %}
)

select {{ contract_columns() }}
from cells
