{#- Leerjaar-3 pupils in bb/kb/gl per schooljaar x STO region x leerweg (NULL = bb+kb+gl) x
    profielgroep (techniek | niet-techniek; NULL = both), with zeros for regions without pupils in
    a cell, so that "a region with no gl" is a row with 0, not a missing row. Pupils are attributed
    to the region of their vestiging on the peildatum. -#}
with offer as (
    select * from {{ ref('int_vestiging__offer_lj3') }} where is_in_sto_regio
),

regions as (
    select schooljaar, sto_regio_id from {{ ref('int_sto_regio__regio_jaar') }}
),

leerwegen as (
    select 'bb' as leerweg union all select 'kb' union all select 'gl' union all select cast(null as string)
),

groepen as (
    select 'techniek' as profielgroep union all select 'niet-techniek' union all select cast(null as string)
),

grid as (
    select regions.schooljaar, regions.sto_regio_id, leerwegen.leerweg, groepen.profielgroep
    from regions cross join leerwegen cross join groepen
)

select
    grid.schooljaar,
    grid.sto_regio_id,
    grid.leerweg,
    grid.profielgroep,
    coalesce(sum(offer.n_pupils), 0) as n_pupils,
    count(distinct offer.vestiging_id) as n_vestigingen
from grid
left join offer
    on offer.schooljaar = grid.schooljaar
    and offer.sto_regio_id = grid.sto_regio_id
    and (grid.leerweg is null or offer.leerweg = grid.leerweg)
    and (grid.profielgroep is null or offer.profielgroep = grid.profielgroep)
group by grid.schooljaar, grid.sto_regio_id, grid.leerweg, grid.profielgroep
