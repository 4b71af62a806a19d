{#- The STO region of each vestiging on the peildatum (1 October) of each schooljaar that occurs in
    the microdata: vestiging x schooljaar -> sto_regio_id. A vestiging in no region has no row. When
    (by error) a vestiging is in two regions on one date, the lowest sto_regio_id is taken. -#}
with schooljaren as (
    select distinct schooljaar from {{ ref('stg_duo__inschrijvingen_vo') }}
    union
    select distinct schooljaar from {{ ref('stg_duo__examens_vakken') }}
),

membership as (
    select
        schooljaren.schooljaar,
        regio.vestiging_id,
        min(regio.sto_regio_id) as sto_regio_id
    from {{ ref('stg_reference__sto_regio_vestigingen') }} as regio
    inner join schooljaren
        on regio.geldig_van <= cast(cast(schooljaren.schooljaar as string) || '-10-01' as date)
        and (regio.geldig_tot is null or regio.geldig_tot >= cast(cast(schooljaren.schooljaar as string) || '-10-01' as date))
    group by schooljaren.schooljaar, regio.vestiging_id
)

select * from membership
