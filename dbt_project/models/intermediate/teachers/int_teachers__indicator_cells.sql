{#- The cells of catalog section G (IPTO teacher extract) in the long form of marts.indicator_values, with
    the persons each cell rests on (n_persons; CBS practice: < 10 is suppressed in releases), one select per
    indicator family. Profile rows have profiel set; profielgroep rows have profiel NULL and breakdown
    'profielgroep'; total rows neither. Further splits follow after '|' as in every compound breakdown
    (macro teacher_breakdown): breakdown 'profielgroep|leeftijdsklasse', breakdown_value 'techniek|50-59'.
    int_indicator_values__teachers publishes the indicator columns, marts.lesgevenden_indicator_personen
    the persons. -#}
{%- set grouped = [('cells', 'int_teachers__cells'), ('units', 'int_teachers__per_eenheid'),
                   ('means', 'int_teachers__mean_per_eenheid')] %}
with
{%- for cte, model in grouped %}
{{ cte }} as (
    select
        *,
        {{ profielgroep_breakdown(names=('grp_breakdown', 'grp_value')) }}
    from {{ ref(model) }}
),
{% endfor %}
-- G1-G4: persons and fte of technical profiles, non-technical profiles (maat personen | fte) and all
-- profiles (maat personen | fte), with the same measure in the previous schooljaar and the nulmeting.
{#- (indicator, maat, unit, the cells' profielgroep condition); unit fte counts fte, count counts persons -#}
{%- set count_families = [
    ('teachers_tech_persons', none, 'count', "= 'techniek'"),
    ('teachers_tech_fte', none, 'fte', "= 'techniek'"),
    ('teachers_nontech_persons_fte', 'personen', 'count', "= 'niet-techniek'"),
    ('teachers_nontech_persons_fte', 'fte', 'fte', "= 'niet-techniek'"),
    ('teachers_beroepsgericht_total', 'personen', 'count', 'is null'),
    ('teachers_beroepsgericht_total', 'fte', 'fte', 'is null'),
] %}
counted as (
    {%- for indicator_id, maat, unit, profielgroep in count_families %}
    {%- set measure = 'fte' if unit == 'fte' else 'n_persons' %}
    {% if not loop.first %}union all{% endif %}
    select
        '{{ indicator_id }}' as indicator_id, cast({{ "'" ~ maat ~ "'" if maat else 'null' }} as string) as maat,
        '{{ unit }}' as unit,
        schooljaar, profiel, grp_breakdown, grp_value, n_persons, n_persons_vorig_jaar, n_persons_nulmeting,
        {{ measure }} as amount, {{ measure }}_vorig_jaar as amount_vorig_jaar,
        {{ measure }}_nulmeting as amount_nulmeting
    from cells where profielgroep {{ profielgroep }}
    {%- endfor %}
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
    {%- for base in ['vorig_jaar', 'nulmeting'] %}
    {% if not loop.first %}union all{% endif %}
    select
        indicator_id,
        schooljaar,
        cast(null as string) as sto_regio_id,
        profiel,
        {{ teacher_breakdown('grp_breakdown', "case when maat is null then '' else 'maat|' end || 'verandering'") }}
            as breakdown,
        {{ teacher_breakdown('grp_value', "coalesce(maat || '|', '') || '" ~ base ~ "'") }} as breakdown_value,
        amount as numerator,
        amount_{{ base }} as denominator,
        100.0 * (amount - amount_{{ base }}) / amount_{{ base }} as value,
        'percent_change' as unit,
        case when n_persons_{{ base }} < n_persons then n_persons_{{ base }} else n_persons end as n_persons
    from counted
    where amount_{{ base }} > 0
    {%- endfor %}
),

-- G8-G12: persons with an attribute / persons of the cell (the main-job share: / persons with it known);
-- G8: persons per age band / persons of the cell, and the mean age (years / person); G11: situation five years
-- earlier / persons with a known situation
ratios as (
    select 'teachers_bevoegd_share' as indicator_id, schooljaar, profiel, grp_breakdown as breakdown,
        grp_value as breakdown_value, n_bevoegd as amount, n_persons as base, 'percent' as unit
    from cells
    {%- for indicator_id, amount, base in [
        ('teachers_permanent_contract_share', 'n_vast_contract', 'n_persons'),
        ('teachers_support_staff_share', 'n_oop', 'n_persons'),
        ('teachers_female_share', 'n_vrouw', 'n_persons'),
        ('teachers_50plus_share', 'n_leeftijd_50_59 + n_leeftijd_60_plus', 'n_persons'),
        ('teachers_main_job_outside_education_share', 'n_hoofdbaan_buiten_onderwijs', 'n_hoofdbaan_bekend'),
    ] %}
    union all
    select '{{ indicator_id }}', schooljaar, profiel, grp_breakdown, grp_value, {{ amount }}, {{ base }}, 'percent'
    from cells
    {%- endfor %}
    union all
    select 'teachers_mean_age', schooljaar, profiel, grp_breakdown, grp_value, sum_leeftijd, n_persons, 'years'
    from cells
    {%- for leeftijdsklasse, amount in [('18-49', 'n_leeftijd_18_49'), ('50-59', 'n_leeftijd_50_59'),
                                        ('60+', 'n_leeftijd_60_plus')] %}
    union all
    select 'teachers_age_distribution', schooljaar, profiel,
        {{ teacher_breakdown('grp_breakdown', "'leeftijdsklasse'") }},
        {{ teacher_breakdown('grp_value', "'" ~ leeftijdsklasse ~ "'") }}, {{ amount }}, n_persons, 'percent'
    from cells
    {%- endfor %}
    {%- for situatie in ['onderwijs', 'bedrijfsleven', 'opleiding', 'overig'] %}
    union all
    select 'teachers_prior_work_situation', schooljaar, profiel,
        {{ teacher_breakdown('grp_breakdown', "'situatie_5jr_eerder'") }},
        {{ teacher_breakdown('grp_value', "'" ~ situatie ~ "'") }}, n_situatie_{{ situatie }}, n_situatie_bekend,
        'percent'
    from cells
    {%- endfor %}
),

shares as (
    -- a share rests on its base (left out when nobody in the cell has it known); the mean age on the persons
    select
        indicator_id,
        schooljaar,
        cast(null as string) as sto_regio_id,
        profiel,
        breakdown,
        breakdown_value,
        amount as numerator,
        base as denominator,
        case when unit = 'years' then 1.0 * amount / base else 100.0 * amount / base end as value,
        unit,
        base as n_persons
    from ratios
    where base > 0 or unit = 'years'
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
    union all select * from per_unit
),

final as (
    select *, n_persons < {{ var('teacher_suppression_threshold') }} as is_below_cbs_threshold
    from parts
)

select {{ contract_columns() }}
from final
