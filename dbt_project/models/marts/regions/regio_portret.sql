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
)

select
    cast(y.schooljaar as integer) as schooljaar,
    cast(y.sto_regio_id as string) as sto_regio_id,
    cast(coalesce(d.naam, p.regio_naam) as string) as regio_naam,
    cast(d.is_illustrative as boolean) as is_illustrative,
    cast(p.planperiode as string) as planperiode,
    cast(p.regio_type as string) as regio_type,
    cast(p.verdeling_middelen as string) as verdeling_middelen,
    cast(p.subsidie_eur as double) as subsidie_eur,
    cast(p.subsidie_per_jaar_eur as double) as subsidie_per_jaar_eur,
    cast(p.cofinanciering_eur as double) as cofinanciering_eur,
    cast(p.cofinanciering_aandeel as double) as cofinanciering_aandeel,
    cast(p.investering_per_techniekleerling_eur as double) as investering_per_techniekleerling_eur,
    cast(p.n_partners as integer) as n_partners,
    cast(p.n_vmbo_vestigingen as integer) as n_partners_vmbo,
    cast(p.n_mbo_instellingen as integer) as n_partners_mbo,
    cast(p.n_bedrijven as integer) as n_partners_bedrijven,
    cast(r.n_vestigingen as integer) as n_vestigingen,
    cast(r.n_vestigingen_techniek as integer) as n_vestigingen_techniek,
    cast(r.n_pupils as double) as n_leerlingen_lj3,
    cast(r.n_tech as double) as n_techniek_lj3,
    cast(r.tech_share as double) as techniek_aandeel_lj3,
    cast(t.n_persons as integer) as n_lesgevenden_techniek,
    cast(p.subsidie_per_jaar_eur / nullif(r.n_tech, 0) as double) as subsidie_per_jaar_per_techniekleerling_lj3
from regio_jaar as y
left join in_force as f on f.schooljaar = y.schooljaar and f.sto_regio_id = y.sto_regio_id
left join plannen as p on p.sto_regio_id = f.sto_regio_id and p.planperiode_start = f.planperiode_start
left join registry as r on r.schooljaar = y.schooljaar and r.sto_regio_id = y.sto_regio_id
left join teachers as t on t.schooljaar = y.schooljaar and t.sto_regio_id = y.sto_regio_id
left join regio as d on d.sto_regio_id = y.sto_regio_id
