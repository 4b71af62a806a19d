{#- Catalog section G (teachers) in the long form of marts.indicator_values, plus n_persons per cell
    (persons the cell is based on; CBS practice: < 10 is suppressed in releases). Profile rows have
    profiel set; profielgroep rows have profiel NULL and breakdown 'profielgroep'; total rows neither.
    Further splits are appended to breakdown / breakdown_value separated by '|' as in every compound breakdown (macro teacher_breakdown). -#}
{%- set counts = [
    ('teachers_tech_persons', "profielgroep = 'techniek'", none, 'n_persons', 'count'),
    ('teachers_tech_fte', "profielgroep = 'techniek'", none, 'fte', 'fte'),
    ('teachers_nontech_persons_fte', "profielgroep = 'niet-techniek'", 'personen', 'n_persons', 'count'),
    ('teachers_nontech_persons_fte', "profielgroep = 'niet-techniek'", 'fte', 'fte', 'fte'),
    ('teachers_beroepsgericht_total', "profielgroep is null", 'personen', 'n_persons', 'count'),
    ('teachers_beroepsgericht_total', "profielgroep is null", 'fte', 'fte', 'fte'),
] -%}
{%- set shares = [
    ('teachers_bevoegd_share', 'n_bevoegd', 'n_persons'),
    ('teachers_permanent_contract_share', 'n_vast_contract', 'n_persons'),
    ('teachers_support_staff_share', 'n_oop', 'n_persons'),
    ('teachers_female_share', 'n_vrouw', 'n_persons'),
    ('teachers_50plus_share', 'n_leeftijd_50_59 + n_leeftijd_60_plus', 'n_persons'),
    ('teachers_main_job_outside_education_share', 'n_hoofdbaan_buiten_onderwijs', 'n_hoofdbaan_bekend'),
] -%}
{%- set bands = [('18-49', 'n_leeftijd_18_49'), ('50-59', 'n_leeftijd_50_59'), ('60+', 'n_leeftijd_60_plus')] -%}
{%- set situaties = ['onderwijs', 'bedrijfsleven', 'opleiding', 'overig'] -%}
{%- set grp_b = "case when profiel is null and profielgroep is not null then 'profielgroep' end" -%}
{%- set grp_v = "case when profiel is null then profielgroep end" -%}
with cells as (
    select * from {{ ref('int_teachers__cells') }}
),

units as (
    select * from {{ ref('int_teachers__per_eenheid') }}
),

means as (
    select * from {{ ref('int_teachers__mean_per_eenheid') }}
),

parts as (
{%- for id, filter, maat, measure, unit in counts %}
    -- {{ id }}{{ ' (' ~ maat ~ ')' if maat }}: the count itself
    select
        '{{ id }}' as indicator_id,
        schooljaar,
        cast(null as string) as sto_regio_id,
        profiel,
        {% if maat %}{{ teacher_breakdown(grp_b, "'maat'") }}{% else %}{{ grp_b }}{% endif %} as breakdown,
        {% if maat %}{{ teacher_breakdown(grp_v, "'" ~ maat ~ "'") }}{% else %}{{ grp_v }}{% endif %} as breakdown_value,
        {{ measure }} as numerator,
        cast(null as double) as denominator,
        {{ measure }} as value,
        '{{ unit }}' as unit,
        n_persons
    from cells
    where {{ filter }}
    {%- for ref_name in ['vorig_jaar', 'nulmeting'] %}
    union all
    -- change against the {{ ref_name }} in percent (only where that year has the cell)
    select
        '{{ id }}' as indicator_id,
        schooljaar,
        cast(null as string) as sto_regio_id,
        profiel,
        {{ teacher_breakdown(grp_b, "'" ~ ('maat|' if maat else '') ~ "verandering'") }} as breakdown,
        {{ teacher_breakdown(grp_v, "'" ~ (maat ~ '|' if maat else '') ~ ref_name ~ "'") }} as breakdown_value,
        {{ measure }} as numerator,
        {{ measure }}_{{ ref_name }} as denominator,
        100.0 * ({{ measure }} - {{ measure }}_{{ ref_name }}) / {{ measure }}_{{ ref_name }} as value,
        'percent_change' as unit,
        case when n_persons_{{ ref_name }} < n_persons then n_persons_{{ ref_name }} else n_persons end
            as n_persons
    from cells
    where {{ filter }} and {{ measure }}_{{ ref_name }} > 0
    {%- endfor %}
    union all
{%- endfor %}
{%- for id, numerator, denominator in shares %}
    select
        '{{ id }}' as indicator_id,
        schooljaar,
        cast(null as string) as sto_regio_id,
        profiel,
        {{ grp_b }} as breakdown,
        {{ grp_v }} as breakdown_value,
        {{ numerator }} as numerator,
        {{ denominator }} as denominator,
        100.0 * ({{ numerator }}) / {{ denominator }} as value,
        'percent' as unit,
        {{ denominator }} as n_persons
    from cells
    where {{ denominator }} > 0
    union all
{%- endfor %}
    select
        'teachers_mean_age' as indicator_id,
        schooljaar,
        cast(null as string) as sto_regio_id,
        profiel,
        {{ grp_b }} as breakdown,
        {{ grp_v }} as breakdown_value,
        sum_leeftijd as numerator,
        n_persons as denominator,
        cast(sum_leeftijd as double) / n_persons as value,
        'years' as unit,
        n_persons
    from cells
{%- for band, column in bands %}
    union all
    select
        'teachers_age_distribution' as indicator_id,
        schooljaar,
        cast(null as string) as sto_regio_id,
        profiel,
        {{ teacher_breakdown(grp_b, "'leeftijdsklasse'") }} as breakdown,
        {{ teacher_breakdown(grp_v, "'" ~ band ~ "'") }} as breakdown_value,
        {{ column }} as numerator,
        n_persons as denominator,
        100.0 * {{ column }} / n_persons as value,
        'percent' as unit,
        n_persons
    from cells
{%- endfor %}
{%- for situatie in situaties %}
    union all
    select
        'teachers_prior_work_situation' as indicator_id,
        schooljaar,
        cast(null as string) as sto_regio_id,
        profiel,
        {{ teacher_breakdown(grp_b, "'situatie_5jr_eerder'") }} as breakdown,
        {{ teacher_breakdown(grp_v, "'" ~ situatie ~ "'") }} as breakdown_value,
        n_situatie_{{ situatie }} as numerator,
        n_situatie_bekend as denominator,
        100.0 * n_situatie_{{ situatie }} / n_situatie_bekend as value,
        'percent' as unit,
        n_situatie_bekend as n_persons
    from cells
    where n_situatie_bekend > 0
{%- endfor %}
    union all
    -- G6 per school: persons per BRIN (breakdown brin)
    select
        'teachers_per_school' as indicator_id,
        schooljaar,
        cast(null as string) as sto_regio_id,
        profiel,
        {{ teacher_breakdown(grp_b, "'brin'") }} as breakdown,
        {{ teacher_breakdown(grp_v, 'brin') }} as breakdown_value,
        n_persons as numerator,
        cast(null as double) as denominator,
        n_persons as value,
        'count' as unit,
        n_persons
    from units
    where eenheid = 'school'
    union all
    -- G7 per STO region: persons per region
    select
        'teachers_per_region' as indicator_id,
        schooljaar,
        sto_regio_id,
        profiel,
        {{ grp_b }} as breakdown,
        {{ grp_v }} as breakdown_value,
        n_persons as numerator,
        cast(null as double) as denominator,
        n_persons as value,
        'count' as unit,
        n_persons
    from units
    where eenheid = 'sto_regio'
    union all
    -- G6 / G7 national: mean persons per school / region with such persons
    select
        case when eenheid = 'school' then 'teachers_per_school' else 'teachers_per_region' end as indicator_id,
        schooljaar,
        cast(null as string) as sto_regio_id,
        profiel,
        {{ grp_b }} as breakdown,
        {{ grp_v }} as breakdown_value,
        n_persons_units as numerator,
        n_units as denominator,
        persons_per_unit as value,
        'mean' as unit,
        n_persons
    from means
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
    false as is_suppressed,
    cast(n_persons as integer) as n_persons,
    n_persons < {{ var('teacher_suppression_threshold') }} as is_below_cbs_threshold
from parts
