{#- Compound breakdown of the teacher indicators: `grp` (the profielgroep part, NULL on profile and total
    rows) followed by `extra` (SQL text), comma-separated; e.g. 'profielgroep,maat' / 'techniek,fte'. -#}
{% macro teacher_breakdown(grp, extra) %}coalesce({{ grp }} || '|', '') || {{ extra }}{% endmacro %}

{#- A cell of CBS's opleiding aggregate (catalog G13/G14) in the long form: its indicator by kenmerk, and
    profiel, breakdown and breakdown_value by niveau (profiel rows: profiel set, breakdown the kenmerk;
    profielgroep rows: 'profielgroep|<kenmerk>' / '<profielgroep>|<categorie>'; totaal rows: the kenmerk). -#}
{% macro cbs_opleiding_indicator_id(kenmerk) -%}
    case {{ kenmerk }} when 'opleidingsniveau' then 'teachers_education_level' else 'teachers_education_field' end
{%- endmacro %}

{% macro cbs_opleiding_cell(relation) -%}
    case when {{ relation }}.niveau = 'profiel' then {{ relation }}.profiel end as profiel,
    case
        when {{ relation }}.niveau = 'profielgroep'
            then {{ teacher_breakdown("'profielgroep'", relation ~ '.kenmerk') }}
        else {{ relation }}.kenmerk
    end as breakdown,
    case
        when {{ relation }}.niveau = 'profielgroep'
            then {{ teacher_breakdown(relation ~ '.profielgroep', relation ~ '.categorie') }}
        else {{ relation }}.categorie
    end as breakdown_value
{%- endmacro %}

{#- The topic mart of the mean number of lesgevenden per unit (Figures B4.3/B4.13 per school, B4.4/B4.14 per
    STO region): int_teachers__mean_per_eenheid of one eenheid, with the mart's names of its columns n_units
    and persons_per_unit. -#}
{% macro teachers_mean_per_unit(eenheid, n_units, persons_per_unit) -%}
select
    cast(schooljaar as integer) as schooljaar,
    cast(profielgroep as string) as profielgroep,
    cast(profiel as string) as profiel,
    cast(n_units as integer) as {{ n_units }},
    cast(n_persons_units as integer) as n_persons_summed,
    cast(n_persons as integer) as n_persons,
    cast(persons_per_unit as double) as {{ persons_per_unit }},
    cast(pct_change_vorig_jaar as double) as pct_change_vorig_jaar,
    cast(pct_change_nulmeting as double) as pct_change_nulmeting,
    cast(n_persons < {{ var('teacher_suppression_threshold') }} as boolean) as is_below_cbs_threshold
from {{ ref('int_teachers__mean_per_eenheid') }}
where eenheid = '{{ eenheid }}'
{%- endmacro %}
