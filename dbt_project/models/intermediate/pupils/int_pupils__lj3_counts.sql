{#- Leerjaar-3 pupil counts in the beroepsgerichte leerwegen (bb, kb, gl) at every level the
    indicators of catalog section A need. A NULL leerweg / profielgroep / profiel means "all".
    profielgroep is techniek | niet-techniek | legacy (afdelingsvakken en vakmanschaps-/beroepsroute).
    Totals (profielgroep NULL) exclude legacy programmes, as the report's "Totaal" rows do;
    n_pupils_incl_legacy includes them (the denominator of tech_share_lj3, indicators.md A2). -#}
with base as (
    select
        schooljaar,
        leerweg,
        profielgroep,
        profiel,
        aantal_schatting as n,
        case when geslacht = 'V' then aantal_schatting else 0 end as n_female,
        case when is_suppressed_at_source then 1 else 0 end as n_suppressed_cells
    from {{ ref('int_pupils__lj3') }}
    where leerweg in ('bb', 'kb', 'gl') and programma in ('profiel', 'legacy')
),

profile_cells as (
    select schooljaar, leerweg, profielgroep, profiel,
           sum(n) as n_pupils, sum(n_female) as n_female, sum(n_suppressed_cells) as n_suppressed_cells
    from base where profielgroep <> 'legacy'
    group by schooljaar, leerweg, profielgroep, profiel
    union all
    select schooljaar, cast(null as string), profielgroep, profiel,
           sum(n), sum(n_female), sum(n_suppressed_cells)
    from base where profielgroep <> 'legacy'
    group by schooljaar, profielgroep, profiel
),

group_cells as (
    select schooljaar, leerweg, profielgroep, cast(null as string) as profiel,
           sum(n) as n_pupils, sum(n_female) as n_female, sum(n_suppressed_cells) as n_suppressed_cells
    from base
    group by schooljaar, leerweg, profielgroep
    union all
    select schooljaar, cast(null as string), profielgroep, cast(null as string),
           sum(n), sum(n_female), sum(n_suppressed_cells)
    from base
    group by schooljaar, profielgroep
),

total_cells as (
    select schooljaar, leerweg, cast(null as string) as profielgroep, cast(null as string) as profiel,
           sum(case when profielgroep <> 'legacy' then n else 0 end) as n_pupils,
           sum(case when profielgroep <> 'legacy' then n_female else 0 end) as n_female,
           sum(case when profielgroep <> 'legacy' then n_suppressed_cells else 0 end) as n_suppressed_cells
    from base
    group by schooljaar, leerweg
    union all
    select schooljaar, cast(null as string), cast(null as string), cast(null as string),
           sum(case when profielgroep <> 'legacy' then n else 0 end),
           sum(case when profielgroep <> 'legacy' then n_female else 0 end),
           sum(case when profielgroep <> 'legacy' then n_suppressed_cells else 0 end)
    from base
    group by schooljaar
),

cells as (
    select * from profile_cells
    union all
    select * from group_cells
    union all
    select * from total_cells
),

incl_legacy as (
    select schooljaar, leerweg, sum(n) as n_pupils_incl_legacy
    from base group by schooljaar, leerweg
    union all
    select schooljaar, cast(null as string), sum(n)
    from base group by schooljaar
)

select
    cells.schooljaar,
    cells.leerweg,
    cells.profielgroep,
    cells.profiel,
    cells.n_pupils,
    cells.n_female,
    cells.n_suppressed_cells,
    case when cells.profielgroep is null and cells.profiel is null
         then incl_legacy.n_pupils_incl_legacy end as n_pupils_incl_legacy
from cells
left join incl_legacy
    on cells.schooljaar = incl_legacy.schooljaar
    and cells.leerweg is not distinct from incl_legacy.leerweg
