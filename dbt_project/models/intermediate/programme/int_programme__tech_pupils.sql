{#- Technical pupils per schooljaar x STO region in leerjaar 3 and 4 of bb, kb and gl (the pupils
    behind a region's budget: «leerlingaantallen BB, KB en GL ... in de vijf technische profielen»,
    003:L398), from the public DUO pupil file ('<5' cells count as 2.5), attributed to the region of
    the vestiging on the peildatum. Denominator of the investment per technical pupil (§2.14). -#}
with pupils as (
    select p.schooljaar, p.vestiging_id, p.leerjaar, p.aantal_schatting
    from {{ ref('stg_duo__leerlingen_vestiging') }} as p
    inner join {{ ref('stg_reference__element_codes') }} as e on e.elementcode = p.elementcode
    inner join {{ ref('stg_reference__profielen') }} as pr on pr.profiel = e.profiel
    where p.leerjaar in (3, 4) and e.programma = 'profiel' and pr.is_technisch
)

select
    r.schooljaar,
    r.sto_regio_id,
    sum(case when pupils.leerjaar = 3 then pupils.aantal_schatting else 0 end) as n_tech_lj3,
    sum(case when pupils.leerjaar = 4 then pupils.aantal_schatting else 0 end) as n_tech_lj4,
    sum(pupils.aantal_schatting) as n_tech_lj3_lj4
from {{ ref('int_sto_regio__vestiging_jaar') }} as r
inner join pupils on pupils.schooljaar = r.schooljaar and pupils.vestiging_id = r.vestiging_id
group by r.schooljaar, r.sto_regio_id
