{#- One row per vestiging: its row in the latest delivered snapshot of DUO "02. Alle vestigingen vo"
    (a snapshot without a year in its file name counts as the newest; between loads of the same
    snapshot year the last loaded). The one definition of "the latest vestigingen snapshot" that
    dim_vestiging, int_vestiging__locatie and int_sto_regio__membership read. -#}
with snapshots as (
    select
        *,
        row_number() over (
            partition by vestiging_id
            order by coalesce(snapshot_schooljaar, 9999) desc, loaded_at desc
        ) as recency
    from {{ ref('stg_duo__vestigingen') }}
)

select
    vestiging_id,
    brin,
    vestigingsnummer,
    vestigingsnaam,
    straatnaam,
    huisnummer_toevoeging,
    postcode,
    postcode4,
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
    snapshot_schooljaar,
    format_generation,
    loaded_at,
    _source_file,
    _source_sha256,
    _source_row,
    _load_id
from snapshots
where recency = 1
