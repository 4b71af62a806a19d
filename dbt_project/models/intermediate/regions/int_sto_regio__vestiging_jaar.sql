{#- The STO region of each vestiging in each schooljaar: the membership valid on the peildatum
    (1 October; geldig_van <= peildatum <= geldig_tot, open ends allowed). A vestiging without a
    valid membership has no row here (it is "buiten STO-verband"). -#}
with years as (
    select distinct
        schooljaar,
        cast(cast(schooljaar as string) || '-10-01' as date) as peildatum
    from {{ ref('stg_duo__leerlingen_vestiging') }}
),

membership as (
    select * from {{ ref('int_sto_regio__membership') }}
)

select
    years.schooljaar,
    membership.vestiging_id,
    membership.sto_regio_id,
    membership.regio_naam,
    membership.is_techniekluw,
    membership.is_illustrative
from years
inner join membership
    on (membership.geldig_van is null or membership.geldig_van <= years.peildatum)
    and (membership.geldig_tot is null or membership.geldig_tot >= years.peildatum)
