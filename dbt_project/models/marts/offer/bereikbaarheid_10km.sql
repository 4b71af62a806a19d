{#- Topic mart mirroring Tabel B3.6: per schooljaar x leerweg x profiel, the share of leerjaar-3
    pupils of the leerweg living within 10 km (straight line, PC4 centroids, <= 10.000 km) of a
    vestiging offering the profile in that leerweg, with the pupils and vestigingen that could not be
    placed (never silently dropped). -#}
with final as (
    select
        r.schooljaar,
        r.leerweg,
        p.profielgroep,
        r.profiel,
        r.n_pupils_placed,
        r.n_pupils_within_10km,
        r.share_within_10km,
        r.n_pupils_unplaced,
        r.n_vestigingen_offering,
        r.n_vestigingen_unplaced
    from {{ ref('int_reachability__lj3') }} as r
    left join {{ ref('stg_reference__profielen') }} as p on p.profiel = r.profiel
)

select {{ contract_columns() }}
from final
