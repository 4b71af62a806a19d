{#- The one definition of the rows behind the exam-result figures (int_indicator_values__exam_results) and
    their source rows (int_source_rows__exam_results): the vmbo lines over both genders of the DUO exam files
    whose leerweg the reference list exam_codes decodes, with the breakdown of their vestiging cell (layout
    multi_year: sector; per_profiel: afdeling for legacy programmes and tl, else none). -#}
{% macro exam_result_rows() -%}
    select
        *,
        case
            when layout = 'multi_year' then 'sector'
            when profiel is null then 'afdeling'
        end as breakdown,
        case
            when layout = 'multi_year' then coalesce(sector, 'onbekend')
            when profiel is null then coalesce(afdeling, '')
        end as breakdown_value
    from {{ ref('stg_duo__examenkandidaten') }}
    where onderwijstype = 'VMBO' and geslacht = 'T' and leerweg in ('bb', 'kb', 'gl', 'tl')
{%- endmacro %}
