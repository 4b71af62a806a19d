{#- A coverage model (int_coverage__*) classifies every row of the raw table `raw` exactly once: per
    landing file it holds as many rows of that source as raw does, and no (file, row, row_part) twice.
    Returns one row per file whose counts differ or per key classified more than once. -#}
{% test every_raw_row_classified_once(model, raw) %}
with raw_files as (
    select _source_file as source_file, count(*) as n_raw
    from {{ raw }}
    group by _source_file
),

{#- the model is read by each aggregate on its own (no shared CTE): DuckDB keeps a CTE read twice in memory.
    At 25x national scale (51 million exam rows) the check still needs more than dbt's 1 GB
    (docs/benchmarks.md, Scale 25). -#}
classified_files as (
    select source_file, count(*) as n_classified
    from {{ model }}
    where source = '{{ raw.identifier }}'
    group by source_file
),

count_differences as (
    select
        coalesce(r.source_file, c.source_file) as source_file,
        cast(null as bigint) as source_row,
        cast(null as string) as row_part,
        r.n_raw,
        c.n_classified
    from raw_files as r
    full outer join classified_files as c on c.source_file = r.source_file
    where r.n_raw is distinct from c.n_classified
),

repeated as (
    select source_file, source_row, row_part, cast(null as bigint) as n_raw, count(*) as n_classified
    from {{ model }}
    where source = '{{ raw.identifier }}'
    group by source_file, source_row, row_part
    having count(*) > 1
)

select * from count_differences
union all
select * from repeated
{% endtest %}
