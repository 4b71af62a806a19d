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
    {{ lineage_columns() }}
from {{ source('duo', 'duo_inschrijvingen_vo') }}
