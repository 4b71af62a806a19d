{#- Conformed dimension of keuzevakken and profielmodules: the reference list in use (delivered or the
    versioned seed) with the owning profile and whether it is technical. -#}
select
    cast(vakcode as varchar) as vakcode,
    cast(vaknaam as varchar) as vaknaam,
    cast(vaksoort as varchar) as vaksoort,
    cast(profiel as varchar) as keuzevak_profiel,
    cast(profielgroep as varchar) as keuzevak_profielgroep,
    cast(is_technisch as boolean) as is_technisch
from {{ ref('stg_reference__keuzevakken') }}
