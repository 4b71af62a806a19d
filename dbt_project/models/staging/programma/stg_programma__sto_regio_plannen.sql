{#- One row per STO region x plan period of the programme administration, typed. Amounts in euro
    (decimal comma or point in the file); partner counts NULL = not specified in the plan. -#}
select
    sto_regio_id,
    regio_naam,
    cast(substring(planperiode, 1, 4) as integer) as planperiode_start,
    cast(substring(planperiode, 6, 4) as integer) as planperiode_eind,
    planperiode,
    cast(datum_goedkeuring as date) as datum_goedkeuring,
    regio_type,
    verdeling_middelen,
    cast(n_vmbo_vestigingen as integer) as n_vmbo_vestigingen,
    cast(n_mbo_instellingen as integer) as n_mbo_instellingen,
    cast(n_bedrijven as integer) as n_bedrijven,
    cast(n_po_scholen as integer) as n_po_scholen,
    cast(n_vso_pro_vestigingen as integer) as n_vso_pro_vestigingen,
    cast(n_hbo_instellingen as integer) as n_hbo_instellingen,
    cast(n_gemeenten as integer) as n_gemeenten,
    cast(n_overig as integer) as n_overig,
    {{ decimal_number('subsidie_eur') }} as subsidie_eur,
    {{ decimal_number('cofinanciering_eur') }} as cofinanciering_eur,
    {{ lineage_columns() }}
from {{ source('programma', 'sto_programma') }}
