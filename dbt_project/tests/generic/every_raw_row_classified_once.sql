{#- A coverage model (int_coverage__*) classifies every row of the raw table `raw` exactly once: per
    landing file it holds as many rows of that source as raw does, and no (file, row, row_part) twice.
    Returns one row per file whose counts differ or per key classified more than once. -#}
{% test every_raw_row_classified_once(model, raw) %}
with raw_files as (
    select _source_file as source_file, count(*) as n_raw
    from {{ raw }}
    group by _source_file
),

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

{#- A key classified twice has a hash seen twice. Grouping the 64-bit hashes needs far less memory than
    grouping the keys (51 million exam rows at 25x national scale: dbt's 1 GB was not enough for the keys,
    docs/benchmarks.md; macro key_hash); the rows of a repeated hash are then grouped by their keys, so a
    hash shared by two different keys reports nothing. -#}
repeated_hashes as (
    select {{ key_hash(['source_file', 'source_row', 'row_part']) }} as key_hash
    from {{ model }}
    where source = '{{ raw.identifier }}'
    group by {{ key_hash(['source_file', 'source_row', 'row_part']) }}
    having count(*) > 1
),

repeated as (
    select source_file, source_row, row_part, cast(null as bigint) as n_raw, count(*) as n_classified
    from {{ model }}
    where
        source = '{{ raw.identifier }}'
        and {{ key_hash(['source_file', 'source_row', 'row_part']) }} in (select key_hash from repeated_hashes)
    group by source_file, source_row, row_part
    having count(*) > 1
)

select * from count_differences
union all
select * from repeated
{% endtest %}
