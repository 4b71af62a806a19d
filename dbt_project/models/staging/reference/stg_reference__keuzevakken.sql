{#- Keuzevakken and profielmodules with their owning profile (delivered list or the versioned seed). -#}
select
    keuzevakken.vakcode,
    keuzevakken.vaknaam,
    nullif(keuzevakken.profiel, '') as profiel,
    keuzevakken.vaksoort,
    coalesce(profielen.is_technisch, false) as is_technisch,
    coalesce(profielen.profielgroep, 'onbekend') as profielgroep
from (
    {{ reference_rows('keuzevakken', ['vakcode', 'vaknaam', 'profiel', 'vaksoort']) }}
) as keuzevakken
left join {{ ref('stg_reference__profielen') }} as profielen on keuzevakken.profiel = profielen.profiel
