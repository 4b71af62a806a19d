{#- A count a source publishes as text with a marker for a small suppressed number (DUO's `<5` and `-1`,
    CBS's `<10`), typed once for every source: `<name>` (NULL when suppressed), the bounds `<name>_min` and
    `<name>_max` (low..high when suppressed, else the count), with estimate the midpoint `<name>_schatting`
    (a double), and the flag `<flag>`. -#}
{% macro suppressed_count(column, marker, low, high, name, flag, estimate=true) -%}
    case when {{ column }} = '{{ marker }}' then null else cast({{ column }} as integer) end as {{ name }},
    case when {{ column }} = '{{ marker }}' then {{ low }} else cast({{ column }} as integer) end as {{ name }}_min,
    case when {{ column }} = '{{ marker }}' then {{ high }} else cast({{ column }} as integer) end as {{ name }}_max,
    {%- if estimate %}
    case when {{ column }} = '{{ marker }}' then {{ (low + high) / 2 }} else cast({{ column }} as double) end
        as {{ name }}_schatting,
    {%- endif %}
    {{ column }} = '{{ marker }}' as {{ flag }}
{%- endmacro %}
