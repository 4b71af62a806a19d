{#- 10-km reachability (C5) per STO region: per schooljaar x region x leerweg (bb/kb/gl) x profiel,
    the leerjaar-3 pupils of the leerweg at the region's vestigingen (microdata, profile or legacy
    programme; the region of their vestiging on the peildatum) whose home PC4 centroid lies within
    10 km of a vestiging offering profiel p in leerweg l, wherever that vestiging is (inside or outside
    the region, as the national share). Same rule and PC4 pairs as int_reachability__lj3
    (int_reachability__pc4); pupils whose home cannot be placed are counted in n_pupils_unplaced.
    Rows: every region of the schooljaar x leerweg x profile offered anywhere that schooljaar, for
    schooljaren with pupil microdata. -#}
{{ config(**incremental_by_schooljaar([0, 0])) }}
with pupils as (
    select p.*, regio.sto_regio_id
    from {{ ref('int_inschrijvingen__lj3') }} as p
    inner join {{ ref('int_sto_regio__vestiging_jaar') }} as regio
        on regio.schooljaar = p.schooljaar and regio.vestiging_id = p.vestiging_id
    where p.leerweg in ('bb', 'kb', 'gl') and p.programma in ('profiel', 'legacy')
        {{ schooljaar_filter('p.schooljaar', keyword='and') }}
),

profiles as (
    select distinct schooljaar, profiel from {{ ref('int_vestiging__offer_lj3') }} {{ schooljaar_filter() }}
),

grid as (
    select r.schooljaar, r.sto_regio_id, lw.leerweg, p.profiel
    from {{ ref('int_sto_regio__regio_jaar') }} as r
    inner join profiles as p on p.schooljaar = r.schooljaar
    cross join (select 'bb' as leerweg union all select 'kb' union all select 'gl') as lw
    where exists (select 1 from {{ ref('int_inschrijvingen__lj3') }} as i where i.schooljaar = r.schooljaar)
        {{ schooljaar_filter('r.schooljaar', keyword='and') }}
),

{{ reachability_ctes(['sto_regio_id']) }}

select
    grid.schooljaar,
    grid.sto_regio_id,
    grid.leerweg,
    grid.profiel,
    {{ reachability_columns() }}
from grid
left join population
    on population.schooljaar = grid.schooljaar and population.sto_regio_id = grid.sto_regio_id
    and population.leerweg = grid.leerweg
left join within
    on within.schooljaar = grid.schooljaar and within.sto_regio_id = grid.sto_regio_id
    and within.leerweg = grid.leerweg and within.profiel = grid.profiel
