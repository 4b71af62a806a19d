{#- Topic mart mirroring Tabellen B3.1, B3.12 and B3.13: leerjaar-3 pupils per schooljaar x leerweg x
    profiel, with profielgroep subtotals and totals (NULL = all), the female share and the change
    against the previous schooljaar (NULL when that year is not in the warehouse). -#}
with counts as (
    select * from {{ ref('int_pupils__lj3_counts') }}
),

final as (
    select
        counts.schooljaar,
        counts.leerweg,
        counts.profielgroep,
        counts.profiel,
        counts.n_pupils,
        counts.n_female,
        100.0 * counts.n_female / nullif(counts.n_pupils, 0) as female_share,
        counts.n_suppressed_cells as n_suppressed_source_cells,
        prev.n_pupils as n_pupils_prev_year,
        100.0 * (counts.n_pupils - prev.n_pupils) / nullif(prev.n_pupils, 0) as change_pct
    from counts
    left join counts as prev
        on prev.schooljaar = counts.schooljaar - 1
        and {{ same_cell('prev', 'counts', ['leerweg', 'profielgroep', 'profiel']) }}
)

select {{ contract_columns() }}
from final
