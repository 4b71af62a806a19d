{#- Join condition: rows `a` and `b` describe the same cell on `keys`, where NULL (the total over that
    dimension) matches NULL: `a.k is not distinct from b.k` for every key, joined by `and`. -#}
{% macro same_cell(a, b, keys) -%}
    {%- for key in keys -%}
        {{ a }}.{{ key }} is not distinct from {{ b }}.{{ key }}{% if not loop.last %} and {% endif %}
    {%- endfor -%}
{%- endmacro %}
