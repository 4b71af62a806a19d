{#- 10-km reachability (C5, Tabel B3.6), availability version: per schooljaar x leerweg (bb/kb/gl)
    x profiel, the leerjaar-3 pupils of the leerweg (microdata, profile or legacy programme) whose
    home PC4 centroid lies within 10 km in a straight line (haversine, distance <= 10.000 km) of the
    PC4 centroid of at least one vestiging offering profiel p in leerweg l that schooljaar.
    Pupils whose home PC4 cannot be placed are left out of the share and counted in
    n_pupils_unplaced; offering vestigingen whose postcode cannot be placed cannot be reached and are
    counted in n_vestigingen_unplaced. Profiles: those offered in any bb/kb/gl that schooljaar.
    Which home PC4 reaches which (leerweg, profiel): int_reachability__pc4. -#}
{{ config(**incremental_by_schooljaar([0, 0])) }}
with pupils as (
    select * from {{ ref('int_inschrijvingen__lj3') }}
    where leerweg in ('bb', 'kb', 'gl') and programma in ('profiel', 'legacy')
        {{ schooljaar_filter(keyword='and') }}
),

offer as (
    select * from {{ ref('int_vestiging__offer_lj3') }} {{ schooljaar_filter() }}
),

profiles as (
    select distinct schooljaar, profiel from offer
),

grid as (
    select p.schooljaar, lw.leerweg, p.profiel
    from profiles as p
    cross join (select 'bb' as leerweg union all select 'kb' union all select 'gl') as lw
    where exists (select 1 from pupils where pupils.schooljaar = p.schooljaar)
),

vest_counts as (
    select schooljaar, leerweg, profiel,
           count(*) as n_vestigingen_offering,
           sum(case when latitude is null then 1 else 0 end) as n_vestigingen_unplaced
    from offer group by schooljaar, leerweg, profiel
),

{{ reachability_ctes() }}

select
    grid.schooljaar,
    grid.leerweg,
    grid.profiel,
    {{ reachability_columns() }},
    coalesce(vest_counts.n_vestigingen_offering, 0) as n_vestigingen_offering,
    coalesce(vest_counts.n_vestigingen_unplaced, 0) as n_vestigingen_unplaced
from grid
left join population on population.schooljaar = grid.schooljaar and population.leerweg = grid.leerweg
left join within
    on within.schooljaar = grid.schooljaar and within.leerweg = grid.leerweg and within.profiel = grid.profiel
left join vest_counts
    on vest_counts.schooljaar = grid.schooljaar and vest_counts.leerweg = grid.leerweg
    and vest_counts.profiel = grid.profiel
