{#- Every raw row of the keuzevak-exam microdata (one exam), classified against the keuzevak figures
    (int_indicator_values__keuzevakken, keuzevak marts): they count the exams of pupils with a profile
    (techniek / niet-techniek) or in tl; the distinct-keuzevakken figures (D6, D8) count every exam in
    a keuzevak of the reference list. Decoding as int_keuzevak__exams, one row per exam there (incremental by
    schooljaar as that model). -#}
{{ config(**incremental_by_schooljaar([0, 0])) }}
with exams as (
    select * from {{ ref('int_keuzevak__exams') }} {{ schooljaar_filter() }}
),

classified as (
    select
        _source_file,
        _source_row,
        schooljaar,
        case
            when leerling_profielgroep not in ('techniek', 'niet-techniek', 'tl') and is_vakcode_onbekend
                then 'pupil without profiel (legacy, onderbouw or unknown element code) and vakcode not in reference list keuzevakken'
        end as reason_not_counted,
        case
            when leerling_profielgroep not in ('techniek', 'niet-techniek', 'tl')
                then 'pupil without profiel (legacy, onderbouw or unknown element code): only in the distinct-keuzevakken figures'
            when is_vakcode_onbekend
                then 'vakcode not in reference list keuzevakken: counted with keuzevak_profiel onbekend'
        end as reason_in_part
    from exams
)

{{ coverage_select('duo_examens_vakken', schooljaar='schooljaar') }}
