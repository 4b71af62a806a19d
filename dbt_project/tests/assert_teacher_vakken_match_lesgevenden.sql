{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'stg_ipto__lesgevenden_vakken'}}}) }}
{#- The IPTO vakken extract (G5) and the teacher extract (G1-G16) describe the same persons: for a
    schooljaar delivered in both, every person x BRIN x profile of the one is a profielvak of that profile
    at that BRIN in the other. A warning, not an error: G5 is computed from the vakken extract alone, but
    then its persons per profile differ from G1's. Returns the unmatched person x BRIN x profile rows. -#}
with lesgevenden as (
    select distinct schooljaar, persoon_id, brin, profiel from {{ ref('stg_ipto__lesgevenden') }}
),

vakken as (
    select distinct schooljaar, persoon_id, brin, profiel
    from {{ ref('stg_ipto__lesgevenden_vakken') }}
    where vak_categorie = 'profielvak'
),

both_years as (
    {#- not a join on schooljaar alone: that pairs every person of a year with every person of that year
        (at 25x national scale it ran for more than four minutes; now well under a second) -#}
    select schooljaar from lesgevenden
    intersect
    select schooljaar from vakken
),

only_lesgevenden as (
    select schooljaar, persoon_id, brin, profiel from lesgevenden
    except
    select schooljaar, persoon_id, brin, profiel from vakken
),

only_vakken as (
    select schooljaar, persoon_id, brin, profiel from vakken
    except
    select schooljaar, persoon_id, brin, profiel from lesgevenden
)

select 'ipto_lesgevenden only' as found_in, only_lesgevenden.*
from only_lesgevenden
where schooljaar in (select schooljaar from both_years)
union all
select 'ipto_lesgevenden_vakken only', only_vakken.*
from only_vakken
where schooljaar in (select schooljaar from both_years)
