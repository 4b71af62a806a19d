{#- Leerjaar-3 pupils in vmbo (bb, kb, gl, tl), one row per source row: a line of the public DUO file
    x geslacht, or one pupil of the microdata, decoded to leerweg, profiel, programma and profielgroep
    (macro element_code_columns). Element codes not in the list are kept with programma 'onbekend'.
    Source per schooljaar: the pupil microdata (duo_inschrijvingen_vo, exact counts) when they are a
    complete extract for that schooljaar, else the public DUO file (where '<5' cells count as 2.5).
    Complete = there is no public file for the year, or the microdata reproduce at least
    var('microdata_min_coverage') (98 %) of the pupils in the public file's exactly published cells
    (a partial extract, e.g. a sample for migration or home postcodes, never replaces the counts).
    int_pupils__lj3 aggregates these rows (the counts of section A); `sto-monitor trace` counts
    distinct (_source_file, _source_row) here, so both share this one source choice and decoding.
    Incremental by schooljaar: the source choice and the rows of a schooljaar read only that schooljaar. -#}
{{ config(**incremental_by_schooljaar([0, 0])) }}
with micro_cells as (
    select schooljaar, vestiging_id, elementcode, geslacht, count(*) as n
    from {{ ref('stg_duo__inschrijvingen_vo') }}
    where leerjaar = 3
        {{ schooljaar_filter(keyword='and') }}
    group by schooljaar, vestiging_id, elementcode, geslacht
),

public_cells as (
    select schooljaar, vestiging_id, elementcode, geslacht, aantal
    from {{ ref('stg_duo__leerlingen_vestiging') }}
    where leerjaar = 3 and onderwijstype like 'VMBO%' and not is_suppressed_at_source
        {{ schooljaar_filter(keyword='and') }}
),

coverage as (
    select
        public_cells.schooljaar,
        sum(least(public_cells.aantal, coalesce(micro_cells.n, 0))) * 1.0 / nullif(sum(public_cells.aantal), 0)
            as share_reproduced
    from public_cells
    left join micro_cells
        on public_cells.schooljaar = micro_cells.schooljaar
        and public_cells.vestiging_id = micro_cells.vestiging_id
        and public_cells.elementcode = micro_cells.elementcode
        and public_cells.geslacht = micro_cells.geslacht
    group by public_cells.schooljaar
),

micro_years as (
    select distinct micro_cells.schooljaar
    from micro_cells
    left join coverage on micro_cells.schooljaar = coverage.schooljaar
    where coverage.schooljaar is null
        or coverage.share_reproduced >= {{ var('microdata_min_coverage', 0.98) }}
),

public_pupils as (
    select
        schooljaar, vestiging_id, brin, elementcode, onderwijstype, geslacht,
        aantal, aantal_min, aantal_max, aantal_schatting, is_suppressed_at_source,
        'duo_leerlingen_vestiging' as bron, _source_file, _source_row, _load_id
    from {{ ref('stg_duo__leerlingen_vestiging') }}
    where leerjaar = 3 and onderwijstype like 'VMBO%'
        and schooljaar not in (select schooljaar from micro_years)
        {{ schooljaar_filter(keyword='and') }}
),

micro_pupils as (
    select
        schooljaar, vestiging_id, brin, elementcode,
        cast(null as string) as onderwijstype,
        geslacht,
        1 as aantal, 1 as aantal_min, 1 as aantal_max, cast(1 as double) as aantal_schatting,
        false as is_suppressed_at_source,
        'duo_inschrijvingen_vo' as bron, _source_file, _source_row, _load_id
    from {{ ref('stg_duo__inschrijvingen_vo') }}
    where leerjaar = 3
        and schooljaar in (select schooljaar from micro_years)
        {{ schooljaar_filter(keyword='and') }}
        and elementcode in (select elementcode from {{ ref('stg_reference__element_codes') }} where leerweg is not null)
),

pupils as (
    select * from public_pupils
    union all
    select * from micro_pupils
)

select
    pupils.schooljaar,
    pupils.vestiging_id,
    pupils.brin,
    pupils.elementcode,
    pupils.onderwijstype,
    {{ element_code_columns() }},
    coalesce(profielen.is_technisch, false) as is_technisch_profiel,
    pupils.geslacht,
    pupils.aantal,
    pupils.aantal_min,
    pupils.aantal_max,
    pupils.aantal_schatting,
    pupils.is_suppressed_at_source,
    pupils.bron,
    pupils._source_file,
    pupils._source_row,
    pupils._load_id
from pupils
{{ element_code_joins('pupils.elementcode') }}
