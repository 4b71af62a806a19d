{#- Every raw row of the vo enrolment microdata (one pupil on the peildatum), classified. A pupil is
    counted when in a population of a figure: the leerjaar-3 counts of a schooljaar whose counts come
    from the microdata (int_pupils__lj3_rows), the leerjaar-3 bb/kb/gl pupils of reachability and
    migration share (int_inschrijvingen__lj3), the leerjaar-4 doorstroom cohort (int_doorstroom__lj4),
    the base of vmbo uitval / switch (int_uitval_switch__pupils); or as the enrolment one or two schooljaren
    later of a pupil those models follow (their destination). -#}
{#- A row is keyed by its file's number and its line in one bigint (file x 2^32 + line): the rows in a
    population are found by that number, not by the file's path and line, whose union over ~50 million rows
    ran out of dbt's 1 GB at 25x national scale (docs/benchmarks.md, Scale 25). -#}
{#- Incremental by schooljaar: a row of schooljaar t is classified by the populations of t (the lj4 cohort
    reads t+1, uitval / switch up to t+2) and as the destination of the cohort of t-1 and the uitval / switch
    base of t-1 and t-2: raw schooljaren t-2 .. t+2. The file numbers are only compared within one build. -#}
{{ config(**incremental_by_schooljaar([-2, 2])) }}
with files as (
    select _source_file, row_number() over (order by _source_file) as file_number
    from (
        select distinct _source_file from {{ ref('stg_duo__inschrijvingen_vo') }} {{ schooljaar_filter() }}
    ) as delivered
),

vo as (
    select
        files.file_number * 4294967296 + vo._source_row as row_key,
        vo._source_file,
        vo._source_row,
        vo.schooljaar,
        vo.leerling_id,
        vo.leerjaar,
        codes.elementcode as known_elementcode,
        codes.leerweg,
        codes.programma
    from {{ ref('stg_duo__inschrijvingen_vo') }} as vo
    inner join files on files._source_file = vo._source_file
    left join {{ ref('stg_reference__element_codes') }} as codes on codes.elementcode = vo.elementcode
    {{ schooljaar_filter('vo.schooljaar') }}
),

in_a_population as (
    select files.file_number * 4294967296 + p._source_row as row_key
    from {{ ref('int_pupils__lj3_rows') }} as p
    inner join files on files._source_file = p._source_file
    where p.bron = 'duo_inschrijvingen_vo' {{ schooljaar_filter('p.schooljaar', keyword='and') }}
    union
    select files.file_number * 4294967296 + p._source_row
    from {{ ref('int_doorstroom__lj4') }} as p
    inner join files on files._source_file = p._source_file
    {{ schooljaar_filter('p.schooljaar') }}
    union
    select files.file_number * 4294967296 + p._source_row
    from {{ ref('int_uitval_switch__pupils') }} as p
    inner join files on files._source_file = p._source_file
    where p.measure in ('vmbo_switch', 'vmbo_uitval') {{ schooljaar_filter('p.schooljaar', keyword='and') }}
),

followed as (
    -- (schooljaar, pupil) whose enrolment is looked up as the destination of an earlier schooljaar
    select schooljaar + 1 as schooljaar, leerling_id from {{ ref('int_doorstroom__lj4') }}
    {{ schooljaar_filter(reads=[-1, -1]) }}
    union
    select schooljaar + 1, leerling_id from {{ ref('int_uitval_switch__pupils') }} where measure in ('vmbo_switch', 'vmbo_uitval')
        {{ schooljaar_filter(reads=[-1, -1], keyword='and') }}
    union
    select schooljaar + 2, leerling_id from {{ ref('int_uitval_switch__pupils') }} where measure in ('mbo_uitval', 'mbo_switch')
        {{ schooljaar_filter(reads=[-2, -2], keyword='and') }}
),

classified as (
    select
        vo._source_file,
        vo._source_row,
        vo.schooljaar,
        case
            when pop.row_key is not null or f.leerling_id is not null then null
            -- int_inschrijvingen__lj3 as reachability (bereikbaarheid_10km) reads it
            when vo.leerjaar = 3 and vo.leerweg in ('bb', 'kb', 'gl') and vo.programma in ('profiel', 'legacy') then null
            when vo.known_elementcode is null then 'element code not in reference list element_codes'
            when vo.leerweg is null then 'element code without leerweg (onderbouw)'
            when vo.leerjaar = 3 then 'leerjaar 3 tl in a schooljaar whose pupil counts come from the public DUO file'
            when vo.leerjaar = 4
                then 'leerjaar 4 of a schooljaar without the vo and mbo extracts of the next one (no doorstroom yet)'
            else 'neither leerjaar 3 or 4 nor the later enrolment of a followed pupil'
        end as reason_not_counted,
        cast(null as string) as reason_in_part
    from vo
    left join in_a_population as pop on pop.row_key = vo.row_key
    left join followed as f on f.schooljaar = vo.schooljaar and f.leerling_id = vo.leerling_id
)

{{ coverage_select('duo_inschrijvingen_vo', aantal='cast(1 as bigint)', schooljaar='schooljaar') }}
