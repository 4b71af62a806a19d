{#- The one choice among a student's mbo enrolments of a schooljaar (catalog E, uitval / switch): rank 1 =
    highest niveau, then BOL before BBL, then lowest opleidingscode, then lowest brin. -#}
{% macro mbo_enrolment_rank(relation='mbo') -%}
    row_number() over (
            partition by {{ relation }}.schooljaar, {{ relation }}.leerling_id
            order by {{ relation }}.niveau desc, case when {{ relation }}.leerweg_mbo = 'bol' then 0 else 1 end,
                {{ relation }}.opleidingscode, {{ relation }}.brin
        )
{%- endmacro %}

{#- The columns of one pupil's row of a measure of int_uitval_switch__pupils: the base year's pupil of
    `relation` (schooljaar, leerling, vestiging, leerweg, profiel, lineage), the measure, whether the event
    happened (SQL) and the kind of switch (SQL). -#}
{% macro uitval_switch_row(relation, measure, is_event, switch_soort='null') -%}
    {{ relation }}.schooljaar, {{ relation }}.leerling_id, {{ relation }}.vestiging_id, {{ relation }}.leerweg,
        {{ relation }}.profiel,
        '{{ measure }}' as measure,
        {{ is_event }} as is_event,
        cast({{ switch_soort }} as string) as switch_soort,
        {{ relation }}._source_file, {{ relation }}._source_row
{%- endmacro %}
