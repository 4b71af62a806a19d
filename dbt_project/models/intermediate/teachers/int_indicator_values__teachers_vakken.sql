{#- Catalog G5 in the long form of marts.indicator_values: share of the persons teaching a profielvak of
    the cell who also teach an avo-vak (teachers_also_avo_share) / an overig vak
    (teachers_also_other_share), in percent. Profile rows have profiel set; profielgroep rows profiel
    NULL and breakdown 'profielgroep'; the total row neither (as every teacher indicator). -#}
{%- set shares = [('teachers_also_avo_share', 'n_ook_avo'), ('teachers_also_other_share', 'n_ook_overig')] -%}
with cellen as (
    select * from {{ ref('int_teachers__vakken_cells') }}
),

parts as (
{%- for id, numerator in shares %}
    select
        '{{ id }}' as indicator_id,
        schooljaar,
        profiel,
        {{ profielgroep_breakdown() }},
        {{ numerator }} as numerator,
        n_persons as denominator,
        100.0 * {{ numerator }} / nullif(n_persons, 0) as value,
        'percent' as unit
    from cellen
    {{- "\n    union all" if not loop.last }}
{%- endfor %}
)

{{ indicator_value_rows('parts', [
    'indicator_id', 'schooljaar', 'profiel', 'breakdown', 'breakdown_value', 'numerator', 'denominator', 'value',
    'unit'
]) }}
