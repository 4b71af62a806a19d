{#- Membership of vestigingen in STO regions, one row per vestiging per period (data_contracts.md).
    The versioned seed is empty: no real mapping is public. A delivered landing/reference file
    replaces it. -#}
select
    sto_regio_id,
    regio_naam,
    techniekluw = 'J' as is_techniekluw,
    brin,
    vestigingsnummer,
    brin || vestigingsnummer as vestiging_id,
    cast(geldig_van as date) as geldig_van,
    cast(nullif(geldig_tot, '') as date) as geldig_tot
from (
    {{ reference_rows('sto_regio_vestigingen', ['sto_regio_id', 'regio_naam', 'techniekluw', 'brin', 'vestigingsnummer', 'geldig_van', 'geldig_tot']) }}
) as sto_regio_vestigingen
