{#- Teachers per school (BRIN) and per STO region: one row per schooljaar x eenheid x unit x
    profielgroep x profiel (NULL = all of the group / total). eenheid = school (brin set) or sto_regio
    (sto_regio_id set; region of a BRIN from int_teachers__brin_regio, BRINs without a region left out).
    A person teaching at two schools counts at each school; within a region a person counts once. -#}
with niveaus as (
    select * from {{ ref('int_teachers__profiel_levels') }}
),

regio as (
    select * from {{ ref('int_teachers__brin_regio') }}
)

select
    niveaus.schooljaar,
    'school' as eenheid,
    niveaus.brin,
    cast(null as string) as sto_regio_id,
    niveaus.profielgroep,
    niveaus.profiel,
    count(distinct niveaus.persoon_id) as n_persons,
    sum(niveaus.fte) as fte
from niveaus
group by niveaus.schooljaar, niveaus.brin, niveaus.profielgroep, niveaus.profiel

union all

select
    niveaus.schooljaar,
    'sto_regio' as eenheid,
    cast(null as string) as brin,
    regio.sto_regio_id,
    niveaus.profielgroep,
    niveaus.profiel,
    count(distinct niveaus.persoon_id) as n_persons,
    sum(niveaus.fte) as fte
from niveaus
inner join regio
    on regio.schooljaar = niveaus.schooljaar and regio.brin = niveaus.brin
group by niveaus.schooljaar, regio.sto_regio_id, niveaus.profielgroep, niveaus.profiel
