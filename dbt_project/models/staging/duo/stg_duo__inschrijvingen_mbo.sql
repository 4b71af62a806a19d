{#- One row per mbo enrolment on the peildatum, typed. -#}
select
    leerling_id,
    _schooljaar as schooljaar,
    cast(peildatum as date) as peildatum,
    brin,
    opleidingscode,
    cast(niveau as integer) as niveau,
    lower(leerweg_mbo) as leerweg_mbo,
    {{ lineage_columns() }}
from {{ source('duo', 'duo_inschrijvingen_mbo') }}
