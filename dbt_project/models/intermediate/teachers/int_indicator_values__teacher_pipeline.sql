{#- Catalog G17 in the long form of marts.indicator_values: first-year students, enrolled students and
    graduates of the technical teacher-training programmes, national, breakdown 'croho' = the programme's
    5-digit CROHO code or 'totaal' (all of them); schooljaar = STUDIEJAAR / DIPLOMAJAAR as DUO states it.
    A cell with a DUO `-1` row counts it at 2.5 and is_suppressed (bounds in marts.lerarenopleidingen_studenten).
    Forecast of graduates: breakdown 'methode' = 'cohortrendement' (SQL) or 'lasso' (dbt Python model,
    DuckDB only; only target years with enough history). -#}
{%- set counts = [
    ('teacher_pipeline_first_year_students', 'eerstejaars'),
    ('teacher_pipeline_enrolled', 'ingeschrevenen'),
    ('teacher_pipeline_graduates', 'gediplomeerden'),
] -%}
with jaar as (
    select * from {{ ref('int_lerarenopleidingen__jaar') }}
),

prognoses as (
    select schooljaar, methode, prognose from {{ ref('int_lerarenopleidingen__prognose_cohort') }}
    {%- if target.type == 'duckdb' %}
    union all
    select schooljaar, methode, prognose
    from {{ ref('int_lerarenopleidingen__prognose_lasso') }}
    where prognose is not null
    {%- endif %}
),

parts as (
{%- for id, maat in counts %}
    select
        '{{ id }}' as indicator_id,
        schooljaar,
        'croho' as breakdown,
        opleidingscode as breakdown_value,
        n_schatting as numerator,
        n_schatting as value,
        'count' as unit,
        is_suppressed_at_source as is_suppressed
    from jaar
    where maat = '{{ maat }}'
    union all
{%- endfor %}
    select
        'teacher_pipeline_graduates_forecast' as indicator_id,
        schooljaar,
        'methode' as breakdown,
        methode as breakdown_value,
        prognose as numerator,
        prognose as value,
        'count' as unit,
        false as is_suppressed
    from prognoses
)

{{ indicator_value_rows('parts', [
    'indicator_id', 'schooljaar', 'breakdown', 'breakdown_value', 'numerator', 'value', 'unit', 'is_suppressed'
]) }}
