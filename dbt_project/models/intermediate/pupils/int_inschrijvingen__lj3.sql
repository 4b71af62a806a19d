{#- Leerjaar-3 vmbo pupils from the microdata enrolment extract, one row per pupil, decoded to
    leerweg / profiel / programma with the element-code list (macro element_code_columns, as
    int_pupils__lj3_rows), with the home PC4 centroid (NULL when the postcode is missing or unknown) and the
    pupil's source row. -#}
{{ config(**incremental_by_schooljaar([0, 0])) }}
with pupils as (
    select * from {{ ref('stg_duo__inschrijvingen_vo') }}
    where leerjaar = 3
        {{ schooljaar_filter(keyword='and') }}
)

select
    pupils.schooljaar,
    pupils.leerling_id,
    pupils.vestiging_id,
    pupils.elementcode,
    {{ element_code_columns() }},
    pupils.geslacht,
    pupils.heeft_migratieachtergrond,
    pupils.postcode4,
    pc4.latitude,
    pc4.longitude,
    pupils._source_file,
    pupils._source_row
from pupils
{{ element_code_joins('pupils.elementcode') }}
left join {{ ref('stg_geo__pc4_centroids') }} as pc4 on pupils.postcode4 = pc4.postcode4
