{#- The columns numerator, denominator, value and unit of a share of rows in percent: the rows of the group
    for which `condition` (SQL) holds, of all rows of the group. -#}
{% macro share_of_rows(condition) -%}
    sum(case when {{ condition }} then 1 else 0 end) as numerator, count(*) as denominator,
        100.0 * sum(case when {{ condition }} then 1 else 0 end) / count(*) as value, 'percent' as unit
{%- endmacro %}
