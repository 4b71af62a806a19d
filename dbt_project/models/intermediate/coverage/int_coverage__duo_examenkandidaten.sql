{#- Every raw row of the DUO exam files (a file line x schooljaar x geslacht), classified: counted in
    the exam figures (int_indicator_values__exam_results, marts.exam_results_vestiging) or not, and why.
    The figures count the vmbo TOTAAL cells of stg_duo__examenkandidaten whose leerweg the reference
    list exam_codes decodes; staging keeps one row per cell when files overlap (newest file wins). -#}
with raw as (
    select
        _source_file,
        _source_row,
        schooljaar,
        geslacht,
        examenkandidaten
    from {{ source('duo', 'duo_examenkandidaten') }}
),

cells as (
    select * from {{ ref('stg_duo__examenkandidaten') }}
),

afdelingen as (
    select code from {{ ref('stg_reference__exam_codes') }} where kolom = 'AFDELING'
),

classified as (
    select
        raw.*,
        case
            when cells._source_file is null then 'superseded: a newer file holds the same cell'
            when cells.onderwijstype <> 'VMBO' then 'not vmbo'
            when cells.geslacht <> 'T' then 'gender breakdown (the TOTAAL row is counted)'
            when cells.leerweg is null and cells.layout = 'multi_year'
                then 'INSPECTIECODE not in reference list exam_codes'
            when cells.leerweg is null then 'LEERWEG VMBO not in reference list exam_codes'
        end as reason_not_counted,
        case
            when cells.layout = 'per_profiel' and cells.leerweg <> 'tl' and cells.profiel is null
                and cells.afdeling is not null and afdelingen.code is null
                then 'AFDELING not in reference list exam_codes: in the leerweg totals, in no profiel figure'
        end as reason_in_part
    from raw
    -- staging's geslacht is the first letter of DUO's (man, vrouw, onbekend, totaal / TOTAAL)
    left join cells
        on cells._source_file = raw._source_file
        and cells._source_row = raw._source_row
        and cells.schooljaar = cast(substr(raw.schooljaar, 1, 4) as integer)
        and cells.geslacht = upper(substr(raw.geslacht, 1, 1))
    left join afdelingen on afdelingen.code = cells.afdeling
)

{{ coverage_select(
    'duo_examenkandidaten',
    row_part="'schooljaar ' || schooljaar || ', ' || lower(geslacht)",
    aantal="case when examenkandidaten <> '<5' then cast(examenkandidaten as bigint) end",
    n_suppressed_cells="case when examenkandidaten = '<5' then 1 else 0 end",
) }}
