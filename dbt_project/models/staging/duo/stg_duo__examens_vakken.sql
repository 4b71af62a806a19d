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
    {{ decimal_number('eindcijfer') }} as eindcijfer,
    {{ lineage_columns() }}
from {{ source('duo', 'duo_examens_vakken') }}
