{#- The offer and its 10-km reachability per STO region (the region pages' "profielen en
    bereikbaarheid"): per schooljaar x region x leerweg (bb/kb/gl) x profiel offered anywhere that
    schooljaar, the region's vestigingen offering it (leerjaar-3 pupils registered) and their leerjaar-3
    pupils in it (C1/B5 at region level), and the share of the region's leerjaar-3 pupils of the leerweg
    living within 10 km of a vestiging offering it anywhere (C5 at region level; schooljaren with pupil
    microdata only, else NULL). -#}
with grid as (
    select r.schooljaar, r.sto_regio_id, lw.leerweg, p.profiel
    from {{ ref('int_sto_regio__regio_jaar') }} as r
    inner join (select distinct schooljaar, profiel from {{ ref('int_vestiging__offer_lj3') }}) as p
        on p.schooljaar = r.schooljaar
    cross join (select 'bb' as leerweg union all select 'kb' union all select 'gl') as lw
),

final as (
    select
        grid.schooljaar,
        grid.sto_regio_id,
        grid.leerweg,
        profielen.profielgroep,
        grid.profiel,
        coalesce(offer.n_vestigingen, 0) as n_vestigingen,
        coalesce(offer.n_pupils, 0) as n_pupils,
        reach.n_pupils_placed as n_pupils_leerweg_placed,
        reach.n_pupils_within_10km,
        reach.share_within_10km
    from grid
    left join {{ ref('stg_reference__profielen') }} as profielen on profielen.profiel = grid.profiel
    left join {{ ref('int_groepsgrootte__regio_profiel') }} as offer
        on offer.schooljaar = grid.schooljaar and offer.sto_regio_id = grid.sto_regio_id
        and offer.leerweg = grid.leerweg and offer.profiel = grid.profiel
    left join {{ ref('int_reachability__regio_lj3') }} as reach
        on reach.schooljaar = grid.schooljaar and reach.sto_regio_id = grid.sto_regio_id
        and reach.leerweg = grid.leerweg and reach.profiel = grid.profiel
)

select {{ contract_columns() }}
from final
