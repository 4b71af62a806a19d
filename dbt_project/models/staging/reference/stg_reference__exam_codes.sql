{#- The one decoding of the DUO exam files' labels to the warehouse's leerweg and profiel codes (the same
    codes as the element-code list of the pupils): INSPECTIECODE of "Examenkandidaten en geslaagden"
    (leerweg x sector; a leerwerktraject, VMBO LWT, is a bb route as in element_codes), LEERWEG VMBO and
    AFDELING of "Geslaagden, gezakten en cijfers". A legacy afdeling is listed with an empty profiel. -#}
select
    kolom,
    code,
    nullif(leerweg, '') as leerweg,
    nullif(profiel, '') as profiel,
    nullif(sector, '') as sector,
    omschrijving
from (
    {{ reference_rows('exam_codes', ['kolom', 'code', 'leerweg', 'profiel', 'sector', 'omschrijving']) }}
) as exam_codes
