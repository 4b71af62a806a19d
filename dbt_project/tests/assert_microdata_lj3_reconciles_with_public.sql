{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'stg_duo__inschrijvingen_vo'}}}) }}
{#- Reconciliation (warn): for every schooljaar present in the microdata extract, the leerjaar-3
    pupils per vestiging x element code x geslacht in duo_inschrijvingen_vo equal the public DUO
    pupil file, except where the public cell is `<5` (then the microdata count must be 1-4).
    Returns the cells that differ. -#}
with micro as (
    select schooljaar, vestiging_id, elementcode, geslacht, count(*) as n_micro
    from {{ ref('stg_duo__inschrijvingen_vo') }}
    where leerjaar = 3
    group by schooljaar, vestiging_id, elementcode, geslacht
),

micro_years as (
    select distinct schooljaar from micro
),

public as (
    select schooljaar, vestiging_id, elementcode, geslacht,
           sum(aantal) as n_public, bool_or(is_suppressed_at_source) as is_suppressed
    from {{ ref('stg_duo__leerlingen_vestiging') }}
    where leerjaar = 3 and schooljaar in (select schooljaar from micro_years)
    group by schooljaar, vestiging_id, elementcode, geslacht
)

select
    coalesce(micro.schooljaar, public.schooljaar) as schooljaar,
    coalesce(micro.vestiging_id, public.vestiging_id) as vestiging_id,
    coalesce(micro.elementcode, public.elementcode) as elementcode,
    coalesce(micro.geslacht, public.geslacht) as geslacht,
    micro.n_micro,
    public.n_public,
    public.is_suppressed
from micro
full outer join public
    on micro.schooljaar = public.schooljaar and micro.vestiging_id = public.vestiging_id
    and micro.elementcode = public.elementcode and micro.geslacht = public.geslacht
where case
    when public.is_suppressed then coalesce(micro.n_micro, 0) not between 1 and 4
    else coalesce(micro.n_micro, 0) <> coalesce(public.n_public, 0)
end
