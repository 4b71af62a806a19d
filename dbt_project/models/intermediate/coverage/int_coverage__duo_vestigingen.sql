{#- Every raw row of DUO's "02. Alle vestigingen vo" (a vestiging in one snapshot), classified: counted
    when it is the snapshot row that describes the vestiging in the warehouse (the latest snapshot,
    int_vestiging__locatie, also used by dim_vestiging and the STO-region membership). -#}
with raw as (
    select _source_file, _source_row from {{ source('duo', 'duo_vestigingen') }}
),

used as (
    select _source_file, _source_row from {{ ref('int_vestiging__locatie') }}
),

classified as (
    select
        raw._source_file,
        raw._source_row,
        case
            when used._source_file is null then 'older snapshot: a later snapshot describes the vestiging'
        end as reason_not_counted,
        cast(null as string) as reason_in_part
    from raw
    left join used on used._source_file = raw._source_file and used._source_row = raw._source_row
)

{{ coverage_select('duo_vestigingen') }}
