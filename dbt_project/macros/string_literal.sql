{#- A text as a SQL string literal. DuckDB (standard SQL) doubles a single quote ('regio''s'); Spark SQL reads
    two adjacent literals as one concatenated string ('regio' 's' = 'regios') and escapes with a backslash
    instead ('regio\'s'), so a backslash itself is doubled there. -#}
{% macro string_literal(text) -%}
    {{ return(adapter.dispatch('string_literal', 'sto_monitor')(text)) }}
{%- endmacro %}

{% macro default__string_literal(text) -%}
    '{{ text | replace("'", "''") }}'
{%- endmacro %}

{% macro spark__string_literal(text) -%}
    '{{ text | replace('\\', '\\\\') | replace("'", "\\'") }}'
{%- endmacro %}
