{#- The one decoding of a DUO element code (reference element_codes + profielen) to leerweg, profiel,
    programma and profielgroep. Use both in one select:
        select ..., {{ element_code_columns() }} from pupils {{ element_code_joins('pupils.elementcode') }}
    A code missing from the list keeps its row with programma / profielgroep 'onbekend'. -#}
{% macro element_code_joins(elementcode, codes='codes', profielen='profielen') -%}
left join {{ ref('stg_reference__element_codes') }} as {{ codes }} on {{ elementcode }} = {{ codes }}.elementcode
left join {{ ref('stg_reference__profielen') }} as {{ profielen }} on {{ codes }}.profiel = {{ profielen }}.profiel
{%- endmacro %}

{% macro element_code_columns(codes='codes', profielen='profielen') -%}
    {{ codes }}.leerweg,
    {{ codes }}.profiel,
    coalesce({{ codes }}.programma, 'onbekend') as programma,
    case
        when {{ codes }}.programma = 'profiel' then {{ profielen }}.profielgroep
        when {{ codes }}.programma = 'legacy' then 'legacy'
        when {{ codes }}.programma = 'tl' then 'tl'
        else 'onbekend'
    end as profielgroep
{%- endmacro %}
