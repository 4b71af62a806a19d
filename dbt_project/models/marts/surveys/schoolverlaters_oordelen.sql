{#- Tabellen B3.10 and B3.11: school-leaver judgements per meting x item x profielgroep x leerweg
    (bb/kb/gl; NULL = all three): unweighted respondents who answered, weighted total and the weighted
    share answering 4 or 5. -#}
with answers as (
    select a.*, a.leerweg as lw from {{ ref('int_schoolverlaters__items') }} as a
    union all
    select a.*, cast(null as string) as lw from {{ ref('int_schoolverlaters__items') }} as a
    where a.leerweg in ('bb', 'kb', 'gl')
)

select
    cast(meting as integer) as meting,
    cast(indicator_id as string) as indicator_id,
    cast(item as string) as item,
    cast(profielgroep as string) as profielgroep,
    cast(lw as string) as leerweg,
    cast(count(*) as integer) as n_respondents,
    cast(sum(weegfactor) as double) as weighted_n,
    cast(100.0 * sum(case when is_positief then weegfactor else 0 end) / nullif(sum(weegfactor), 0) as double)
        as positive_share
from answers
where profielgroep in ('techniek', 'niet-techniek')
group by meting, indicator_id, item, profielgroep, lw
