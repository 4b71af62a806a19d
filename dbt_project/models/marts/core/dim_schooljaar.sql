{#- Every schooljaar present in the warehouse's pupil data. -#}
with years as (
    select distinct schooljaar from {{ ref('stg_duo__leerlingen_vestiging') }}
)

select
    cast(schooljaar as integer) as schooljaar,
    cast(schooljaar as string) || '/' || cast(schooljaar + 1 as string) as label,
    cast(cast(schooljaar as string) || '-10-01' as date) as peildatum
from years
