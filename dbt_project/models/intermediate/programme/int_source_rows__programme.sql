{#- The source rows behind every cell of the programme indicators (stg_programma__sto_regio_plannen: one line
    per STO region and plan period), counted per source file (macro source_row_counts): a region's cell rests
    on the region's line, a national cell on the lines of every region of the plan period (a statistic over
    the regions that specify a value uses those of them). Numerator only. -#}
with cells as (
    select distinct indicator_id, schooljaar, sto_regio_id, breakdown, breakdown_value
    from {{ ref('int_indicator_values__programme') }}
),

rows_per_cell as (
    select cells.indicator_id, cells.schooljaar, cells.sto_regio_id, cells.breakdown, cells.breakdown_value,
        plannen._source_file, count(distinct plannen._source_row) as n_numerator_rows,
        cast(null as bigint) as n_denominator_rows
    from cells
    inner join {{ ref('stg_programma__sto_regio_plannen') }} as plannen
        on plannen.planperiode_start = cells.schooljaar
        and (cells.sto_regio_id is null or plannen.sto_regio_id = cells.sto_regio_id)
    group by all
)

{{ source_row_counts('rows_per_cell', [
    'indicator_id', 'schooljaar', 'sto_regio_id', 'breakdown', 'breakdown_value', '_source_file'
]) }}
