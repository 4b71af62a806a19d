{#- Every raw row of the IPTO teacher microdata (person x BRIN x profiel), classified: the teacher
    figures count a row at the level of its profiel, profielgroep and in total
    (int_teachers__profiel_levels joins the reference list profielen). Incremental by schooljaar. -#}
{{ config(**incremental_by_schooljaar([0, 0])) }}
with rows_ as (
    select
        lesgevenden._source_file,
        lesgevenden._source_row,
        lesgevenden.schooljaar,
        profielen.profiel as known_profiel
    from {{ ref('stg_ipto__lesgevenden') }} as lesgevenden
    left join {{ ref('stg_reference__profielen') }} as profielen on profielen.profiel = lesgevenden.profiel
    {{ schooljaar_filter('lesgevenden.schooljaar') }}
),

classified as (
    select
        _source_file,
        _source_row,
        schooljaar,
        case when known_profiel is null then 'profiel not in reference list profielen' end as reason_not_counted,
        cast(null as string) as reason_in_part
    from rows_
)

{{ coverage_select('ipto_lesgevenden', schooljaar='schooljaar') }}
