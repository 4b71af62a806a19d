{#- The STO region of each BRIN in the teacher extract, per schooljaar. Teacher data are BRIN-level,
    region membership is per vestiging (brin || vestigingsnummer) valid on the peildatum. A BRIN whose
    vestigingen lie in several regions goes to the region holding most of them; ties go to the lowest
    sto_regio_id. A BRIN without any valid vestiging in the list has no region (not in this model). -#}
with brins as (
    select schooljaar, brin, min(peildatum) as peildatum
    from {{ ref('stg_ipto__lesgevenden') }}
    group by schooljaar, brin
),

members as (
    select
        brins.schooljaar,
        brins.brin,
        regio.sto_regio_id,
        count(distinct regio.vestiging_id) as n_vestigingen
    from brins
    inner join {{ ref('stg_reference__sto_regio_vestigingen') }} as regio
        on regio.brin = brins.brin
        and regio.geldig_van <= brins.peildatum
        and (regio.geldig_tot is null or regio.geldig_tot >= brins.peildatum)
    group by brins.schooljaar, brins.brin, regio.sto_regio_id
),

ranked as (
    select
        *,
        row_number() over (partition by schooljaar, brin order by n_vestigingen desc, sto_regio_id) as rang,
        count(*) over (partition by schooljaar, brin) as n_candidate_regions
    from members
)

select schooljaar, brin, sto_regio_id, n_vestigingen, n_candidate_regions
from ranked
where rang = 1
