{#- Catalog section A indicators A4, A6, A7 and A8 in the long form of marts.indicator_values. -#}
with counts as (
    select * from {{ ref('int_pupils__lj3_counts') }}
),

pupils_lj3_yoy_change_pct as (
    -- A4: (n_t - n_{t-1}) / n_{t-1} x 100 per cell of A1; no row without a previous schooljaar.
    select
        'pupils_lj3_yoy_change_pct' as indicator_id,
        cur.schooljaar,
        cur.leerweg,
        cur.profiel,
        {{ profielgroep_breakdown('cur') }},
        cur.n_pupils - prev.n_pupils as numerator,
        prev.n_pupils as denominator,
        100.0 * (cur.n_pupils - prev.n_pupils) / nullif(prev.n_pupils, 0) as value,
        'percent_change' as unit
    from counts as cur
    inner join counts as prev
        on prev.schooljaar = cur.schooljaar - 1
        and {{ same_cell('prev', 'cur', ['leerweg', 'profielgroep', 'profiel']) }}
),

micro as (
    select * from {{ ref('int_inschrijvingen__lj3') }}
    where leerweg in ('bb', 'kb', 'gl') and programma = 'profiel' and heeft_migratieachtergrond is not null
),

micro_cells as (
    select schooljaar, leerweg, profiel, cast(null as string) as profielgroep,
           count(*) as n, sum(case when heeft_migratieachtergrond then 1 else 0 end) as n_mig
    from micro group by schooljaar, leerweg, profiel
    union all
    select schooljaar, cast(null as string), profiel, cast(null as string), count(*),
           sum(case when heeft_migratieachtergrond then 1 else 0 end)
    from micro group by schooljaar, profiel
    union all
    select schooljaar, leerweg, cast(null as string), profielgroep, count(*),
           sum(case when heeft_migratieachtergrond then 1 else 0 end)
    from micro group by schooljaar, leerweg, profielgroep
    union all
    select schooljaar, cast(null as string), cast(null as string), profielgroep, count(*),
           sum(case when heeft_migratieachtergrond then 1 else 0 end)
    from micro group by schooljaar, profielgroep
    union all
    select schooljaar, leerweg, cast(null as string), cast(null as string), count(*),
           sum(case when heeft_migratieachtergrond then 1 else 0 end)
    from micro group by schooljaar, leerweg
    union all
    select schooljaar, cast(null as string), cast(null as string), cast(null as string), count(*),
           sum(case when heeft_migratieachtergrond then 1 else 0 end)
    from micro group by schooljaar
),

migration_share_lj3 as (
    -- A6 (microdata): pupils with migratieachtergrond / pupils with a known migratieachtergrond.
    select
        'migration_share_lj3' as indicator_id,
        schooljaar,
        leerweg,
        profiel,
        case when profielgroep is not null then 'profielgroep' end as breakdown,
        profielgroep as breakdown_value,
        n_mig as numerator,
        n as denominator,
        100.0 * n_mig / nullif(n, 0) as value,
        'percent' as unit
    from micro_cells
),

tl_rows as (
    select
        schooljaar,
        case
            when omschrijving like '%Profiel Techniek%' then 'Techniek'
            when omschrijving like '%Profiel Zorg en Welzijn%' then 'Zorg en Welzijn'
            when omschrijving like '%Profiel Economie%' then 'Economie'
            when omschrijving like '%Profiel Landbouw%' then 'Landbouw'
            when omschrijving like '%Profielloos%' or lj3.leerweg is null then 'Profielloos'
            else 'Overig'
        end as tl_profiel,
        aantal_schatting as n
    from {{ ref('int_pupils__lj3') }} as lj3
    left join {{ ref('stg_reference__element_codes') }} as codes on lj3.elementcode = codes.elementcode
    where lj3.onderwijstype like 'VMBO TL%' or lj3.programma = 'tl'
),

tl_cells as (
    {{ category_count_cells('tl_rows', 'tl_profiel') }}
),

tl_profile_lj3_count as (
    -- A7: leerjaar-3 tl pupils per tl profile (numerator = value = count, denominator = all tl lj3).
    {{ category_count_rows('tl_profile_lj3_count', 'tl_cells', 'tl_profiel', leerweg="'tl'") }}
),

upper_rows as (
    select schooljaar, onderwijstype, aantal_schatting as n
    from {{ ref('stg_duo__leerlingen_vestiging') }}
    where leerjaar in (3, 4)
),

upper_cells as (
    {{ category_count_cells('upper_rows', 'onderwijstype') }}
),

vo_upper_secondary_pupils as (
    -- A8: pupils in leerjaar 3 and 4 of all of vo per DUO onderwijstype (denominator = all of them).
    {{ category_count_rows('vo_upper_secondary_pupils', 'upper_cells', 'onderwijstype') }}
),

parts as (
    select * from pupils_lj3_yoy_change_pct
    union all
    select * from migration_share_lj3
    union all
    select * from tl_profile_lj3_count
    union all
    select * from vo_upper_secondary_pupils
)

{{ indicator_value_rows('parts', [
    'indicator_id', 'schooljaar', 'leerweg', 'profiel', 'breakdown', 'breakdown_value', 'numerator',
    'denominator', 'value', 'unit'
]) }}
