{#- Every raw row of the school-leaver survey (one respondent), classified: the figures of catalog F
    (int_indicator_values__schoolverlaters, marts.schoolverlaters_oordelen) count the answered items of
    respondents whose profiel is technical or not (int_schoolverlaters__items, reference list profielen). -#}
with respondents as (
    select
        svo._source_file,
        svo._source_row,
        svo.profiel,
        profielen.profiel as known_profiel,
        svo.aantrekkelijk is null and svo.actueel is null and svo.uitdagend is null
            and svo.basis_keuze is null and svo.basis_vervolg is null and svo.aansluiting is null as has_no_answer
    from {{ ref('stg_survey__schoolverlaters') }} as svo
    left join {{ ref('stg_reference__profielen') }} as profielen on profielen.profiel = svo.profiel
),

counted as (
    select distinct _source_file, _source_row
    from {{ ref('int_schoolverlaters__items') }}
    where profielgroep in ('techniek', 'niet-techniek')
),

classified as (
    select
        r._source_file,
        r._source_row,
        case
            when c._source_file is not null then null
            when r.has_no_answer then 'no item answered'
            when r.profiel is null then 'no profiel'
            when r.known_profiel is null then 'profiel not in reference list profielen'
            else 'not in the catalog F figures'
        end as reason_not_counted,
        cast(null as string) as reason_in_part
    from respondents as r
    left join counted as c on c._source_file = r._source_file and c._source_row = r._source_row
)

{{ coverage_select('schoolverlaters', aantal='cast(1 as bigint)') }}
