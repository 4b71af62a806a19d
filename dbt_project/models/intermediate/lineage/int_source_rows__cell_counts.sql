{#- The source rows behind every traced cell of marts.indicator_values, per source file: the distinct
    (_source_file, _source_row) in its numerator and its denominator, from the int_source_rows__<domain> models.
    `sto-monitor trace` reads it with the load ledger; a release copies it (lineage/source_rows.parquet):
    counts per cell and file only, no microdata. -#}
{%- set columns = 'indicator_id, schooljaar, sto_regio_id, vestiging_id, leerweg, profiel, breakdown, breakdown_value, '
    ~ '_source_file, n_numerator_rows, n_denominator_rows' %}
select {{ columns }} from {{ ref('int_source_rows__pupils') }}
union all select {{ columns }} from {{ ref('int_source_rows__keuzevakken') }}
union all select {{ columns }} from {{ ref('int_source_rows__doorstroom') }}
union all select {{ columns }} from {{ ref('int_source_rows__exam_results') }}
union all select {{ columns }} from {{ ref('int_source_rows__surveys') }}
union all select {{ columns }} from {{ ref('int_source_rows__teachers') }}
union all select {{ columns }} from {{ ref('int_source_rows__programme') }}
