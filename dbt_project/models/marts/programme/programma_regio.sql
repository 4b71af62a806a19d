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
),

final as (
    select
        p.planperiode_start as schooljaar,
        p.planperiode,
        p.planperiode_eind,
        p.sto_regio_id,
        coalesce(r.naam, p.regio_naam) as regio_naam,
        r.sto_regio_id is not null as is_in_regiolijst,
        p.datum_goedkeuring,
        coalesce(p.datum_goedkeuring <= cast('{{ var("programma_peildatum_analyse") }}' as date), false)
            as is_in_tabel_2,
        p.regio_type,
        p.verdeling_middelen,
        p.n_vmbo_vestigingen,
        p.n_mbo_instellingen,
        p.n_bedrijven,
        p.n_po_scholen,
        p.n_vso_pro_vestigingen,
        p.n_hbo_instellingen,
        p.n_gemeenten,
        p.n_overig,
        p.n_partners_excl_po,
        p.n_partners,
        p.subsidie_eur,
        p.cofinanciering_eur,
        p.totale_investering_eur,
        p.cofinanciering_aandeel,
        p.subsidie_per_jaar_eur,
        p.leerlingen_schooljaar,
        p.n_tech_lj3_lj4,
        p.investering_per_techniekleerling_eur
    from plannen as p
    left join regio as r on r.sto_regio_id = p.sto_regio_id
)

select {{ contract_columns() }}
from final
