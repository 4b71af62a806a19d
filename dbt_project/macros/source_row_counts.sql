{#- The final select of an int_source_rows__<domain> model: per indicator cell (the key columns of
    marts.indicator_values) and source file, the distinct source rows in the numerator and in the denominator,
    summed over the classes of rows in `relation` (columns n_numerator_rows, n_denominator_rows: NULL when
    the indicator's denominator is not traced), which holds the key columns named in `present`; the others are
    NULL. Cells and files without any row are left out. -#}
{% macro source_row_counts(relation, present) %}
{%- set keys = [
    ('indicator_id', 'string'), ('schooljaar', 'integer'), ('sto_regio_id', 'string'),
    ('vestiging_id', 'string'), ('leerweg', 'string'), ('profiel', 'string'), ('breakdown', 'string'),
    ('breakdown_value', 'string'), ('_source_file', 'string'),
] %}
select
    {%- for name, type in keys %}
    cast({{ name if name in present else 'null' }} as {{ type }}) as {{ name }},
    {%- endfor %}
    cast(sum(n_numerator_rows) as bigint) as n_numerator_rows,
    cast(sum(n_denominator_rows) as bigint) as n_denominator_rows
from {{ relation }}
group by all
having sum(n_numerator_rows) > 0 or sum(n_denominator_rows) > 0
{% endmacro %}

{#- n_numerator_rows and n_denominator_rows of a class of rows placed in a share's cell: its rows count in the
    numerator when `condition` holds, always in the denominator (`rows` the class's row count). -#}
{% macro share_source_rows(condition, rows='n_rows') -%}
    case when {{ condition }} then {{ rows }} else 0 end as n_numerator_rows, {{ rows }} as n_denominator_rows
{%- endmacro %}
