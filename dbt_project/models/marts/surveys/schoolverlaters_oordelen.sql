{#- Tabellen B3.10 and B3.11: school-leaver judgements per meting x item x profielgroep x leerweg
    (bb/kb/gl; NULL = all three): unweighted respondents who answered, weighted total and the weighted
    share answering 4 or 5. -#}
with answers as (
    {{ leerweg_and_total(ref('int_schoolverlaters__items')) }}
),

final as (
    select
        meting,
        indicator_id,
        item,
        profielgroep,
        lw as leerweg,
        count(*) as n_respondents,
        sum(weegfactor) as weighted_n,
        100.0 * sum(case when is_positief then weegfactor else 0 end) / nullif(sum(weegfactor), 0) as positive_share
    from answers
    where profielgroep in ('techniek', 'niet-techniek')
    group by meting, indicator_id, item, profielgroep, lw
)

select {{ contract_columns() }}
from final
