{#- Offer per vestiging: one row per schooljaar x vestiging x leerweg (bb/kb/gl) x profiel in which
    at least one leerjaar-3 pupil is registered (public DUO pupil file; a `<5` cell counts as offered
    and as 2.5 pupils). With the vestiging's STO region on the peildatum (NULL = outside every
    region) and its PC4 location (NULL when its postcode cannot be placed). -#}
with pupils as (
    select * from {{ ref('int_pupils__lj3') }}
    where programma = 'profiel' and leerweg in ('bb', 'kb', 'gl')
),

cells as (
    select
        schooljaar,
        vestiging_id,
        leerweg,
        profiel,
        max(profielgroep) as profielgroep,
        bool_or(is_technisch_profiel) as is_technisch,
        sum(aantal_schatting) as n_pupils,
        sum(case when is_suppressed_at_source then 1 else 0 end) as n_suppressed_cells
    from pupils
    group by schooljaar, vestiging_id, leerweg, profiel
)

select
    cells.schooljaar,
    cells.vestiging_id,
    cells.leerweg,
    cells.profiel,
    cells.profielgroep,
    cells.is_technisch,
    cells.n_pupils,
    cells.n_suppressed_cells,
    regio.sto_regio_id,
    regio.sto_regio_id is not null as is_in_sto_regio,
    coalesce(regio.is_illustrative, false) as is_illustrative_regio,
    loc.postcode4,
    loc.latitude,
    loc.longitude
from cells
left join {{ ref('int_sto_regio__vestiging_jaar') }} as regio
    on cells.schooljaar = regio.schooljaar and cells.vestiging_id = regio.vestiging_id
left join {{ ref('int_vestiging__locatie') }} as loc
    on cells.vestiging_id = loc.vestiging_id
