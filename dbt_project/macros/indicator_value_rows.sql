{#- The final select of an indicator part: the part's contract columns (the shared list
    `indicator_value_columns` in models/intermediate/_int_indicator_values__models.yml), in contract order
    and cast to their contract types, from `relation`, which holds the columns named in `present`; the
    others are NULL (is_suppressed false). A name in `present` that `relation` or the contract lacks fails
    the build. -#}
{% macro indicator_value_rows(relation, present) %}
{%- if execute %}
    {%- for name in present if name not in model['columns'] %}
        {{- exceptions.raise_compiler_error(name ~ ' is not a column of the contract of ' ~ model['name']) }}
    {%- endfor %}
{%- endif %}
select
    {%- for column in model['columns'].values() %}
    {%- set name = column['name'] %}
    cast({{ name if name in present else ('false' if name == 'is_suppressed' else 'null') }} as {{ column['data_type'] }}) as {{ name }}
    {{- "," if not loop.last }}
    {%- endfor %}
from {{ relation }}
{% endmacro %}
