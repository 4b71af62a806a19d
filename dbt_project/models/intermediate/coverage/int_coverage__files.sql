{#- Per source x landing file x status x reason: the raw rows (n_rows, of n_rows_file in the file), the
    exactly published persons they hold (aantal) and their cells published as '<5'. What
    `sto-monitor check` and the release's checks.json report as rows not counted (check rows_not_counted). -#}
with rows_ as (
    select * from {{ ref('int_coverage__raw_rows') }}
),

files as (
    select source, source_file, count(*) as n_rows_file
    from rows_
    group by source, source_file
)

select
    rows_.source,
    rows_.source_file,
    rows_.status,
    rows_.reason,
    count(*) as n_rows,
    max(files.n_rows_file) as n_rows_file,
    sum(rows_.aantal) as aantal,
    sum(rows_.n_suppressed_cells) as n_suppressed_cells
from rows_
inner join files on files.source = rows_.source and files.source_file = rows_.source_file
group by rows_.source, rows_.source_file, rows_.status, rows_.reason
