{#- One row per STO region x plan period with the derived programme facts: partners (total with and
    without po, as Tabel 2.1 whose total leaves po out), total investment, cofinancing share of the
    total investment (003:L37: «Het bedrijfsleven heeft daarvan gemiddeld per regio 13 procent
    ingelegd»), the technical pupils lj3+lj4 on 1 October two years before the period starts (the
    plans of 2020 used 1 October 2018, 003:L469) and the investment per technical pupil (§2.14). -#}
with plannen as (
    select * from {{ ref('stg_programma__sto_regio_plannen') }}
),

leerlingen as (
    select * from {{ ref('int_programme__tech_pupils') }}
)

select
    p.*,
    p.n_vmbo_vestigingen + p.n_mbo_instellingen + p.n_bedrijven + coalesce(p.n_vso_pro_vestigingen, 0)
        + coalesce(p.n_hbo_instellingen, 0) + coalesce(p.n_gemeenten, 0) + coalesce(p.n_overig, 0)
        as n_partners_excl_po,
    p.n_vmbo_vestigingen + p.n_mbo_instellingen + p.n_bedrijven + coalesce(p.n_vso_pro_vestigingen, 0)
        + coalesce(p.n_hbo_instellingen, 0) + coalesce(p.n_gemeenten, 0) + coalesce(p.n_overig, 0)
        + coalesce(p.n_po_scholen, 0) as n_partners,
    p.subsidie_eur + coalesce(p.cofinanciering_eur, 0) as totale_investering_eur,
    100.0 * p.cofinanciering_eur / nullif(p.subsidie_eur + p.cofinanciering_eur, 0) as cofinanciering_aandeel,
    p.subsidie_eur / (p.planperiode_eind - p.planperiode_start + 1) as subsidie_per_jaar_eur,
    p.planperiode_start - 2 as leerlingen_schooljaar,
    l.n_tech_lj3_lj4,
    (p.subsidie_eur + coalesce(p.cofinanciering_eur, 0)) / nullif(l.n_tech_lj3_lj4, 0)
        as investering_per_techniekleerling_eur
from plannen as p
left join leerlingen as l
    on l.schooljaar = p.planperiode_start - 2 and l.sto_regio_id = p.sto_regio_id
