{#- Region-level join mart for BI (docs/programme_admin.md): one row per STO region x schooljaar with
    the region's programme facts of the plan period in force (budget, partners, allocation mode, region
    type) beside its registry indicators (leerjaar-3 pupils and technical share, vestigingen with
    technical profiles, lesgevenden in technical profiles). Rows: every region-year of the registry and
    every region x first year of a plan period (registry columns NULL when that schooljaar has no
    registry data yet). Join key for other region-level marts (e.g. survey answers): sto_regio_id
    (+ schooljaar). -#}
with plannen as (
    select * from {{ ref('int_programme__regio_plannen') }}
),

registry as (
    select * from {{ ref('regio_techniek_lj3') }}
),

regio_jaar as (
    select schooljaar, sto_regio_id from {{ ref('int_sto_regio__regio_jaar') }}
    union
    select planperiode_start, sto_regio_id from plannen
),

in_force as (
    -- the plan whose period covers the schooljaar (the latest start when periods overlap)
    select y.schooljaar, y.sto_regio_id, max(p.planperiode_start) as planperiode_start
    from regio_jaar as y
    inner join plannen as p
        on p.sto_regio_id = y.sto_regio_id
        and y.schooljaar between p.planperiode_start and p.planperiode_eind
    group by y.schooljaar, y.sto_regio_id
),

teachers as (
    select schooljaar, sto_regio_id, n_persons
    from {{ ref('int_teachers__per_eenheid') }}
    where eenheid = 'sto_regio' and profielgroep = 'techniek' and profiel is null
),

regio as (
    select sto_regio_id, naam, is_illustrative from {{ ref('dim_sto_regio') }}
),

final as (
    select
        y.schooljaar,
        y.sto_regio_id,
        coalesce(d.naam, p.regio_naam) as regio_naam,
        d.is_illustrative,
        p.planperiode,
        p.regio_type,
        p.verdeling_middelen,
        p.subsidie_eur,
        p.subsidie_per_jaar_eur,
        p.cofinanciering_eur,
        p.cofinanciering_aandeel,
        p.investering_per_techniekleerling_eur,
        p.n_partners,
        p.n_vmbo_vestigingen as n_partners_vmbo,
        p.n_mbo_instellingen as n_partners_mbo,
        p.n_bedrijven as n_partners_bedrijven,
        r.n_vestigingen,
        r.n_vestigingen_techniek,
        r.n_pupils as n_leerlingen_lj3,
        r.n_tech as n_techniek_lj3,
        r.tech_share as techniek_aandeel_lj3,
        t.n_persons as n_lesgevenden_techniek,
        p.subsidie_per_jaar_eur / nullif(r.n_tech, 0) as subsidie_per_jaar_per_techniekleerling_lj3
    from regio_jaar as y
    left join in_force as f on f.schooljaar = y.schooljaar and f.sto_regio_id = y.sto_regio_id
    left join plannen as p on p.sto_regio_id = f.sto_regio_id and p.planperiode_start = f.planperiode_start
    left join registry as r on r.schooljaar = y.schooljaar and r.sto_regio_id = y.sto_regio_id
    left join teachers as t on t.schooljaar = y.schooljaar and t.sto_regio_id = y.sto_regio_id
    left join regio as d on d.sto_regio_id = y.sto_regio_id
)

select {{ contract_columns() }}
from final
