{#- One row per vestiging: the latest delivered snapshot of the DUO vestigingen file (a snapshot
    without a year counts as the newest), plus vestigingen that only occur in pupil data
    (in_vestigingen_file = false) so that nothing is silently dropped. -#}
with snapshots as (
    select
        *,
        row_number() over (
            partition by vestiging_id
            order by coalesce(snapshot_schooljaar, 9999) desc, loaded_at desc
        ) as recency
    from {{ ref('stg_duo__vestigingen') }}
),

latest as (
    select * from snapshots where recency = 1
),

from_pupils as (
    select
        vestiging_id,
        max(brin) as brin,
        max(vestigingsnummer) as vestigingsnummer,
        max(instellingsnaam_vestiging) as naam
    from {{ ref('stg_duo__leerlingen_vestiging') }}
    group by vestiging_id
)

select
    cast(coalesce(latest.vestiging_id, from_pupils.vestiging_id) as varchar) as vestiging_id,
    cast(coalesce(latest.brin, from_pupils.brin) as varchar) as brin,
    cast(coalesce(latest.vestigingsnummer, from_pupils.vestigingsnummer) as varchar) as vestigingsnummer,
    cast(coalesce(latest.vestigingsnaam, from_pupils.naam) as varchar) as naam,
    cast(latest.postcode as varchar) as postcode,
    cast(latest.postcode4 as varchar) as postcode4,
    cast(latest.plaatsnaam as varchar) as plaatsnaam,
    cast(latest.gemeentenummer as varchar) as gemeentenummer,
    cast(latest.gemeentenaam as varchar) as gemeentenaam,
    cast(latest.provincie as varchar) as provincie,
    cast(latest.denominatie as varchar) as denominatie,
    cast(latest.onderwijsstructuur as varchar) as onderwijsstructuur,
    cast(latest.coropgebied_naam as varchar) as coropgebied_naam,
    cast(latest.rmc_regio_naam as varchar) as rmc_regio_naam,
    cast(latest.vestiging_id is not null as boolean) as in_vestigingen_file
from latest
full outer join from_pupils on latest.vestiging_id = from_pupils.vestiging_id
