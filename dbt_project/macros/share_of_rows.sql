{#- The columns numerator, denominator, value and unit of a share of rows in percent: the rows of the group
    for which `condition` (SQL) holds, of all rows of the group. -#}
{% macro share_of_rows(condition) -%}
    sum(case when {{ condition }} then 1 else 0 end) as numerator, count(*) as denominator,
        100.0 * sum(case when {{ condition }} then 1 else 0 end) / count(*) as value, 'percent' as unit
{%- endmacro %}

{#- The same for a share of distinct values: the distinct `column` values of the rows for which `condition`
    holds, of all distinct values of the group. -#}
{% macro share_of_distinct(condition, column) -%}
    count(distinct case when {{ condition }} then {{ column }} end) as numerator,
        count(distinct {{ column }}) as denominator,
        100.0 * count(distinct case when {{ condition }} then {{ column }} end) / count(distinct {{ column }}) as value,
        'percent' as unit
{%- endmacro %}

{#- numerator, denominator, value and unit of a count of rows (value = numerator, no denominator). -#}
{% macro count_of_rows() -%}
    count(*) as numerator, cast(null as double) as denominator, count(*) as value, 'count' as unit
{%- endmacro %}

{#- Two columns of a group: n_<name>, the rows for which `condition` holds, and <name>_share, their
    percentage of all rows of the group. -#}
{% macro count_and_share(condition, name) -%}
    sum(case when {{ condition }} then 1 else 0 end) as n_{{ name }},
        100.0 * sum(case when {{ condition }} then 1 else 0 end) / count(*) as {{ name }}_share
{%- endmacro %}
