{#- The select list of a model with an enforced contract (the marts, int_teachers__indicator_cells): every
    column of its contract (its YAML), in contract order, cast to its contract type, so that a type is written
    once, in the contract. dbt gives a unit test no access to the contract (nor to the graph): there the
    columns of the final CTE are selected as they are, and the unit test compares them by value (dbt casts its
    expected rows to their types). -#}
{% macro contract_columns() %}
{%- if not execute or model.resource_type == 'unit_test' %}
    {{- return('*') }}
{%- endif %}
{%- if not model.columns %}
    {{- exceptions.raise_compiler_error(model.name ~ ' has no contract columns in its YAML') }}
{%- endif %}
{%- for column in model.columns.values() %}
    cast({{ column.name }} as {{ column.data_type }}) as {{ column.name }}{{ "," if not loop.last }}
{%- endfor %}
{% endmacro %}
