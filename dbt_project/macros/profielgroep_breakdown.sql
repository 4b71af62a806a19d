{#- The breakdown of a cell at the levels profiel / profielgroep / total (pupils and teachers alike): a
    profielgroep row (profiel NULL, profielgroep set) has breakdown 'profielgroep' and its group as value;
    profile and total rows have none. `relation` qualifies the columns; `names` are the two output columns. -#}
{% macro profielgroep_breakdown(relation=none, names=('breakdown', 'breakdown_value')) -%}
    {%- set prefix = relation ~ '.' if relation else '' -%}
    case when {{ prefix }}profiel is null and {{ prefix }}profielgroep is not null then 'profielgroep' end
            as {{ names[0] }},
        case when {{ prefix }}profiel is null then {{ prefix }}profielgroep end as {{ names[1] }}
{%- endmacro %}
