{#- Catalog G5 in the long form of marts.indicator_values: share of the persons teaching a profielvak of
    the cell who also teach an avo-vak (teachers_also_avo_share) / an overig vak
    (teachers_also_other_share), in percent. Profile rows have profiel set; profielgroep rows profiel
    NULL and breakdown 'profielgroep'; the total row neither (as every teacher indicator). -#}
{%- set shares = [('teachers_also_avo_share', 'n_ook_avo'), ('teachers_also_other_share', 'n_ook_overig')] -%}
with cellen as (
    select * from {{ ref('int_lesgevenden__vakken_cellen') }}
),

parts as (
{%- for id, numerator in shares %}
    select
        '{{ id }}' as indicator_id,
        schooljaar,
        profiel,
        case when profiel is null and profielgroep is not null then 'profielgroep' end as breakdown,
        case when profiel is null then profielgroep end as breakdown_value,
        {{ numerator }} as numerator,
        n_persons as denominator
    from cellen
    {{- "\n    union all" if not loop.last }}
{%- endfor %}
)

select
    cast(indicator_id as varchar) as indicator_id,
    cast(schooljaar as integer) as schooljaar,
    cast(null as varchar) as sto_regio_id,
    cast(null as varchar) as vestiging_id,
    cast(null as varchar) as leerweg,
    cast(profiel as varchar) as profiel,
    cast(breakdown as varchar) as breakdown,
    cast(breakdown_value as varchar) as breakdown_value,
    cast(numerator as double) as numerator,
    cast(denominator as double) as denominator,
    cast(100.0 * numerator / nullif(denominator, 0) as double) as value,
    cast('percent' as varchar) as unit,
    cast(false as boolean) as is_suppressed
from parts
