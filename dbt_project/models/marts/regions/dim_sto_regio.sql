{#- Conformed dimension of STO regions: one row per region of the membership list in use (the
    delivered list, or the ILLUSTRATIVE COROP-based one when none is delivered: is_illustrative). -#}
with membership as (
    select * from {{ ref('int_sto_regio__membership') }}
),

current_members as (
    -- Vestigingen that are members on the peildatum of the latest schooljaar in the warehouse.
    select sto_regio_id, count(distinct vestiging_id) as n_vestigingen
    from {{ ref('int_sto_regio__vestiging_jaar') }}
    where schooljaar = (select max(schooljaar) from {{ ref('int_sto_regio__vestiging_jaar') }})
    group by sto_regio_id
),

final as (
    select
        m.sto_regio_id,
        max(m.regio_naam) as naam,
        bool_or(m.is_techniekluw) as is_techniekluw,
        min(m.geldig_van) as geldig_van,
        case when bool_or(m.geldig_tot is null) then null else max(m.geldig_tot) end as geldig_tot,
        count(distinct m.vestiging_id) as n_vestigingen_ooit,
        coalesce(max(c.n_vestigingen), 0) as n_vestigingen,
        bool_or(m.is_illustrative) as is_illustrative
    from membership as m
    left join current_members as c on c.sto_regio_id = m.sto_regio_id
    group by m.sto_regio_id
)

select {{ contract_columns() }}
from final
