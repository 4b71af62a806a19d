{#- The final select of an indicator part: the columns of marts.indicator_values in contract order, cast to
    their contract types (indicator_value_columns), from `relation`, which holds the columns named in
    `present`; the others are NULL (is_suppressed false). A name in `present` that `relation` lacks, or that
    is not such a column, fails the build. -#}
{% macro indicator_value_rows(relation, present) %}
{%- set columns = indicator_value_columns() %}
{%- for name in present if name not in columns | map(attribute=0) %}
    {{- exceptions.raise_compiler_error(name ~ ' is not a column of marts.indicator_values') }}
{%- endfor %}
select
    {%- for name, type in columns %}
    cast({{ name if name in present else ('false' if name == 'is_suppressed' else 'null') }} as {{ type }}) as {{ name }}
    {{- "," if not loop.last }}
    {%- endfor %}
from {{ relation }}
{% endmacro %}

{#- The columns of marts.indicator_values with their types, in contract order: the SQL side of the parts'
    shared contract (anchor indicator_value_columns in models/intermediate/_int_indicator_values__models.yml).
    dbt gives a macro no access to a model's contract inside a unit test, hence this list; a difference from
    the anchor fails the contract of every part. -#}
{% macro indicator_value_columns() %}
    {{ return([
        ('indicator_id', 'string'), ('schooljaar', 'integer'), ('sto_regio_id', 'string'),
        ('vestiging_id', 'string'), ('leerweg', 'string'), ('profiel', 'string'),
        ('breakdown', 'string'), ('breakdown_value', 'string'), ('numerator', 'double'),
        ('denominator', 'double'), ('value', 'double'), ('unit', 'string'), ('is_suppressed', 'boolean'),
    ]) }}
{% endmacro %}
