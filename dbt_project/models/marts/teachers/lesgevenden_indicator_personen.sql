{#- For every teacher cell of marts.indicator_values (catalog G, teacher populations in orchestration/disclosure/declarations.yml): the persons the
    cell is based on, so a release can suppress cells below the CBS threshold of 10. Same key columns as
    marts.indicator_values (vestiging_id and leerweg are always NULL for teacher rows). The shares of the
    IPTO vakken extract (G5) and of CBS's aggregate (G13/G14) rest on their denominator's persons. -#}
select
    cast(indicator_id as string) as indicator_id,
    cast(schooljaar as integer) as schooljaar,
    cast(sto_regio_id as string) as sto_regio_id,
    cast(null as string) as vestiging_id,
    cast(null as string) as leerweg,
    cast(profiel as string) as profiel,
    cast(breakdown as string) as breakdown,
    cast(breakdown_value as string) as breakdown_value,
    cast(n_persons as integer) as n_persons,
    cast(is_below_cbs_threshold as boolean) as is_below_cbs_threshold
from {{ ref('int_teachers__indicator_cells') }}
{%- for part in ['int_indicator_values__teachers_vakken', 'int_indicator_values__teachers_opleiding'] %}
union all
select
    indicator_id,
    schooljaar,
    sto_regio_id,
    cast(null as string),
    cast(null as string),
    profiel,
    breakdown,
    breakdown_value,
    cast(denominator as integer),
    denominator < {{ var('teacher_suppression_threshold') }}
from {{ ref(part) }}
{%- endfor %}
