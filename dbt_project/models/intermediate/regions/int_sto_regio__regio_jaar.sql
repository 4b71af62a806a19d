{#- The STO regions that exist in each schooljaar (at least one member vestiging on the peildatum),
    with their number of member vestigingen. Denominator of the regional shares (C3, C4). -#}
select
    schooljaar,
    sto_regio_id,
    max(regio_naam) as regio_naam,
    bool_or(is_techniekluw) as is_techniekluw,
    bool_or(is_illustrative) as is_illustrative,
    count(distinct vestiging_id) as n_vestigingen
from {{ ref('int_sto_regio__vestiging_jaar') }}
group by schooljaar, sto_regio_id
