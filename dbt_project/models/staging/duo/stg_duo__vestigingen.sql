{#- One row per vestiging per delivered snapshot of "02. Alle vestigingen vo". -#}
with source as (
    select * from {{ source('duo', 'duo_vestigingen') }}
)

select
    vestigingscode as vestiging_id,
    brin,
    right(vestigingscode, 2) as vestigingsnummer,
    vestigingsnaam,
    straatnaam,
    huisnummer_toevoeging,
    upper(replace(postcode, ' ', '')) as postcode,
    left(postcode, 4) as postcode4,
    plaatsnaam,
    gemeentenummer,
    gemeentenaam,
    provincie,
    denominatie,
    onderwijsstructuur,
    coropgebied_code,
    coropgebied_naam,
    rmc_regio_code,
    rmc_regio_naam,
    _schooljaar as snapshot_schooljaar,
    _format_generation as format_generation,
    _loaded_at as loaded_at,
    {{ lineage_columns() }}
from source
