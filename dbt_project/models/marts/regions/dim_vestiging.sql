{#- One row per vestiging: the latest delivered snapshot of the DUO vestigingen file (a snapshot
    without a year counts as the newest), plus vestigingen that only occur in pupil data
    (in_vestigingen_file = false) so that nothing is silently dropped. With its current STO region
    and the PC4 centroid of its postcode (is_placed false when the postcode cannot be placed). -#}
with latest as (
    select * from {{ ref('int_vestiging__latest_snapshot') }}
),

from_pupils as (
    select
        vestiging_id,
        max(brin) as brin,
        max(vestigingsnummer) as vestigingsnummer,
        max(instellingsnaam_vestiging) as naam
    from {{ ref('stg_duo__leerlingen_vestiging') }}
    group by vestiging_id
),

current_regio as (
    -- STO region on the peildatum of the latest schooljaar in the warehouse (NULL = outside every region).
    select vestiging_id, sto_regio_id, is_illustrative
    from {{ ref('int_sto_regio__vestiging_jaar') }}
    where schooljaar = (select max(schooljaar) from {{ ref('int_sto_regio__vestiging_jaar') }})
)

select
    cast(coalesce(latest.vestiging_id, from_pupils.vestiging_id) as string) as vestiging_id,
    cast(coalesce(latest.brin, from_pupils.brin) as string) as brin,
    cast(coalesce(latest.vestigingsnummer, from_pupils.vestigingsnummer) as string) as vestigingsnummer,
    cast(coalesce(latest.vestigingsnaam, from_pupils.naam) as string) as naam,
    cast(latest.postcode as string) as postcode,
    cast(latest.postcode4 as string) as postcode4,
    cast(latest.plaatsnaam as string) as plaatsnaam,
    cast(latest.gemeentenummer as string) as gemeentenummer,
    cast(latest.gemeentenaam as string) as gemeentenaam,
    cast(latest.provincie as string) as provincie,
    cast(latest.denominatie as string) as denominatie,
    cast(latest.onderwijsstructuur as string) as onderwijsstructuur,
    cast(latest.coropgebied_naam as string) as coropgebied_naam,
    cast(latest.rmc_regio_naam as string) as rmc_regio_naam,
    cast(latest.vestiging_id is not null as boolean) as in_vestigingen_file,
    cast(regio.sto_regio_id as string) as sto_regio_id,
    cast(coalesce(regio.is_illustrative, false) as boolean) as sto_regio_is_illustrative,
    cast(loc.latitude as double) as latitude,
    cast(loc.longitude as double) as longitude,
    cast(coalesce(loc.is_placed, false) as boolean) as is_placed
from latest
full outer join from_pupils on latest.vestiging_id = from_pupils.vestiging_id
left join current_regio as regio
    on regio.vestiging_id = coalesce(latest.vestiging_id, from_pupils.vestiging_id)
left join {{ ref('int_vestiging__locatie') }} as loc
    on loc.vestiging_id = coalesce(latest.vestiging_id, from_pupils.vestiging_id)
