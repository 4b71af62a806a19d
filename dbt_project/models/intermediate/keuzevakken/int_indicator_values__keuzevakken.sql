{#- Catalog section D (keuzevakken) in the long form of marts.indicator_values.
    Population: exams of leerjaar-4 pupils in bb/kb/gl with a profile (leerweg NULL = bb+kb+gl);
    the tl view (pupils in tl taking beroepsgerichte keuzevakken) is reported with leerweg = 'tl' for
    keuzevak_exam_count, keuzevak_exam_tech_share and pupils_with_any_tech_keuzevak_share and is not in
    the leerweg-NULL totals. Exams in a keuzevak missing from the reference list are counted with
    keuzevak_profiel 'onbekend'. -#}
{{ config(**incremental_by_schooljaar([0, 0])) }}
with exams as (
    select * from {{ ref('int_keuzevak__exams') }}
    {{ schooljaar_filter() }}
),

-- Each exam once per leerweg and once in the all-leerwegen total (lw NULL); tl only under 'tl'.
e_all as (
    select exams.*, leerweg as lw from exams where leerling_profielgroep in ('techniek', 'niet-techniek', 'tl')
    union all
    select exams.*, cast(null as string) as lw from exams where leerling_profielgroep in ('techniek', 'niet-techniek')
),

e as (
    select * from e_all where leerling_profielgroep in ('techniek', 'niet-techniek')
),

-- D1: exam counts by owning profile, owning group, pupil profile, pupil group and in total.
d1 as (
    select 'keuzevak_exam_count' as indicator_id, schooljaar, lw as leerweg, cast(null as string) as profiel,
        'keuzevak_profiel' as breakdown, coalesce(keuzevak_profiel, 'onbekend') as breakdown_value,
        {{ count_of_rows() }}
    from e_all group by schooljaar, lw, coalesce(keuzevak_profiel, 'onbekend')
    union all
    select 'keuzevak_exam_count', schooljaar, lw, null, 'keuzevak_profielgroep', keuzevak_profielgroep,
        {{ count_of_rows() }}
    from e_all group by schooljaar, lw, keuzevak_profielgroep
    union all
    select 'keuzevak_exam_count', schooljaar, lw, leerling_profiel, null, null, {{ count_of_rows() }}
    from e group by schooljaar, lw, leerling_profiel
    union all
    select 'keuzevak_exam_count', schooljaar, lw, null, 'leerling_profielgroep', leerling_profielgroep,
        {{ count_of_rows() }}
    from e group by schooljaar, lw, leerling_profielgroep
    union all
    select 'keuzevak_exam_count', schooljaar, lw, null, null, null, {{ count_of_rows() }}
    from e_all group by schooljaar, lw
),

-- D1 share: exams in technical keuzevakken / all exams.
d1_share as (
    select 'keuzevak_exam_tech_share' as indicator_id, schooljaar, lw as leerweg, cast(null as string) as profiel,
        cast(null as string) as breakdown, cast(null as string) as breakdown_value,
        {{ share_of_rows("is_technisch_keuzevak") }}
    from e_all group by schooljaar, lw
),

-- D2: per technical owning profile (and pooled), exams taken by non-technical pupils / all its exams.
d2 as (
    select 'tech_keuzevak_exams_by_nontech_share' as indicator_id, schooljaar, lw as leerweg,
        cast(null as string) as profiel, 'keuzevak_profiel' as breakdown, keuzevak_profiel as breakdown_value,
        {{ share_of_rows("leerling_profielgroep = 'niet-techniek'") }}
    from e where is_technisch_keuzevak group by schooljaar, lw, keuzevak_profiel
    union all
    select 'tech_keuzevak_exams_by_nontech_share', schooljaar, lw, null, 'keuzevak_profielgroep', 'techniek',
        {{ share_of_rows("leerling_profielgroep = 'niet-techniek'") }}
    from e where is_technisch_keuzevak group by schooljaar, lw
),

-- D3: own-profile share, (a) offering view and (b) pupil view; profiel NULL = pooled technical profiles.
d3 as (
    select 'keuzevak_own_profile_share' as indicator_id, schooljaar, lw as leerweg, keuzevak_profiel as profiel,
        'perspectief' as breakdown, 'aanbiedend_profiel' as breakdown_value,
        {{ share_of_rows("leerling_profiel = keuzevak_profiel") }}
    from e where keuzevak_profiel is not null group by schooljaar, lw, keuzevak_profiel
    union all
    select 'keuzevak_own_profile_share', schooljaar, lw, null, 'perspectief', 'aanbiedend_profiel',
        {{ share_of_rows("leerling_profiel = keuzevak_profiel") }}
    from e where is_technisch_keuzevak group by schooljaar, lw
    union all
    select 'keuzevak_own_profile_share', schooljaar, lw, leerling_profiel, 'perspectief', 'leerling_profiel',
        {{ share_of_rows("leerling_profiel = keuzevak_profiel") }}
    from e group by schooljaar, lw, leerling_profiel
    union all
    select 'keuzevak_own_profile_share', schooljaar, lw, null, 'perspectief', 'leerling_profiel',
        {{ share_of_rows("leerling_profiel = keuzevak_profiel") }}
    from e where leerling_profielgroep = 'techniek' group by schooljaar, lw
),

-- D4: technical pupils' exams in non-technical keuzevakken / all their exams (per profile and pooled).
d4 as (
    select 'tech_pupils_nontech_keuzevak_share' as indicator_id, schooljaar, lw as leerweg,
        leerling_profiel as profiel, cast(null as string) as breakdown, cast(null as string) as breakdown_value,
        {{ share_of_rows("keuzevak_profielgroep = 'niet-techniek'") }}
    from e where leerling_profielgroep = 'techniek' group by schooljaar, lw, leerling_profiel
    union all
    select 'tech_pupils_nontech_keuzevak_share', schooljaar, lw, null, null, null,
        {{ share_of_rows("keuzevak_profielgroep = 'niet-techniek'") }}
    from e where leerling_profielgroep = 'techniek' group by schooljaar, lw
),

-- D5: matrix, column % (pupil profile = profiel; offering profile = breakdown_value).
pupil_totals as (
    select schooljaar, lw, leerling_profiel, count(*) as n from e group by schooljaar, lw, leerling_profiel
),

d5 as (
    select 'keuzevak_cross_profile_matrix' as indicator_id, e.schooljaar, e.lw as leerweg, e.leerling_profiel as profiel,
        'keuzevak_profiel' as breakdown, coalesce(e.keuzevak_profiel, 'onbekend') as breakdown_value,
        count(*) as numerator, max(t.n) as denominator, 100.0 * count(*) / max(t.n) as value, 'percent' as unit
    from e
    inner join pupil_totals as t
        on e.schooljaar = t.schooljaar and e.lw is not distinct from t.lw and e.leerling_profiel = t.leerling_profiel
    group by e.schooljaar, e.lw, e.leerling_profiel, coalesce(e.keuzevak_profiel, 'onbekend')
),

-- D6: distinct keuzevakken / profielmodules with exams (all pupils), per owning profile and group.
all_exams as (
    select * from exams where not is_vakcode_onbekend
),

d6 as (
    select 'distinct_keuzevakken_examined' as indicator_id, schooljaar, cast(null as string) as leerweg,
        keuzevak_profiel as profiel, 'vaksoort' as breakdown, vaksoort as breakdown_value,
        count(distinct vakcode) as numerator, cast(null as double) as denominator,
        count(distinct vakcode) as value, 'count' as unit
    from all_exams group by schooljaar, keuzevak_profiel, vaksoort
    union all
    select 'distinct_keuzevakken_examined', schooljaar, null, null, 'vaksoort', vaksoort,
        count(distinct vakcode), null, count(distinct vakcode), 'count'
    from all_exams group by schooljaar, vaksoort
    union all
    select 'distinct_keuzevakken_examined', schooljaar, null, null, 'vaksoort|keuzevak_profielgroep',
        vaksoort || '|' || keuzevak_profielgroep, count(distinct vakcode), null, count(distinct vakcode), 'count'
    from all_exams group by schooljaar, vaksoort, keuzevak_profielgroep
),

-- D7 / D9: pupils (not exams).
pupils as (
    select
        schooljaar, lw, leerling_id, max(leerling_profiel) as leerling_profiel,
        max(leerling_profielgroep) as leerling_profielgroep,
        max(case when is_technisch_keuzevak then 1 else 0 end) as has_tech
    from e_all
    group by schooljaar, lw, leerling_id
),

d7 as (
    select 'nontech_pupils_with_tech_keuzevak_share' as indicator_id, schooljaar, lw as leerweg,
        leerling_profiel as profiel, cast(null as string) as breakdown, cast(null as string) as breakdown_value,
        sum(has_tech) as numerator, count(*) as denominator, 100.0 * sum(has_tech) / count(*) as value,
        'percent' as unit
    from pupils where leerling_profielgroep = 'niet-techniek' group by schooljaar, lw, leerling_profiel
    union all
    select 'nontech_pupils_with_tech_keuzevak_share', schooljaar, lw, null, null, null,
        sum(has_tech), count(*), 100.0 * sum(has_tech) / count(*), 'percent'
    from pupils where leerling_profielgroep = 'niet-techniek' group by schooljaar, lw
),

d9 as (
    select 'pupils_with_any_tech_keuzevak_share' as indicator_id, schooljaar, lw as leerweg,
        cast(null as string) as profiel, cast(null as string) as breakdown, cast(null as string) as breakdown_value,
        sum(has_tech) as numerator, count(*) as denominator, 100.0 * sum(has_tech) / count(*) as value,
        'percent' as unit
    from pupils group by schooljaar, lw
),

-- D8: share of the distinct keuzevakken examined (known owner) that are technical, national and per region.
d8 as (
    select 'tech_keuzevak_offer_ratio' as indicator_id, schooljaar, cast(null as string) as sto_regio_id,
        {{ share_of_distinct("is_technisch_keuzevak", "vakcode") }}
    from all_exams group by schooljaar
    union all
    select 'tech_keuzevak_offer_ratio', schooljaar, sto_regio_id,
        {{ share_of_distinct("is_technisch_keuzevak", "vakcode") }}
    from all_exams where sto_regio_id is not null group by schooljaar, sto_regio_id
),

-- D10: per owning profile, exams by own-profile pupils per keuzevak / all their exams in that profile.
own as (
    select * from e where leerling_profiel = keuzevak_profiel
),

own_totals as (
    select schooljaar, lw, keuzevak_profiel, count(*) as n from own group by schooljaar, lw, keuzevak_profiel
),

d10 as (
    select 'keuzevak_exam_distribution_within_profile' as indicator_id, own.schooljaar, own.lw as leerweg,
        own.keuzevak_profiel as profiel, 'vakcode' as breakdown, own.vakcode as breakdown_value,
        count(*) as numerator, max(t.n) as denominator, 100.0 * count(*) / max(t.n) as value, 'percent' as unit
    from own
    inner join own_totals as t
        on own.schooljaar = t.schooljaar and own.lw is not distinct from t.lw and own.keuzevak_profiel = t.keuzevak_profiel
    group by own.schooljaar, own.lw, own.keuzevak_profiel, own.vakcode
),

parts as (
    select indicator_id, schooljaar, cast(null as string) as sto_regio_id, leerweg, profiel, breakdown, breakdown_value,
        cast(numerator as double) as numerator, cast(denominator as double) as denominator,
        cast(value as double) as value, unit
    from (
        select * from d1 union all select * from d1_share union all select * from d2 union all select * from d3
        union all select * from d4 union all select * from d5 union all select * from d6 union all select * from d7
        union all select * from d9 union all select * from d10
    ) as families
    union all
    select indicator_id, schooljaar, sto_regio_id, cast(null as string), cast(null as string), cast(null as string),
        cast(null as string), cast(numerator as double), cast(denominator as double), cast(value as double), unit
    from d8
    union all
    -- D1 per STO region (region of the pupil's vestiging on the peildatum): all exams and the technical
    -- share, leerweg NULL (bb+kb+gl pupils with a profile).
    select 'keuzevak_exam_count', schooljaar, sto_regio_id, cast(null as string), cast(null as string),
        cast(null as string), cast(null as string), cast(count(*) as double), cast(null as double),
        cast(count(*) as double), 'count'
    from e where lw is null and sto_regio_id is not null
    group by schooljaar, sto_regio_id
    union all
    select 'keuzevak_exam_tech_share', schooljaar, sto_regio_id, cast(null as string), cast(null as string),
        cast(null as string), cast(null as string),
        cast(sum(case when is_technisch_keuzevak then 1 else 0 end) as double), cast(count(*) as double),
        cast(100.0 * sum(case when is_technisch_keuzevak then 1 else 0 end) / count(*) as double), 'percent'
    from e where lw is null and sto_regio_id is not null
    group by schooljaar, sto_regio_id
)

{{ indicator_value_rows('parts', [
    'indicator_id', 'schooljaar', 'sto_regio_id', 'leerweg', 'profiel', 'breakdown', 'breakdown_value',
    'numerator', 'denominator', 'value', 'unit'
]) }}
