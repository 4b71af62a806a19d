{#- Row-level lineage of the leerjaar-3 pupils behind catalog section A: one row per source row that
    int_leerlingen__lj3 counts (a public-file line x geslacht, or one microdata pupil row), decoded to
    leerweg, profiel and profielgroep exactly as int_leerlingen__lj3 does. `sto-monitor trace` counts
    distinct (_source_file, _source_row) here; nothing downstream reads it. -#}
with micro_years as (
    -- the schooljaren whose counts int_leerlingen__lj3 takes from the microdata (its completeness rule)
    select distinct schooljaar from {{ ref('int_leerlingen__lj3') }} where bron = 'duo_inschrijvingen_vo'
),

pupils as (
    select schooljaar, elementcode, geslacht, 'duo_leerlingen_vestiging' as bron, _source_file, _source_row
    from {{ ref('stg_duo__leerlingen_vestiging') }}
    where leerjaar = 3 and onderwijstype like 'VMBO%'
        and schooljaar not in (select schooljaar from micro_years)
    union all
    select schooljaar, elementcode, geslacht, 'duo_inschrijvingen_vo' as bron, _source_file, _source_row
    from {{ ref('stg_duo__inschrijvingen_vo') }}
    where leerjaar = 3
        and schooljaar in (select schooljaar from micro_years)
        and elementcode in (select elementcode from {{ ref('stg_reference__element_codes') }} where leerweg is not null)
),

codes as (
    select * from {{ ref('stg_reference__element_codes') }}
),

profielen as (
    select * from {{ ref('stg_reference__profielen') }}
)

select
    pupils.schooljaar,
    codes.leerweg,
    codes.profiel,
    coalesce(codes.programma, 'onbekend') as programma,
    case
        when codes.programma = 'profiel' then profielen.profielgroep
        when codes.programma = 'legacy' then 'legacy'
        when codes.programma = 'tl' then 'tl'
        else 'onbekend'
    end as profielgroep,
    pupils.geslacht,
    pupils.bron,
    pupils._source_file,
    pupils._source_row
from pupils
left join codes on pupils.elementcode = codes.elementcode
left join profielen on codes.profiel = profielen.profiel
