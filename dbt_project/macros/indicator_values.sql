{#- One row per indicator declared in `meta.indicators` of any model's YAML (the producing model).
    Single quotes in the texts (e.g. regio's) are doubled for SQL. -#}
{% macro indicator_catalog_rows() %}
    {%- set rows = [] -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values() | sort(attribute='name') -%}
            {%- for ind in node.config.meta.get('indicators', []) -%}
                {%- do rows.append((ind, node.name)) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if rows | length == 0 %}
    select
        cast(null as varchar) as indicator_id, cast(null as varchar) as name_nl,
        cast(null as varchar) as name_en, cast(null as varchar) as sto_goal,
        cast(null as varchar) as catalog_section, cast(null as varchar) as definition,
        cast(null as varchar) as unit, cast(null as varchar) as source, cast(null as varchar) as grain,
        cast(null as varchar) as dbt_model
    where false
    {%- endif %}
    {%- for ind, model in rows %}
    select
        cast({{ catalog_literal(ind['id']) }} as varchar) as indicator_id,
        cast({{ catalog_literal(ind['name_nl']) }} as varchar) as name_nl,
        cast({{ catalog_literal(ind['name_en']) }} as varchar) as name_en,
        cast({{ catalog_literal(ind['goal']) }} as varchar) as sto_goal,
        cast({{ catalog_literal(ind['section']) }} as varchar) as catalog_section,
        cast({{ catalog_literal(ind['definition'] | trim) }} as varchar) as definition,
        cast({{ catalog_literal(ind['unit']) }} as varchar) as unit,
        cast({{ catalog_literal(ind['source']) }} as varchar) as source,
        cast({{ catalog_literal(ind['grain']) }} as varchar) as grain,
        cast({{ catalog_literal(model) }} as varchar) as dbt_model
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{% endmacro %}

{#- A SQL string literal for catalog text: single quotes doubled, NULL for a missing value. -#}
{% macro catalog_literal(text) -%}
    {%- if text is none -%}null{%- else -%}'{{ (text | string) | replace("'", "''") }}'{%- endif -%}
{%- endmacro %}

{#- One row (indicator_id) per indicator whose catalog entry traces it to source rows (`trace.rows_model` in
    its meta), for the tests of the int_source_rows__<domain> models. -#}
{% macro traced_indicator_rows() %}
    {%- set ids = [] -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values() -%}
            {%- for ind in node.config.meta.get('indicators', []) if (ind.get('trace') or {}).get('rows_model') -%}
                {%- do ids.append(ind['id']) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
    select cast(null as varchar) as indicator_id where false
    {%- for id in ids | sort %}
    union all select {{ catalog_literal(id) }}
    {%- endfor %}
{% endmacro %}
