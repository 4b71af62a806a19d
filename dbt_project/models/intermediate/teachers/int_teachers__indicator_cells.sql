{#- The cells of catalog section G (IPTO teacher extract) in the long form of marts.indicator_values, with
    the persons each cell rests on (n_persons; CBS practice: < 10 is suppressed in releases), one select per
    indicator family. Profile rows have profiel set; profielgroep rows have profiel NULL and breakdown
    'profielgroep'; total rows neither. Further splits follow after '|' as in every compound breakdown
    (macro teacher_breakdown): breakdown 'profielgroep|leeftijdsklasse', breakdown_value 'techniek|50-59'.
    int_indicator_values__teachers publishes the indicator columns, marts.lesgevenden_indicator_personen
    the persons. -#}
with cells as (
    select
        *,
        case when profiel is null and profielgroep is not null then 'profielgroep' end as grp_breakdown,
        case when profiel is null then profielgroep end as grp_value
    from {{ ref('int_teachers__cells') }}
),

units as (
    select
        *,
        case when profiel is null and profielgroep is not null then 'profielgroep' end as grp_breakdown,
        case when profiel is null then profielgroep end as grp_value
    from {{ ref('int_teachers__per_eenheid') }}
),

means as (
    select
        *,
        case when profiel is null and profielgroep is not null then 'profielgroep' end as grp_breakdown,
        case when profiel is null then profielgroep end as grp_value
    from {{ ref('int_teachers__mean_per_eenheid') }}
),

-- G1-G4: persons and fte of technical profiles, non-technical profiles (maat personen | fte) and all
-- profiles (maat personen | fte), with the same measure in the previous schooljaar and the nulmeting.
counted as (
    select
        'teachers_tech_persons' as indicator_id, cast(null as string) as maat, 'count' as unit,
        schooljaar, profiel, grp_breakdown, grp_value, n_persons, n_persons_vorig_jaar, n_persons_nulmeting,
        n_persons as amount, n_persons_vorig_jaar as amount_vorig_jaar, n_persons_nulmeting as amount_nulmeting
    from cells where profielgroep = 'techniek'
    union all
    select
        'teachers_tech_fte', null, 'fte',
        schooljaar, profiel, grp_breakdown, grp_value, n_persons, n_persons_vorig_jaar, n_persons_nulmeting,
        fte, fte_vorig_jaar, fte_nulmeting
    from cells where profielgroep = 'techniek'
    union all
    select
        'teachers_nontech_persons_fte', 'personen', 'count',
        schooljaar, profiel, grp_breakdown, grp_value, n_persons, n_persons_vorig_jaar, n_persons_nulmeting,
        n_persons, n_persons_vorig_jaar, n_persons_nulmeting
    from cells where profielgroep = 'niet-techniek'
    union all
    select
        'teachers_nontech_persons_fte', 'fte', 'fte',
        schooljaar, profiel, grp_breakdown, grp_value, n_persons, n_persons_vorig_jaar, n_persons_nulmeting,
        fte, fte_vorig_jaar, fte_nulmeting
    from cells where profielgroep = 'niet-techniek'
    union all
    select
        'teachers_beroepsgericht_total', 'personen', 'count',
        schooljaar, profiel, grp_breakdown, grp_value, n_persons, n_persons_vorig_jaar, n_persons_nulmeting,
        n_persons, n_persons_vorig_jaar, n_persons_nulmeting
    from cells where profielgroep is null
    union all
    select
        'teachers_beroepsgericht_total', 'fte', 'fte',
        schooljaar, profiel, grp_breakdown, grp_value, n_persons, n_persons_vorig_jaar, n_persons_nulmeting,
        fte, fte_vorig_jaar, fte_nulmeting
    from cells where profielgroep is null
),

counts as (
    -- the count itself; breakdown maat when the indicator has two measures
    select
        indicator_id,
        schooljaar,
        cast(null as string) as sto_regio_id,
        profiel,
        case when maat is null then grp_breakdown else {{ teacher_breakdown('grp_breakdown', "'maat'") }} end
            as breakdown,
        case when maat is null then grp_value else {{ teacher_breakdown('grp_value', 'maat') }} end
            as breakdown_value,
        amount as numerator,
        cast(null as double) as denominator,
        amount as value,
        unit,
        n_persons
    from counted
),

changes as (
    -- change against the previous schooljaar / the nulmeting in percent (only where that year has the cell);
    -- the persons are the fewer of the two years
    select
        indicator_id,
        schooljaar,
        cast(null as string) as sto_regio_id,
        profiel,
        {{ teacher_breakdown('grp_breakdown', "case when maat is null then '' else 'maat|' end || 'verandering'") }}
            as breakdown,
        {{ teacher_breakdown('grp_value', "coalesce(maat || '|', '') || 'vorig_jaar'") }} as breakdown_value,
        amount as numerator,
        amount_vorig_jaar as denominator,
        100.0 * (amount - amount_vorig_jaar) / amount_vorig_jaar as value,
        'percent_change' as unit,
        case when n_persons_vorig_jaar < n_persons then n_persons_vorig_jaar else n_persons end as n_persons
    from counted
    where amount_vorig_jaar > 0
    union all
    select
        indicator_id,
        schooljaar,
        null,
        profiel,
        {{ teacher_breakdown('grp_breakdown', "case when maat is null then '' else 'maat|' end || 'verandering'") }},
        {{ teacher_breakdown('grp_value', "coalesce(maat || '|', '') || 'nulmeting'") }},
        amount,
        amount_nulmeting,
        100.0 * (amount - amount_nulmeting) / amount_nulmeting,
        'percent_change',
        case when n_persons_nulmeting < n_persons then n_persons_nulmeting else n_persons end
    from counted
    where amount_nulmeting > 0
),

-- G8-G12: persons with an attribute / persons of the cell (the main-job share: / persons with it known)
shared as (
    select 'teachers_bevoegd_share' as indicator_id, schooljaar, profiel, grp_breakdown, grp_value,
        n_bevoegd as amount, n_persons as base
    from cells
    union all
    select 'teachers_permanent_contract_share', schooljaar, profiel, grp_breakdown, grp_value,
        n_vast_contract, n_persons
    from cells
    union all
    select 'teachers_support_staff_share', schooljaar, profiel, grp_breakdown, grp_value, n_oop, n_persons
    from cells
    union all
    select 'teachers_female_share', schooljaar, profiel, grp_breakdown, grp_value, n_vrouw, n_persons
    from cells
    union all
    select 'teachers_50plus_share', schooljaar, profiel, grp_breakdown, grp_value,
        n_leeftijd_50_59 + n_leeftijd_60_plus, n_persons
    from cells
    union all
    select 'teachers_main_job_outside_education_share', schooljaar, profiel, grp_breakdown, grp_value,
        n_hoofdbaan_buiten_onderwijs, n_hoofdbaan_bekend
    from cells
),

shares as (
    select
        indicator_id,
        schooljaar,
        cast(null as string) as sto_regio_id,
        profiel,
        grp_breakdown as breakdown,
        grp_value as breakdown_value,
        amount as numerator,
        base as denominator,
        100.0 * (amount) / base as value,
        'percent' as unit,
        base as n_persons
    from shared
    where base > 0
),

-- G8: mean age
mean_age as (
    select
        'teachers_mean_age' as indicator_id,
        schooljaar,
        cast(null as string) as sto_regio_id,
        profiel,
        grp_breakdown as breakdown,
        grp_value as breakdown_value,
        sum_leeftijd as numerator,
        n_persons as denominator,
        1.0 * sum_leeftijd / n_persons as value,
        'years' as unit,
        n_persons
    from cells
),

-- G8: persons per age band / persons of the cell
banded as (
    select schooljaar, profiel, grp_breakdown, grp_value, n_persons, '18-49' as leeftijdsklasse,
        n_leeftijd_18_49 as amount
    from cells
    union all
    select schooljaar, profiel, grp_breakdown, grp_value, n_persons, '50-59', n_leeftijd_50_59 from cells
    union all
    select schooljaar, profiel, grp_breakdown, grp_value, n_persons, '60+', n_leeftijd_60_plus from cells
),

age_distribution as (
    select
        'teachers_age_distribution' as indicator_id,
        schooljaar,
        cast(null as string) as sto_regio_id,
        profiel,
        {{ teacher_breakdown('grp_breakdown', "'leeftijdsklasse'") }} as breakdown,
        {{ teacher_breakdown('grp_value', 'leeftijdsklasse') }} as breakdown_value,
        amount as numerator,
        n_persons as denominator,
        100.0 * amount / n_persons as value,
        'percent' as unit,
        n_persons
    from banded
),

-- G11: situation five years earlier / persons with a known situation
situated as (
    select schooljaar, profiel, grp_breakdown, grp_value, n_situatie_bekend, 'onderwijs' as situatie,
        n_situatie_onderwijs as amount
    from cells
    union all
    select schooljaar, profiel, grp_breakdown, grp_value, n_situatie_bekend, 'bedrijfsleven',
        n_situatie_bedrijfsleven
    from cells
    union all
    select schooljaar, profiel, grp_breakdown, grp_value, n_situatie_bekend, 'opleiding', n_situatie_opleiding
    from cells
    union all
    select schooljaar, profiel, grp_breakdown, grp_value, n_situatie_bekend, 'overig', n_situatie_overig
    from cells
),

prior_work_situation as (
    select
        'teachers_prior_work_situation' as indicator_id,
        schooljaar,
        cast(null as string) as sto_regio_id,
        profiel,
        {{ teacher_breakdown('grp_breakdown', "'situatie_5jr_eerder'") }} as breakdown,
        {{ teacher_breakdown('grp_value', 'situatie') }} as breakdown_value,
        amount as numerator,
        n_situatie_bekend as denominator,
        100.0 * amount / n_situatie_bekend as value,
        'percent' as unit,
        n_situatie_bekend as n_persons
    from situated
    where n_situatie_bekend > 0
),

-- G6 / G7: persons per school (breakdown brin) and per STO region, and nationally the mean per school /
-- region with such persons
per_unit as (
    select
        case when eenheid = 'school' then 'teachers_per_school' else 'teachers_per_region' end as indicator_id,
        schooljaar,
        case when eenheid = 'sto_regio' then sto_regio_id end as sto_regio_id,
        profiel,
        case when eenheid = 'school' then {{ teacher_breakdown('grp_breakdown', "'brin'") }} else grp_breakdown end
            as breakdown,
        case when eenheid = 'school' then {{ teacher_breakdown('grp_value', 'brin') }} else grp_value end
            as breakdown_value,
        n_persons as numerator,
        cast(null as double) as denominator,
        n_persons as value,
        'count' as unit,
        n_persons
    from units
    union all
    select
        case when eenheid = 'school' then 'teachers_per_school' else 'teachers_per_region' end,
        schooljaar,
        null,
        profiel,
        grp_breakdown,
        grp_value,
        n_persons_units,
        n_units,
        persons_per_unit,
        'mean',
        n_persons
    from means
),

parts as (
    select * from counts
    union all select * from changes
    union all select * from shares
    union all select * from mean_age
    union all select * from age_distribution
    union all select * from prior_work_situation
    union all select * from per_unit
)

select
    indicator_id,
    cast(schooljaar as integer) as schooljaar,
    sto_regio_id,
    profiel,
    breakdown,
    breakdown_value,
    cast(numerator as double) as numerator,
    cast(denominator as double) as denominator,
    cast(value as double) as value,
    unit,
    cast(n_persons as integer) as n_persons,
    n_persons < {{ var('teacher_suppression_threshold') }} as is_below_cbs_threshold
from parts
