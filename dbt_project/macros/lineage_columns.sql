{#- The lineage columns every raw table carries and every staging model passes on (docs/quality.md): the
    file, its checksum, the row in it and the load that wrote it; `relation` qualifies them. -#}
{% macro lineage_columns(relation=none) -%}
    {%- set prefix = relation ~ '.' if relation else '' -%}
    {{ prefix }}_source_file, {{ prefix }}_source_sha256, {{ prefix }}_source_row, {{ prefix }}_load_id
{%- endmacro %}

{#- A decimal number a source writes as text with a decimal comma or point, as a double. -#}
{% macro decimal_number(column) -%}
    cast(replace({{ column }}, ',', '.') as double)
{%- endmacro %}
