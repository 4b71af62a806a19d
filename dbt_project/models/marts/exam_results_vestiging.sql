{#- vmbo exam results per vestiging x leerweg x profiel (per-profile file) or sector (multi-year file) x
    schooljaar, totals over gender. A count DUO published as `<5` stays suppressed: n NULL, bounds 1-4. -#}
select
    cast(schooljaar as integer) as schooljaar,
    cast(vestiging_id as string) as vestiging_id,
    cast(layout as string) as layout,
    cast(leerweg as string) as leerweg,
    cast(profiel as string) as profiel,
    cast(sector as string) as sector,
    cast(afdeling as string) as afdeling,
    cast(n_kandidaten as integer) as n_kandidaten,
    cast(n_kandidaten_min as integer) as n_kandidaten_min,
    cast(n_kandidaten_max as integer) as n_kandidaten_max,
    cast(n_geslaagden as integer) as n_geslaagden,
    cast(n_geslaagden_min as integer) as n_geslaagden_min,
    cast(n_geslaagden_max as integer) as n_geslaagden_max,
    cast(100.0 * n_geslaagden / nullif(n_kandidaten, 0) as double) as pass_rate,
    cast(is_suppressed_at_source as boolean) as is_suppressed_at_source
from {{ ref('stg_duo__examenkandidaten') }}
where onderwijstype = 'VMBO' and geslacht = 'T'
