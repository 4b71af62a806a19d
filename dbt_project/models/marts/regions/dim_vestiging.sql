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
),

final as (
    select
        coalesce(latest.vestiging_id, from_pupils.vestiging_id) as vestiging_id,
        coalesce(latest.brin, from_pupils.brin) as brin,
        coalesce(latest.vestigingsnummer, from_pupils.vestigingsnummer) as vestigingsnummer,
        coalesce(latest.vestigingsnaam, from_pupils.naam) as naam,
        latest.postcode,
        latest.postcode4,
        latest.plaatsnaam,
        latest.gemeentenummer,
        latest.gemeentenaam,
        latest.provincie,
        latest.denominatie,
        latest.onderwijsstructuur,
        latest.coropgebied_naam,
        latest.rmc_regio_naam,
        latest.vestiging_id is not null as in_vestigingen_file,
        regio.sto_regio_id,
        coalesce(regio.is_illustrative, false) as sto_regio_is_illustrative,
        loc.latitude,
        loc.longitude,
        coalesce(loc.is_placed, false) as is_placed
    from latest
    full outer join from_pupils on latest.vestiging_id = from_pupils.vestiging_id
    left join current_regio as regio
        on regio.vestiging_id = coalesce(latest.vestiging_id, from_pupils.vestiging_id)
    left join {{ ref('int_vestiging__locatie') }} as loc
        on loc.vestiging_id = coalesce(latest.vestiging_id, from_pupils.vestiging_id)
)

select {{ contract_columns() }}
from final
