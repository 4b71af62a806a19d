{#- Person x BRIN memberships at the three levels of the teacher indicators: per profiel, per
    profielgroep (profiel NULL) and in total (profielgroep and profiel NULL). fte sums over the
    profiles of the level; a person counts once per level (count distinct persoon_id downstream). -#}
with rows as (
    select
        lesgevenden.schooljaar,
        lesgevenden.persoon_id,
        lesgevenden.brin,
        profielen.profielgroep,
        lesgevenden.profiel,
        lesgevenden.fte
    from {{ ref('stg_ipto__lesgevenden') }} as lesgevenden
    inner join {{ ref('stg_reference__profielen') }} as profielen
        on profielen.profiel = lesgevenden.profiel
)

select schooljaar, persoon_id, brin, profielgroep, profiel, fte
from rows

union all

select schooljaar, persoon_id, brin, profielgroep, cast(null as string) as profiel, sum(fte) as fte
from rows
group by schooljaar, persoon_id, brin, profielgroep

union all

select
    schooljaar, persoon_id, brin, cast(null as string) as profielgroep, cast(null as string) as profiel,
    sum(fte) as fte
from rows
group by schooljaar, persoon_id, brin
