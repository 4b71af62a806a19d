{#- Each row of `relation` twice over for a breakdown by leerweg with a total: once with its own leerweg as
    `lw`, and a row of bb, kb or gl once more with `lw` NULL (all three leerwegen; the published tables'
    total leaves other leerwegen out). Group by `lw` for the cells. -#}
{% macro leerweg_and_total(relation) %}
    select a.*, a.leerweg as lw from {{ relation }} as a
    union all
    select a.*, cast(null as string) as lw from {{ relation }} as a
    where a.leerweg in ('bb', 'kb', 'gl')
{%- endmacro %}
