{{ config(meta={'dagster': {'ref': {'name': 'exam_results_vestiging'}}}) }}
{#- The rows int_coverage__duo_examenkandidaten classifies as counted (fully or in part) are exactly the
    candidates of marts.exam_results_vestiging: the sum of its lower bounds (exact counts + 1 per '<5' cell)
    and of its upper bounds (+ 4 per '<5' cell) equal those of the counted raw rows. A difference means a
    filter of the exam figures and the classification went apart. Returns the differing totals. -#}
with counted as (
    select
        coalesce(sum(aantal), 0) + sum(n_suppressed_cells) as n_min,
        coalesce(sum(aantal), 0) + 4 * sum(n_suppressed_cells) as n_max
    from {{ ref('int_coverage__duo_examenkandidaten') }}
    where status <> 'not counted'
),

in_mart as (
    select
        coalesce(sum(n_kandidaten_min), 0) as n_min,
        coalesce(sum(n_kandidaten_max), 0) as n_max
    from {{ ref('exam_results_vestiging') }}
)

select counted.n_min, counted.n_max, in_mart.n_min as mart_n_min, in_mart.n_max as mart_n_max
from counted
cross join in_mart
where counted.n_min <> in_mart.n_min or counted.n_max <> in_mart.n_max
