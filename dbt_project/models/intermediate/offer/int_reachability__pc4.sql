{#- 10-km reachability (C5) at PC4 level: per schooljaar, the home PC4s of leerjaar-3 pupils (bb/kb/gl,
    microdata, profile or legacy programme, home placed) x the (leerweg, profiel) offered at a
    vestiging whose PC4 centroid lies within 10 km in a straight line (haversine, <= 10.000 km) of the
    home PC4's centroid. One row per reachable (schooljaar, home PC4, leerweg, profiel); the national
    (int_reachability__lj3) and regional (int_reachability__regio_lj3) shares count the pupils of
    these PC4s. -#}
{{ config(**incremental_by_schooljaar([0, 0])) }}
with pupils as (
    select * from {{ ref('int_inschrijvingen__lj3') }}
    where leerweg in ('bb', 'kb', 'gl') and programma in ('profiel', 'legacy') and latitude is not null
        {{ schooljaar_filter(keyword='and') }}
),

offer as (
    select * from {{ ref('int_vestiging__offer_lj3') }} where latitude is not null {{ schooljaar_filter(keyword='and') }}
),

home_pc4 as (
    select distinct schooljaar, postcode4, latitude, longitude from pupils
),

vest_pc4 as (
    select distinct schooljaar, postcode4, latitude, longitude from offer
),

near as (
    -- PC4 pairs within 10 km; the bounding box (0.1 deg latitude ~ 11 km, 0.2 deg longitude >= 12 km
    -- in the Netherlands) only skips pairs that are certainly further away.
    select h.schooljaar, h.postcode4 as home_pc4, v.postcode4 as school_pc4
    from home_pc4 as h
    inner join vest_pc4 as v
        on v.schooljaar = h.schooljaar
        and abs(v.latitude - h.latitude) <= 0.1
        and abs(v.longitude - h.longitude) <= 0.2
    where {{ haversine_km('h.latitude', 'h.longitude', 'v.latitude', 'v.longitude') }} <= 10.0
)

select distinct near.schooljaar, near.home_pc4, offer.leerweg, offer.profiel
from near
inner join offer
    on offer.schooljaar = near.schooljaar and offer.postcode4 = near.school_pc4
