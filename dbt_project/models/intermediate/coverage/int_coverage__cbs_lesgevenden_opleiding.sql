{#- Every raw row of CBS's aggregate of the education of lesgevenden, classified against catalog G13
    (kenmerk opleidingsniveau) and G14 (opleidingsrichting): counted when staging keeps it (the newest load
    of its peiljaar, stg_cbs__lesgevenden_opleiding; every kept row is a category of a G13 / G14 cell).
    aantal = its persons as published; CBS's `<10` is its one suppressed cell. -#}
with raw as (
    select _source_file, _source_row, aantal_personen from {{ source('cbs', 'cbs_lesgevenden_opleiding') }}
),

staged as (
    select _source_file, _source_row from {{ ref('stg_cbs__lesgevenden_opleiding') }}
),

classified as (
    select
        raw._source_file,
        raw._source_row,
        raw.aantal_personen,
        case
            when staged._source_file is null then 'superseded: a newer file holds the peiljaar'
        end as reason_not_counted,
        cast(null as string) as reason_in_part
    from raw
    left join staged on staged._source_file = raw._source_file and staged._source_row = raw._source_row
)

{{ coverage_select(
    'cbs_lesgevenden_opleiding',
    aantal="case when aantal_personen <> '<10' then cast(aantal_personen as bigint) end",
    n_suppressed_cells="case when aantal_personen = '<10' then 1 else 0 end",
) }}
