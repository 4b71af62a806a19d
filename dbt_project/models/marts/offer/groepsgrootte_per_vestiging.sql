{#- Topic mart mirroring Tabel B3.3: per schooljaar x leerweg x profiel, the vestigingen inside an STO
    region that offer it, their distribution over group-size bands (leerjaar-3 pupils per vestiging:
    1-5, 6-10, 11-20, 21-30, >30; pct_lt11 = at most 10) and the mean, this year and last year. -#}
with v as (
    select * from {{ ref('int_vestiging__offer_lj3') }} where is_in_sto_regio
),

agg as (
    select
        schooljaar, leerweg, profiel,
        max(profielgroep) as profielgroep,
        count(*) as n_vestigingen,
        sum(n_pupils) as n_pupils,
        sum(case when n_pupils <= 5 then 1 else 0 end) as n_1_5,
        sum(case when n_pupils > 5 and n_pupils <= 10 then 1 else 0 end) as n_6_10,
        sum(case when n_pupils > 10 and n_pupils <= 20 then 1 else 0 end) as n_11_20,
        sum(case when n_pupils > 20 and n_pupils <= 30 then 1 else 0 end) as n_21_30,
        sum(case when n_pupils > 30 then 1 else 0 end) as n_gt30,
        bool_or(is_illustrative_regio) as is_illustrative
    from v
    group by schooljaar, leerweg, profiel
),

final as (
    select
        a.schooljaar,
        a.leerweg,
        a.profielgroep,
        a.profiel,
        a.n_vestigingen,
        a.n_pupils,
        100.0 * a.n_1_5 / a.n_vestigingen as pct_1_5,
        100.0 * a.n_6_10 / a.n_vestigingen as pct_6_10,
        100.0 * a.n_11_20 / a.n_vestigingen as pct_11_20,
        100.0 * a.n_21_30 / a.n_vestigingen as pct_21_30,
        100.0 * a.n_gt30 / a.n_vestigingen as pct_gt30,
        100.0 * (a.n_1_5 + a.n_6_10) / a.n_vestigingen as pct_lt11,
        a.n_pupils / a.n_vestigingen as mean_pupils,
        prev.n_pupils / prev.n_vestigingen as mean_pupils_prev_year,
        a.is_illustrative
    from agg as a
    left join agg as prev
        on prev.schooljaar = a.schooljaar - 1 and prev.leerweg = a.leerweg and prev.profiel = a.profiel
)

select {{ contract_columns() }}
from final
