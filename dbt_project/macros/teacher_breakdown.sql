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
