{#- Every schooljaar present in the warehouse's pupil data. -#}
with years as (
    select distinct schooljaar from {{ ref('stg_duo__leerlingen_vestiging') }}
),

final as (
    select
        schooljaar,
        cast(schooljaar as string) || '/' || cast(schooljaar + 1 as string) as label,
        cast(schooljaar as string) || '-10-01' as peildatum
    from years
)

select {{ contract_columns() }}
from final
