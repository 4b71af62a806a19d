{#- One row per pupil enrolment on the peildatum, typed. -#}
select
    leerling_id,
    _schooljaar as schooljaar,
    cast(peildatum as date) as peildatum,
    brin,
    vestigingsnummer,
    brin || vestigingsnummer as vestiging_id,
    elementcode,
    cast(leerjaar as integer) as leerjaar,
    geslacht,
    migratieachtergrond = 'J' as heeft_migratieachtergrond,
    postcode4,
    _source_file,
    _source_sha256,
    _source_row,
    _load_id
from {{ source('duo', 'duo_inschrijvingen_vo') }}
