{#- Conformed dimension of keuzevakken and profielmodules: the reference list in use (delivered or the
    versioned seed) with the owning profile and whether it is technical. -#}
with final as (
    select
        *,
        profiel as keuzevak_profiel,
        profielgroep as keuzevak_profielgroep
    from {{ ref('stg_reference__keuzevakken') }}
)

select {{ contract_columns() }}
from final
