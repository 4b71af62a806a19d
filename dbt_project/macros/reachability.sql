{#- The CTEs pupil_pc4, within and population of the 10-km reachability (C5) over `pupils` (leerjaar-3
    pupils with leerweg, postcode4 and latitude NULL when the home PC4 cannot be placed), grouped by
    schooljaar, the `keys` (e.g. ['sto_regio_id']) and leerweg: per group the placed pupils per home PC4,
    the pupils within 10 km of a vestiging offering each profiel (int_reachability__pc4) and the placed /
    unplaced pupils. Used by int_reachability__lj3 (nationally) and int_reachability__regio_lj3, both incremental
    by schooljaar: the PC4 pairs are read for the schooljaren they rebuild (schooljaar_filter). -#}
{% macro reachability_ctes(keys=[]) -%}
{%- set by = (['schooljaar'] + keys + ['leerweg']) | join(', ') -%}
{%- set qualified = ['p.schooljaar'] -%}
{%- for key in keys %}{% do qualified.append('p.' ~ key) %}{% endfor -%}
{%- set by_p = (qualified + ['p.leerweg']) | join(', ') -%}
pupil_pc4 as (
    select {{ by }}, postcode4, count(*) as n_pupils
    from pupils where latitude is not null
    group by {{ by }}, postcode4
),

within as (
    select {{ by_p }}, r.profiel, sum(p.n_pupils) as n_within
    from pupil_pc4 as p
    inner join (select * from {{ ref('int_reachability__pc4') }} {{ schooljaar_filter() }}) as r
        on r.schooljaar = p.schooljaar and r.home_pc4 = p.postcode4 and r.leerweg = p.leerweg
    group by {{ by_p }}, r.profiel
),

population as (
    select {{ by }},
           sum(case when latitude is not null then 1 else 0 end) as n_pupils_placed,
           sum(case when latitude is null then 1 else 0 end) as n_pupils_unplaced
    from pupils group by {{ by }}
)
{%- endmacro %}

{#- The reachability columns of a grid row: placed pupils, those within 10 km, their share and the unplaced
    (0 where the grid cell has none), from the CTEs of reachability_ctes joined as population and within. -#}
{% macro reachability_columns() -%}
    coalesce(population.n_pupils_placed, 0) as n_pupils_placed,
    coalesce(within.n_within, 0) as n_pupils_within_10km,
    100.0 * coalesce(within.n_within, 0) / nullif(population.n_pupils_placed, 0) as share_within_10km,
    coalesce(population.n_pupils_unplaced, 0) as n_pupils_unplaced
{%- endmacro %}
