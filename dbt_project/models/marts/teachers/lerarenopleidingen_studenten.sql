{#- Figure B4.10 (catalog G17): first-year students, enrolled students and graduates of the technical
    teacher-training programmes per year as DUO states it, per programme (CROHO code) and in total, with
    the bounds of cells holding DUO `-1` rows (1-4 students each) and how many rows DUO suppressed. -#}
with final as (
    select
        *,
        n_schatting as n_studenten,
        n_min as n_studenten_min,
        n_max as n_studenten_max,
        n_rows as n_bronregels,
        n_suppressed_rows as n_bronregels_onderdrukt
    from {{ ref('int_lerarenopleidingen__jaar') }}
)

select {{ contract_columns() }}
from final
