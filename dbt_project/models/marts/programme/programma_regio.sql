{#- Topic mart of the programme administration (indicators.md §1 H, §2.14; 003 Tabel 2.1 and 2.2):
    one row per STO region x plan period with partners by type, subsidy, cofinancing, allocation mode,
    region type and the investment per technical pupil. schooljaar = first year of the plan period.
    is_in_tabel_2: the plan was approved by the peildatum of the published plan analysis
    (var programma_peildatum_analyse, 2020-01-31: the 71 plans of Tabel 2.1/2.2). -#}
with plannen as (
    select * from {{ ref('int_programme__regio_plannen') }}
),

regio as (
    select sto_regio_id, naam, is_illustrative from {{ ref('dim_sto_regio') }}
)

select
    cast(p.planperiode_start as integer) as schooljaar,
    cast(p.planperiode as string) as planperiode,
    cast(p.planperiode_eind as integer) as planperiode_eind,
    cast(p.sto_regio_id as string) as sto_regio_id,
    cast(coalesce(r.naam, p.regio_naam) as string) as regio_naam,
    cast(r.sto_regio_id is not null as boolean) as is_in_regiolijst,
    cast(p.datum_goedkeuring as date) as datum_goedkeuring,
    cast(coalesce(p.datum_goedkeuring <= cast('{{ var("programma_peildatum_analyse") }}' as date), false) as boolean)
        as is_in_tabel_2,
    cast(p.regio_type as string) as regio_type,
    cast(p.verdeling_middelen as string) as verdeling_middelen,
    cast(p.n_vmbo_vestigingen as integer) as n_vmbo_vestigingen,
    cast(p.n_mbo_instellingen as integer) as n_mbo_instellingen,
    cast(p.n_bedrijven as integer) as n_bedrijven,
    cast(p.n_po_scholen as integer) as n_po_scholen,
    cast(p.n_vso_pro_vestigingen as integer) as n_vso_pro_vestigingen,
    cast(p.n_hbo_instellingen as integer) as n_hbo_instellingen,
    cast(p.n_gemeenten as integer) as n_gemeenten,
    cast(p.n_overig as integer) as n_overig,
    cast(p.n_partners_excl_po as integer) as n_partners_excl_po,
    cast(p.n_partners as integer) as n_partners,
    cast(p.subsidie_eur as double) as subsidie_eur,
    cast(p.cofinanciering_eur as double) as cofinanciering_eur,
    cast(p.totale_investering_eur as double) as totale_investering_eur,
    cast(p.cofinanciering_aandeel as double) as cofinanciering_aandeel,
    cast(p.subsidie_per_jaar_eur as double) as subsidie_per_jaar_eur,
    cast(p.leerlingen_schooljaar as integer) as leerlingen_schooljaar,
    cast(p.n_tech_lj3_lj4 as double) as n_tech_lj3_lj4,
    cast(p.investering_per_techniekleerling_eur as double) as investering_per_techniekleerling_eur
from plannen as p
left join regio as r on r.sto_regio_id = p.sto_regio_id
