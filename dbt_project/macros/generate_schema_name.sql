{#- Schemas are the layer names themselves (raw, reference, staging, intermediate, marts), not
    prefixed with the target schema, so that BI tools and the mart contract see stable names. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
