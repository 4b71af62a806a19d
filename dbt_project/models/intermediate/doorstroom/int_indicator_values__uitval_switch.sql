{#- Uitval / switch indicators (definitions in int_uitval_switch__pupils and marts.indicator_catalog) per
    profiel x leerweg x STO region of the base year (NULL = all; region rows only for vestigingen in
    a region), schooljaar = base year t. -#}
{{ config(**incremental_by_schooljaar([0, 2])) }}
{% set ids = {
    'vmbo_switch': 'vmbo_switch_rate', 'vmbo_uitval': 'vmbo_uitval_rate',
    'mbo_uitval': 'mbo_uitval_first_year_rate', 'mbo_switch': 'mbo_switch_first_year_rate',
} %}
with base as (
    select * from {{ ref('int_uitval_switch__pupils') }}
    {{ schooljaar_filter() }}
),

expanded as (
    -- every row at (leerweg, profiel) x {own, all} x region {own, all}
    select
        l.schooljaar, l.measure, l.is_event, l.lw,
        case when p.p_own = 1 then l.profiel end as pf,
        case when r.r_own = 1 then l.sto_regio_id end as rg
    from (
        select base.*, base.leerweg as lw from base
        union all
        select base.*, cast(null as string) as lw from base
    ) as l
    cross join (select 1 as p_own union all select 0) as p
    cross join (select 1 as r_own union all select 0) as r
    where not (r.r_own = 1 and l.sto_regio_id is null)
),

parts as (
    select
        case measure
        {% for m, id in ids.items() %}
            when '{{ m }}' then '{{ id }}'
        {% endfor %}
        end as indicator_id,
        schooljaar,
        rg as sto_regio_id,
        lw as leerweg,
        pf as profiel,
        cast(sum(case when is_event then 1 else 0 end) as double) as numerator,
        cast(count(*) as double) as denominator,
        cast(100.0 * sum(case when is_event then 1 else 0 end) / count(*) as double) as value,
        'percent' as unit
    from expanded
    group by measure, schooljaar, rg, lw, pf
)

{{ indicator_value_rows('parts', [
    'indicator_id', 'schooljaar', 'sto_regio_id', 'leerweg', 'profiel', 'numerator', 'denominator', 'value',
    'unit'
]) }}
