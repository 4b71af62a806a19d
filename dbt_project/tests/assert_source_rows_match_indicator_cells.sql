{{ config(meta={'dagster': {'ref': {'name': 'int_source_rows__cell_counts'}}}) }}
{#- The cells whose source rows int_source_rows__cell_counts counts are the cells of marts.indicator_values of the
    indicators traced to source rows (catalog meta trace.rows_model): no counted cell that is not published
    (or of an indicator not declared traced), and no published cell with a non-zero numerator or denominator
    without source rows. Returns the cells that differ. -#}
with traced as (
    {{ traced_indicator_rows() }}
),

counted as (
    select distinct indicator_id, schooljaar, sto_regio_id, vestiging_id, leerweg, profiel, breakdown, breakdown_value
    from {{ ref('int_source_rows__cell_counts') }}
),

published as (
    select indicator_id, schooljaar, sto_regio_id, vestiging_id, leerweg, profiel, breakdown, breakdown_value
    from {{ ref('indicator_values') }}
    where indicator_id in (select indicator_id from traced)
),

published_nonzero as (
    select indicator_id, schooljaar, sto_regio_id, vestiging_id, leerweg, profiel, breakdown, breakdown_value
    from {{ ref('indicator_values') }}
    where indicator_id in (select indicator_id from traced)
        and (coalesce(numerator, 0) <> 0 or coalesce(denominator, 0) <> 0)
)

select 'counted, not a published cell of a traced indicator' as problem, *
from (select * from counted except select * from published) as extra
union all
select 'published, no source rows counted', *
from (select * from published_nonzero except select * from counted) as missing
