{#- Topic mart mirroring Tabellen B3.1, B3.12 and B3.13: leerjaar-3 pupils per schooljaar x leerweg x
    profiel, with profielgroep subtotals and totals (NULL = all), the female share and the change
    against the previous schooljaar (NULL when that year is not in the warehouse). -#}
with counts as (
    select * from {{ ref('int_pupils__lj3_counts') }}
)

select
    cast(counts.schooljaar as integer) as schooljaar,
    cast(counts.leerweg as string) as leerweg,
    cast(counts.profielgroep as string) as profielgroep,
    cast(counts.profiel as string) as profiel,
    cast(counts.n_pupils as double) as n_pupils,
    cast(counts.n_female as double) as n_female,
    cast(100.0 * counts.n_female / nullif(counts.n_pupils, 0) as double) as female_share,
    cast(counts.n_suppressed_cells as integer) as n_suppressed_source_cells,
    cast(prev.n_pupils as double) as n_pupils_prev_year,
    cast(100.0 * (counts.n_pupils - prev.n_pupils) / nullif(prev.n_pupils, 0) as double) as change_pct
from counts
left join counts as prev
    on prev.schooljaar = counts.schooljaar - 1
    and prev.leerweg is not distinct from counts.leerweg
    and prev.profielgroep is not distinct from counts.profielgroep
    and prev.profiel is not distinct from counts.profiel
