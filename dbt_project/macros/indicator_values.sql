{#- One row per indicator declared in `meta.indicators` of any model's YAML (the producing model).
    Texts are SQL literals in each engine's spelling (string_literal). -#}
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
        cast(null as string) as indicator_id, cast(null as string) as name_nl,
        cast(null as string) as name_en, cast(null as string) as sto_goal,
        cast(null as string) as catalog_section, cast(null as string) as definition,
        cast(null as string) as unit, cast(null as string) as source, cast(null as string) as grain,
        cast(null as string) as dbt_model
    where false
    {%- endif %}
    {%- if rows | length > 0 %}
    {#- one VALUES list, not a union of one-row selects: Spark would write a file per branch #}
    select * from (values
    {%- for ind, model in rows %}
        (
            cast({{ catalog_literal(ind['id']) }} as string), cast({{ catalog_literal(ind['name_nl']) }} as string),
            cast({{ catalog_literal(ind['name_en']) }} as string), cast({{ catalog_literal(ind['goal']) }} as string),
            cast({{ catalog_literal(ind['section']) }} as string),
            cast({{ catalog_literal(ind['definition'] | trim) }} as string),
            cast({{ catalog_literal(ind['unit']) }} as string), cast({{ catalog_literal(ind['source']) }} as string),
            cast({{ catalog_literal(ind['grain']) }} as string), cast({{ catalog_literal(model) }} as string)
        ){{ "," if not loop.last }}
    {%- endfor %}
    ) as catalog (
        indicator_id, name_nl, name_en, sto_goal, catalog_section, definition, unit, source, grain, dbt_model
    )
    {%- endif %}
{% endmacro %}

{#- A SQL string literal for catalog text, NULL for a missing value. -#}
{% macro catalog_literal(text) -%}
    {%- if text is none -%}null{%- else -%}{{ string_literal(text | string) }}{%- endif -%}
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
    select cast(null as string) as indicator_id where false
    {%- for id in ids | sort %}
    union all select {{ catalog_literal(id) }}
    {%- endfor %}
{% endmacro %}
