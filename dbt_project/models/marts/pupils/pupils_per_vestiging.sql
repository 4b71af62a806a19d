{#- "Leerlingen per vestiging" (the STO programme's tool per STO region): leerjaar-3 and leerjaar-4
    pupils in bb/kb/gl with a profile per schooljaar x vestiging x leerweg x profiel, with the totals
    per profielgroep and over the leerwegen (NULL = all), and the vestiging's STO region on the
    peildatum. Leerjaar 3 as section A counts it (microdata when the year has them, else the public
    file); leerjaar 4 from the public pupil file (as tech_share_lj4). A `<5` line of the public file
    counts as 2.5 pupils (is_estimated). -#}
with pupils as (
    select schooljaar, vestiging_id, 3 as leerjaar, leerweg, profielgroep, profiel,
           aantal_schatting as n, is_suppressed_at_source
    from {{ ref('int_pupils__lj3') }}
    where programma = 'profiel' and leerweg in ('bb', 'kb', 'gl')
    union all
    select schooljaar, vestiging_id, 4 as leerjaar, leerweg, profielgroep, profiel,
           n, is_suppressed_at_source
    from {{ ref('int_pupils__lj4') }}
),

cells as (
    select
        schooljaar, vestiging_id, leerjaar, leerweg, profielgroep, profiel,
        sum(n) as n_pupils,
        max(case when is_suppressed_at_source then 1 else 0 end) as n_estimated
    from pupils
    group by grouping sets (
        (schooljaar, vestiging_id, leerjaar, leerweg, profielgroep, profiel),
        (schooljaar, vestiging_id, leerjaar, leerweg, profielgroep),
        (schooljaar, vestiging_id, leerjaar, leerweg),
        (schooljaar, vestiging_id, leerjaar, profielgroep, profiel),
        (schooljaar, vestiging_id, leerjaar, profielgroep),
        (schooljaar, vestiging_id, leerjaar)
    )
),

final as (
    select
        cells.schooljaar,
        cells.vestiging_id,
        regio.sto_regio_id,
        cells.leerjaar,
        cells.leerweg,
        cells.profielgroep,
        cells.profiel,
        cells.n_pupils,
        cells.n_estimated = 1 as is_estimated
    from cells
    left join {{ ref('int_sto_regio__vestiging_jaar') }} as regio
        on regio.schooljaar = cells.schooljaar and regio.vestiging_id = cells.vestiging_id
)

select {{ contract_columns() }}
from final
