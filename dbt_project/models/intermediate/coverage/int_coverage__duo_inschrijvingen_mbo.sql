{#- Every raw row of the mbo enrolment microdata, classified. An enrolment is counted when its student
    is followed from vmbo: in the leerjaar-4 doorstroom cohort of the previous schooljaar
    (int_doorstroom__lj4), in the leerjaar-3 uitval base of the previous schooljaar, or an mbo starter
    of two schooljaren before (int_uitval_switch__pupils). A student's other enrolments of the same schooljaar
    are counted too (n_mbo_inschrijvingen; the choice of one follows a fixed rule).
    Incremental by schooljaar: a row of schooljaar t reads the cohort of t-1 (raw t-1 .. t), the uitval base of
    t-1 (t-1 .. t+1) and the mbo starters of t-2 (t-2 .. t): raw schooljaren t-2 .. t+1. -#}
{{ config(**incremental_by_schooljaar([-2, 1])) }}
with mbo as (
    select _source_file, _source_row, schooljaar, leerling_id from {{ ref('stg_duo__inschrijvingen_mbo') }}
    {{ schooljaar_filter() }}
),

followed as (
    select schooljaar + 1 as schooljaar, leerling_id from {{ ref('int_doorstroom__lj4') }}
    {{ schooljaar_filter(reads=[-1, -1]) }}
    union
    select schooljaar + 1, leerling_id from {{ ref('int_uitval_switch__pupils') }} where measure = 'vmbo_uitval'
        {{ schooljaar_filter(reads=[-1, -1], keyword='and') }}
    union
    select schooljaar + 2, leerling_id from {{ ref('int_uitval_switch__pupils') }} where measure in ('mbo_uitval', 'mbo_switch')
        {{ schooljaar_filter(reads=[-2, -2], keyword='and') }}
),

vo_years as (
    select distinct schooljaar from {{ ref('stg_duo__inschrijvingen_vo') }} {{ schooljaar_filter(reads=[-2, -1]) }}
),

classified as (
    select
        mbo._source_file,
        mbo._source_row,
        mbo.schooljaar,
        case
            when f.leerling_id is not null then null
            when not exists (
                select 1 from vo_years where vo_years.schooljaar in (mbo.schooljaar - 1, mbo.schooljaar - 2)
            ) then 'no vo extract of one of the two schooljaren before to follow the student from'
            else 'student not followed from vmbo (not in the leerjaar-4 cohort or leerjaar-3 base of an earlier schooljaar)'
        end as reason_not_counted,
        cast(null as string) as reason_in_part
    from mbo
    left join followed as f on f.schooljaar = mbo.schooljaar and f.leerling_id = mbo.leerling_id
)

{{ coverage_select('duo_inschrijvingen_mbo', schooljaar='schooljaar') }}
