{#- Staging of one of DUO's open hbo files (stg_duo__hbo_*): the rows of the newest edition of every
    year (a year in several files: the file whose last year is latest wins, then the latest load), typed,
    with DUO's `-1` (1-4 students) as aantal NULL, bounds 1..4, an estimate of 2.5 (the midpoint, as the
    exam files' `<5`) and is_suppressed_at_source. `year_column` is studiejaar or diplomajaar, `kind_column`
    type_hoger_onderwijs or soort_diploma. -#}
{% macro duo_hbo_rows(source_table, year_column, kind_column) %}
with raw as (
    select * from {{ source('duo', source_table) }}
),

editions as (
    select
        {{ year_column }},
        _source_file,
        max(cast(laatste_jaar_bestand as integer)) as laatste_jaar_bestand,
        max(_loaded_at) as loaded_at
    from raw
    group by {{ year_column }}, _source_file
),

newest as (
    select {{ year_column }}, _source_file
    from (
        select
            {{ year_column }},
            _source_file,
            row_number() over (
                partition by {{ year_column }}
                order by laatste_jaar_bestand desc, loaded_at desc, _source_file desc
            ) as edition_rank
        from editions
    ) as ranked
    where edition_rank = 1
)

select
    cast(raw.{{ year_column }} as integer) as schooljaar,
    raw.provincienaam,
    raw.gemeentenummer,
    raw.gemeentenaam,
    raw.instellingscode,
    raw.instellingsnaam,
    raw.onderdeel,
    raw.subonderdeel,
    raw.opleidingscode,
    raw.opleidingsnaam,
    raw.{{ kind_column }},
    {{ suppressed_count('raw.aantal', '-1', 1, 4, 'aantal', 'is_suppressed_at_source') }},
    cast(raw.laatste_jaar_bestand as integer) as laatste_jaar_bestand,
    {{ lineage_columns('raw') }}
from raw
inner join newest
    on newest.{{ year_column }} = raw.{{ year_column }}
    and newest._source_file = raw._source_file
{% endmacro %}
