{#- Topic mart mirroring Tabel B3.6: per schooljaar x leerweg x profiel, the share of leerjaar-3
    pupils of the leerweg living within 10 km (straight line, PC4 centroids, <= 10.000 km) of a
    vestiging offering the profile in that leerweg, with the pupils and vestigingen that could not be
    placed (never silently dropped). -#}
select
    cast(r.schooljaar as integer) as schooljaar,
    cast(r.leerweg as string) as leerweg,
    cast(p.profielgroep as string) as profielgroep,
    cast(r.profiel as string) as profiel,
    cast(r.n_pupils_placed as integer) as n_pupils_placed,
    cast(r.n_pupils_within_10km as integer) as n_pupils_within_10km,
    cast(r.share_within_10km as double) as share_within_10km,
    cast(r.n_pupils_unplaced as integer) as n_pupils_unplaced,
    cast(r.n_vestigingen_offering as integer) as n_vestigingen_offering,
    cast(r.n_vestigingen_unplaced as integer) as n_vestigingen_unplaced
from {{ ref('int_reachability__lj3') }} as r
left join {{ ref('stg_reference__profielen') }} as p on p.profiel = r.profiel
