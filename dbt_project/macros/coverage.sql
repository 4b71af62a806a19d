{#- The two columns every int_coverage__<source> model ends with (docs/quality.md, "Rows not counted"):
    status = 'not counted' when the row is in no figure (reason says why), 'counted in part' when it is
    in some figures but left out of others it would belong to (reason says which and why), else
    'counted' (reason NULL). The first reason that applies wins. -#}
{% macro coverage_status(not_counted_reason, in_part_reason) -%}
    case
        when {{ not_counted_reason }} is not null then 'not counted'
        when {{ in_part_reason }} is not null then 'counted in part'
        else 'counted'
    end as status,
    coalesce({{ not_counted_reason }}, {{ in_part_reason }}) as reason
{%- endmacro %}

{#- The coverage rows of a source every row of which is used as it is (no row filtered): all 'counted'. -#}
{% macro coverage_every_row_counted(source_name, table_name) -%}
    select
        '{{ table_name }}' as source,
        _source_file as source_file,
        _source_row as source_row,
        '' as row_part,
        'counted' as status,
        cast(null as varchar) as reason,
        cast(null as bigint) as aantal,
        0 as n_suppressed_cells
    from {{ source(source_name, table_name) }}
{%- endmacro %}
