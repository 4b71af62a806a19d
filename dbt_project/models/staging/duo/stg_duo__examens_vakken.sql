{#- One row per school exam in a beroepsgericht keuzevak or profielmodule, typed. -#}
select
    leerling_id,
    _schooljaar as schooljaar,
    brin,
    vestigingsnummer,
    brin || vestigingsnummer as vestiging_id,
    elementcode,
    vakcode,
    vaksoort,
    cast(replace(eindcijfer, ',', '.') as double) as eindcijfer,
    _source_file,
    _source_sha256,
    _source_row,
    _load_id
from {{ source('duo', 'duo_examens_vakken') }}
