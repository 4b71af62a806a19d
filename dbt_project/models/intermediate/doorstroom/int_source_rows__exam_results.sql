{#- The source rows behind every cell of the exam results (int_indicator_values__exam_results: a line of the DUO
    exam file, macro exam_result_rows), counted per source file (macro source_row_counts): the lines of the
    vestiging's cell and of the national cells (layout per_profiel per leerweg x profiel and per leerweg; layout
    multi_year per leerweg, breakdown bestand). A table, rebuilt whole: the exam file has no schooljaar
    partitions (a new edition holds every year). -#}
with exam_classes as (
    select
        schooljaar, layout, vestiging_id, leerweg, profiel, breakdown, breakdown_value, _source_file,
        count(distinct _source_row) as n_rows
    from ({{ exam_result_rows() }}) as exam_rows
    group by all
),

exam_cells as (
    select schooljaar, vestiging_id, leerweg, profiel, breakdown, breakdown_value, _source_file, n_rows
    from exam_classes
    union all
    select schooljaar, null, leerweg, profiel, null, null, _source_file, n_rows
    from exam_classes where layout = 'per_profiel' and profiel is not null
    union all
    select schooljaar, null, leerweg, null, null, null, _source_file, n_rows
    from exam_classes where layout = 'per_profiel'
    union all
    select schooljaar, null, leerweg, null, 'bestand', 'multi_year', _source_file, n_rows
    from exam_classes where layout = 'multi_year'
),

rows_per_cell as (
    select measure.indicator_id, schooljaar, vestiging_id, leerweg, profiel, breakdown, breakdown_value,
        _source_file, n_rows as n_numerator_rows,
        case when measure.indicator_id = 'exam_pass_rate' then n_rows end as n_denominator_rows
    from exam_cells
    cross join (select 'exam_candidates' as indicator_id union all select 'exam_passes'
        union all select 'exam_pass_rate') as measure
)

{{ source_row_counts('rows_per_cell', [
    'indicator_id', 'schooljaar', 'vestiging_id', 'leerweg', 'profiel', 'breakdown', 'breakdown_value', '_source_file'
]) }}
