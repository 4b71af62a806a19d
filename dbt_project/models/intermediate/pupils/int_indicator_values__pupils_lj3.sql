{#- Catalog section A indicators A1, A2/A3 and A5 in the long form of marts.indicator_values. -#}
with counts as (
    select * from {{ ref('int_pupils__lj3_counts') }}
),

pupils_lj3_count as (
    -- A1: pupils per leerweg x profiel, per profielgroep (techniek / niet-techniek / legacy) and total.
    select
        'pupils_lj3_count' as indicator_id,
        schooljaar,
        leerweg,
        profiel,
        {{ profielgroep_breakdown() }},
        n_pupils as numerator,
        cast(null as double) as denominator,
        n_pupils as value,
        'count' as unit
    from counts
),

tech_share_lj3 as (
    -- A2 (leerweg NULL): denominator includes legacy programmes, as the published series does.
    -- A3 (per leerweg): denominator = all profiled pupils in the leerweg.
    select
        'tech_share_lj3' as indicator_id,
        total.schooljaar,
        total.leerweg,
        cast(null as string) as profiel,
        cast(null as string) as breakdown,
        cast(null as string) as breakdown_value,
        coalesce(tech.n_pupils, 0) as numerator,
        case when total.leerweg is null then total.n_pupils_incl_legacy else total.n_pupils end as denominator,
        100.0 * coalesce(tech.n_pupils, 0)
            / nullif(case when total.leerweg is null then total.n_pupils_incl_legacy else total.n_pupils end, 0)
            as value,
        'percent' as unit
    from counts as total
    left join counts as tech
        on tech.schooljaar = total.schooljaar
        and tech.leerweg is not distinct from total.leerweg
        and tech.profielgroep = 'techniek'
        and tech.profiel is null
    where total.profielgroep is null and total.profiel is null
),

female_share_lj3 as (
    -- A5: female pupils / all pupils of the same cell.
    select
        'female_share_lj3' as indicator_id,
        schooljaar,
        leerweg,
        profiel,
        {{ profielgroep_breakdown() }},
        n_female as numerator,
        n_pupils as denominator,
        100.0 * n_female / nullif(n_pupils, 0) as value,
        'percent' as unit
    from counts
    where coalesce(profielgroep, '') <> 'legacy'
),

parts as (
    select * from pupils_lj3_count
    union all
    select * from tech_share_lj3
    union all
    select * from female_share_lj3
)

{{ indicator_value_rows('parts', [
    'indicator_id', 'schooljaar', 'leerweg', 'profiel', 'breakdown', 'breakdown_value', 'numerator',
    'denominator', 'value', 'unit'
]) }}
