{#- Membership of vestigingen in STO regions, one row per vestiging per period.
    The delivered reference list (landing/reference/sto_regio_vestigingen.csv or the seed) when it
    has rows (is_illustrative false). Otherwise an ILLUSTRATIVE mapping (is_illustrative true), built
    deterministically from the latest DUO vestigingen snapshot: every vestiging with vmbo (VBO in
    ONDERWIJSSTRUCTUUR) belongs to the region of its COROP area (sto_regio_id 'ILL' + COROP code),
    for all years (geldig_van/geldig_tot NULL). It is NOT the real STO regions (no real mapping is
    public) and every output depending on it carries is_illustrative. -#}
with delivered as (
    select
        sto_regio_id,
        regio_naam,
        is_techniekluw,
        vestiging_id,
        geldig_van,
        geldig_tot,
        false as is_illustrative
    from {{ ref('stg_reference__sto_regio_vestigingen') }}
),

illustrative as (
    select
        'ILL' || coropgebied_code as sto_regio_id,
        'Illustratief: COROP ' || coalesce(coropgebied_naam, coropgebied_code) as regio_naam,
        false as is_techniekluw,
        vestiging_id,
        cast(null as date) as geldig_van,
        cast(null as date) as geldig_tot,
        true as is_illustrative
    from {{ ref('int_vestiging__latest_snapshot') }}
    where coropgebied_code is not null
      and upper(coalesce(onderwijsstructuur, '')) like '%VBO%'
)

select * from delivered
union all
select * from illustrative where not exists (select 1 from delivered)
