{#- Catalog G13 (teachers_education_level) and G14 (teachers_education_field) from CBS's aggregate: the
    share of the persons of a cell in each category of opleidingsniveau / opleidingsrichting, in percent
    (numerator = persons of the category, denominator = persons of the cell over its categories).
    Cells as delivered: per profiel (profiel set, breakdown = the kenmerk), per profielgroep (profiel NULL,
    breakdown 'profielgroep|<kenmerk>', breakdown_value '<profielgroep>|<categorie>') and for all profile
    teachers (both NULL). A category CBS withheld (`<10`) has no value; it enters its cell's denominator
    at 5 (midpoint of 1..9) and every share of that cell is flagged is_suppressed. -#}
with opleiding as (
    select * from {{ ref('stg_cbs__lesgevenden_opleiding') }}
),

cellen as (
    select
        schooljaar, niveau, profiel, profielgroep, kenmerk,
        sum(aantal_personen_schatting) as n_persons,
        max(case when is_suppressed_by_cbs then 1 else 0 end) = 1 as has_suppressed
    from opleiding
    group by schooljaar, niveau, profiel, profielgroep, kenmerk
),

parts as (
    select
        {{ cbs_opleiding_indicator_id('opleiding.kenmerk') }} as indicator_id,
        opleiding.schooljaar,
        {{ cbs_opleiding_cell('opleiding') }},
        opleiding.aantal_personen as numerator,
        cellen.n_persons as denominator,
        100.0 * opleiding.aantal_personen / nullif(cellen.n_persons, 0) as value,
        'percent' as unit,
        cellen.has_suppressed as is_suppressed
    from opleiding
    inner join cellen
        on cellen.schooljaar = opleiding.schooljaar
        and cellen.niveau = opleiding.niveau
        and {{ same_cell('cellen', 'opleiding', ['profiel', 'profielgroep']) }}
        and cellen.kenmerk = opleiding.kenmerk
)

{{ indicator_value_rows('parts', [
    'indicator_id', 'schooljaar', 'profiel', 'breakdown', 'breakdown_value', 'numerator', 'denominator', 'value',
    'unit', 'is_suppressed'
]) }}
