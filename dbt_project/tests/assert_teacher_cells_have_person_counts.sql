{{ config(meta={'dagster': {'ref': {'name': 'lesgevenden_indicator_personen'}}}) }}
{#- Every teacher cell of marts.indicator_values (indicator ids teachers_*) has the person count that its
    small-cell suppression in a release needs (marts.lesgevenden_indicator_personen, same key columns).
    Returns the cells without one. -#}
select v.indicator_id, v.schooljaar, v.sto_regio_id, v.profiel, v.breakdown, v.breakdown_value
from {{ ref('indicator_values') }} as v
left join {{ ref('lesgevenden_indicator_personen') }} as p
    on p.indicator_id = v.indicator_id
    and p.schooljaar = v.schooljaar
    and {{ same_cell('p', 'v', ['sto_regio_id', 'profiel', 'breakdown', 'breakdown_value']) }}
where v.indicator_id like 'teachers%' and p.n_persons is null
