{#- Conformed dimension of keuzevakken and profielmodules: the reference list in use (delivered or the
    versioned seed) with the owning profile and whether it is technical. -#}
select
    cast(vakcode as string) as vakcode,
    cast(vaknaam as string) as vaknaam,
    cast(vaksoort as string) as vaksoort,
    cast(profiel as string) as keuzevak_profiel,
    cast(profielgroep as string) as keuzevak_profielgroep,
    cast(is_technisch as boolean) as is_technisch
from {{ ref('stg_reference__keuzevakken') }}
