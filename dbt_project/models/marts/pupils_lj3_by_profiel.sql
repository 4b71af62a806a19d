{#- Topic mart mirroring Tabel B3.12 / B3.13: leerjaar-3 pupils per schooljaar x leerweg x profiel,
    with profielgroep subtotals and totals (NULL = all), the female share and the technical share. -#}
select
    cast(counts.schooljaar as integer) as schooljaar,
    cast(counts.leerweg as varchar) as leerweg,
    cast(counts.profielgroep as varchar) as profielgroep,
    cast(counts.profiel as varchar) as profiel,
    cast(counts.n_pupils as double) as n_pupils,
    cast(counts.n_female as double) as n_female,
    cast(100.0 * counts.n_female / nullif(counts.n_pupils, 0) as double) as female_share,
    cast(counts.n_suppressed_cells as integer) as n_suppressed_source_cells
from {{ ref('int_pupils_lj3__counts') }} as counts
