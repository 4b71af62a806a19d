{#- Rows in the columns of marts.indicator_values, in contract order and types (indicator_value_columns),
    from `relation`, which holds the columns listed in `present`; the others are NULL (is_suppressed
    false). The final select of an indicator part with an enforced contract. -#}
{% macro indicator_value_rows(relation, present) %}
select
    {%- for name, type in indicator_value_columns() %}
    cast({{ name if name in present else ('false' if name == 'is_suppressed' else 'null') }} as {{ type }}) as {{ name }}
    {{- "," if not loop.last }}
    {%- endfor %}
from {{ relation }}
{% endmacro %}
