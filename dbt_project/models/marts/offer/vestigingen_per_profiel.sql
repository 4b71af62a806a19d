{#- Topic mart mirroring Tabel B3.5: per schooljaar x profiel, the vestigingen offering it in at
    least one of bb/kb/gl (leerjaar-3 pupils registered), of which outside every STO region, and the
    share of them offering it in bl, kl and gl. -#}
with vp as (
    select schooljaar, profiel, vestiging_id,
           max(profielgroep) as profielgroep,
           bool_or(is_in_sto_regio) as is_in_sto_regio,
           bool_or(is_illustrative_regio) as is_illustrative,
           bool_or(leerweg = 'bb') as in_bb, bool_or(leerweg = 'kb') as in_kb, bool_or(leerweg = 'gl') as in_gl
    from {{ ref('int_vestiging__offer_lj3') }}
    group by schooljaar, profiel, vestiging_id
),

final as (
    select
        schooljaar,
        profiel,
        max(profielgroep) as profielgroep,
        count(*) as n_vestigingen,
        sum(case when is_in_sto_regio then 0 else 1 end) as n_vestigingen_buiten_sto,
        sum(case when in_bb then 1 else 0 end) as n_vestigingen_bb,
        sum(case when in_kb then 1 else 0 end) as n_vestigingen_kb,
        sum(case when in_gl then 1 else 0 end) as n_vestigingen_gl,
        100.0 * sum(case when in_bb then 1 else 0 end) / count(*) as pct_bb,
        100.0 * sum(case when in_kb then 1 else 0 end) / count(*) as pct_kb,
        100.0 * sum(case when in_gl then 1 else 0 end) / count(*) as pct_gl,
        bool_or(is_illustrative) as is_illustrative
    from vp
    group by schooljaar, profiel
)

select {{ contract_columns() }}
from final
