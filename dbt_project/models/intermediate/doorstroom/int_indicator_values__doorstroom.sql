{#- Catalog section E (doorstroom vmbo -> vervolgonderwijs) in the long form of marts.indicator_values.
    Cohort: int_doorstroom__lj4 (leerjaar 4 in schooljaar t, destination on the peildatum of t+1);
    schooljaar = t. Pupils with a profile in bb/kb/gl unless stated (E6 uses gl and tl).
    leerweg NULL = bb+kb+gl; profiel NULL = all profiles of the row's group (breakdown profielgroep).
    "definitie" = techniek_indicatie (DUO) | techniek_sectorkamer (SBB sectorkamers). -#}
{{ config(**incremental_by_schooljaar([0, 1])) }}
with d_all as (
    select d.*, d.leerweg as lw from {{ ref('int_doorstroom__lj4') }} as d
    {{ schooljaar_filter('d.schooljaar') }}
    union all
    select d.*, cast(null as string) as lw from {{ ref('int_doorstroom__lj4') }} as d where d.leerweg in ('bb', 'kb', 'gl')
        {{ schooljaar_filter('d.schooljaar', keyword='and') }}
),

d as (
    select * from d_all where profielgroep in ('techniek', 'niet-techniek')
),

entrants as (
    select * from d where bestemming in ('mbo_bol', 'mbo_bbl')
),

-- Each entrant once per definition of technical mbo.
entrants_def as (
    select entrants.*, 'techniek_indicatie' as definitie, is_techniek_indicatie as is_tech_mbo from entrants
    union all
    select entrants.*, 'techniek_sectorkamer' as definitie, is_techniek_sectorkamer as is_tech_mbo from entrants
),

-- E1: destination distribution per profiel x leerweg (and all profiles).
cohort_size as (
    select schooljaar, lw, profiel, count(*) as n from d group by schooljaar, lw, profiel
    union all
    select schooljaar, lw, null, count(*) from d group by schooljaar, lw
),

destinations as (
    select 'mbo_bol' as bestemming union all select 'mbo_bbl' union all select 'havo_vwo'
    union all select 'vmbo' union all select 'overig'
),

dest_counts as (
    select schooljaar, lw, profiel, bestemming, count(*) as n from d group by schooljaar, lw, profiel, bestemming
    union all
    select schooljaar, lw, null, bestemming, count(*) from d group by schooljaar, lw, bestemming
),

e1 as (
    select 'destination_after_lj4' as indicator_id, c.schooljaar, c.lw as leerweg, c.profiel,
        'bestemming' as breakdown, dest.bestemming as breakdown_value,
        coalesce(dc.n, 0) as numerator, c.n as denominator, 100.0 * coalesce(dc.n, 0) / c.n as value,
        'percent' as unit
    from cohort_size as c
    cross join destinations as dest
    left join dest_counts as dc
        on dc.schooljaar = c.schooljaar and {{ same_cell('dc', 'c', ['lw', 'profiel']) }}
        and dc.bestemming = dest.bestemming
),

-- E3: rate into technical mbo among mbo entrants, per profielgroep and per profile, both definitions.
e3 as (
    select 'tech_to_tech_mbo_rate' as indicator_id, schooljaar, lw as leerweg, cast(null as string) as profiel,
        'profielgroep|definitie' as breakdown, profielgroep || '|' || definitie as breakdown_value,
        {{ share_of_rows("is_tech_mbo") }}
    from entrants_def group by schooljaar, lw, profielgroep, definitie
    union all
    select 'tech_to_tech_mbo_rate', schooljaar, lw, profiel, 'definitie', definitie,
        {{ share_of_rows("is_tech_mbo") }}
    from entrants_def group by schooljaar, lw, profiel, definitie
),

-- E4: distribution of mbo entrants over sectorkamers, per profile.
e4 as (
    select 'doorstroom_sectorkamer_share' as indicator_id, x.schooljaar, x.lw as leerweg, x.profiel,
        'sectorkamer' as breakdown, coalesce(x.mbo_sectorkamer, 'onbekend') as breakdown_value,
        count(*) as numerator, max(t.n) as denominator, 100.0 * count(*) / max(t.n) as value, 'percent' as unit
    from entrants as x
    inner join (
        select schooljaar, lw, profiel, count(*) as n from entrants group by schooljaar, lw, profiel
    ) as t on t.schooljaar = x.schooljaar and t.lw is not distinct from x.lw and t.profiel = x.profiel
    group by x.schooljaar, x.lw, x.profiel, coalesce(x.mbo_sectorkamer, 'onbekend')
),

-- E5: non-technical mbo entrants into technical mbo, decomposed by having >= 1 technical keuzevak
-- (denominator: ALL non-technical mbo entrants, so met + zonder = E3 niet-techniek), and the
-- conditional rate among those with a technical keuzevak (new metric, variant 'conditioneel').
nontech as (
    select * from entrants_def where profielgroep = 'niet-techniek'
),

e5 as (
    select 'nontech_with_tech_keuzevak_to_tech_mbo' as indicator_id, schooljaar, lw as leerweg,
        cast(null as string) as profiel, 'variant|definitie' as breakdown, 'met_techniek_keuzevak|' || definitie as breakdown_value,
        {{ share_of_rows("is_tech_mbo and has_tech_keuzevak") }}
    from nontech group by schooljaar, lw, definitie
    union all
    select 'nontech_with_tech_keuzevak_to_tech_mbo', schooljaar, lw, null, 'variant|definitie',
        'zonder_techniek_keuzevak|' || definitie,
        {{ share_of_rows("is_tech_mbo and not has_tech_keuzevak") }}
    from nontech group by schooljaar, lw, definitie
    union all
    select 'nontech_with_tech_keuzevak_to_tech_mbo', schooljaar, lw, null, 'variant|definitie',
        'conditioneel|' || definitie,
        {{ share_of_rows("is_tech_mbo") }}
    from nontech where has_tech_keuzevak group by schooljaar, lw, definitie
),

-- E6: gl and tl pupils (all, incl. tl without profile) entering mbo: share into technical mbo.
e6 as (
    {%- for definitie in ['techniek_indicatie', 'techniek_sectorkamer'] %}
    {% if not loop.first %}union all{% endif %}
    select 'gl_tl_to_tech_mbo_rate' as indicator_id, schooljaar, leerweg, cast(null as string) as profiel,
        'definitie' as breakdown, '{{ definitie }}' as breakdown_value,
        {{ share_of_rows('is_' ~ definitie) }}
    from {{ ref('int_doorstroom__lj4') }}
    where leerweg in ('gl', 'tl') and bestemming in ('mbo_bol', 'mbo_bbl')
        {{ schooljaar_filter(keyword='and') }}
    group by schooljaar, leerweg
    {%- endfor %}
),

-- E7 / E8: composition of entrants into mbo with techniek-indicatie.
tech_entrants as (
    select * from entrants where is_techniek_indicatie
),

-- E2: mbo entrants in a programme with DUO techniek-indicatie / all mbo entrants; E7 / E8: women / pupils with
-- a migration background among the entrants into mbo with techniek-indicatie; each per profile and per
-- profielgroep.
e278 as (
    {%- for indicator_id, relation, condition in [
        ('mbo_entrants_tech_indicatie_share', 'entrants', 'is_techniek_indicatie'),
        ('female_share_tech_mbo_inflow', 'tech_entrants', "geslacht = 'V'"),
        ('migration_share_tech_mbo_inflow', 'tech_entrants', 'heeft_migratieachtergrond'),
    ] %}
    {%- set first_indicator = loop.first %}
    {%- for level in ['profiel', 'profielgroep'] %}
    {% if not (first_indicator and loop.first) %}union all{% endif %}
    select '{{ indicator_id }}' as indicator_id, schooljaar, lw as leerweg,
        {%- if level == 'profiel' %}
        profiel, cast(null as string) as breakdown, cast(null as string) as breakdown_value,
        {%- else %}
        cast(null as string) as profiel, 'profielgroep' as breakdown, profielgroep as breakdown_value,
        {%- endif %}
        {{ share_of_rows(condition) }}
    from {{ relation }} group by schooljaar, lw, {{ level }}
    {%- endfor %}
    {%- endfor %}
),

-- E3 per STO region (region of the pupil's vestiging on the peildatum of t): per profielgroep, leerweg
-- NULL (bb+kb+gl), both definitions.
e3_regio as (
    select 'tech_to_tech_mbo_rate' as indicator_id, schooljaar, sto_regio_id, cast(null as string) as leerweg,
        cast(null as string) as profiel, 'profielgroep|definitie' as breakdown,
        profielgroep || '|' || definitie as breakdown_value,
        {{ share_of_rows("is_tech_mbo") }}
    from entrants_def
    where lw is null and sto_regio_id is not null
    group by schooljaar, sto_regio_id, profielgroep, definitie
),

parts as (
    select indicator_id, schooljaar, cast(null as string) as sto_regio_id, leerweg, profiel, breakdown,
        breakdown_value, cast(numerator as double) as numerator, cast(denominator as double) as denominator,
        cast(value as double) as value, unit
    from (
        select * from e1 union all select * from e278 union all select * from e3 union all select * from e4
        union all select * from e5 union all select * from e6
    ) as families
    union all
    select indicator_id, schooljaar, sto_regio_id, leerweg, profiel, breakdown, breakdown_value,
        cast(numerator as double), cast(denominator as double), cast(value as double), unit
    from e3_regio
)

{{ indicator_value_rows('parts', [
    'indicator_id', 'schooljaar', 'sto_regio_id', 'leerweg', 'profiel', 'breakdown', 'breakdown_value',
    'numerator', 'denominator', 'value', 'unit'
]) }}
