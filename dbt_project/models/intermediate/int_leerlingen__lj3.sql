{#- Leerjaar-3 pupils in vmbo (bb, kb, gl, tl) per vestiging x element code x gender, decoded to
    profiel, leerweg and programma via the element-code list. Rows whose element code is not in the
    list are kept with programma 'onbekend' so that they are counted, not dropped. -#}
with pupils as (
    select * from {{ ref('stg_duo__leerlingen_vestiging') }}
    where leerjaar = 3 and onderwijstype like 'VMBO%'
),

codes as (
    select * from {{ ref('stg_reference__element_codes') }}
),

profielen as (
    select * from {{ ref('stg_reference__profielen') }}
)

select
    pupils.schooljaar,
    pupils.vestiging_id,
    pupils.brin,
    pupils.elementcode,
    pupils.onderwijstype,
    codes.leerweg,
    codes.profiel,
    coalesce(codes.programma, 'onbekend') as programma,
    case
        when codes.programma = 'profiel' then profielen.profielgroep
        when codes.programma = 'legacy' then 'legacy'
        when codes.programma = 'tl' then 'tl'
        else 'onbekend'
    end as profielgroep,
    coalesce(profielen.is_technisch, false) as is_technisch_profiel,
    pupils.geslacht,
    pupils.aantal,
    pupils.aantal_min,
    pupils.aantal_max,
    pupils.aantal_schatting,
    pupils.is_suppressed_at_source,
    pupils._source_file,
    pupils._source_row,
    pupils._load_id
from pupils
left join codes on pupils.elementcode = codes.elementcode
left join profielen on codes.profiel = profielen.profiel
