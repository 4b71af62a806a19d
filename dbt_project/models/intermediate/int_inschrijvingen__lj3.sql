{#- Leerjaar-3 vmbo pupils from the microdata enrolment extract, one row per pupil, decoded to
    leerweg / profiel / programma with the element-code list (as int_leerlingen__lj3 does for the
    public file), with the home PC4 centroid (NULL when the postcode is missing or unknown). -#}
with pupils as (
    select * from {{ ref('stg_duo__inschrijvingen_vo') }}
    where leerjaar = 3
),

codes as (
    select * from {{ ref('stg_reference__element_codes') }}
),

profielen as (
    select * from {{ ref('stg_reference__profielen') }}
)

select
    pupils.schooljaar,
    pupils.leerling_id,
    pupils.vestiging_id,
    pupils.elementcode,
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
    pupils.heeft_migratieachtergrond,
    pupils.postcode4,
    pc4.latitude,
    pc4.longitude
from pupils
left join codes on pupils.elementcode = codes.elementcode
left join profielen on codes.profiel = profielen.profiel
left join {{ ref('stg_geo__pc4_centroids') }} as pc4 on pupils.postcode4 = pc4.postcode4
