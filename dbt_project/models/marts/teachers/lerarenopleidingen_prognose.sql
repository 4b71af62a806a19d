{#- Figure B4.10's forecast (catalog G17): graduates of the technical teacher-training programmes (their
    total) for the four diplomajaren after the last one loaded, by both methods, with what each forecast
    rests on. A Lasso target year with too little history has prognose NULL and the reason (it is never
    in marts.indicator_values); the Lasso rows exist on DuckDB only (a dbt Python model). -#}
select
    cast(schooljaar as integer) as schooljaar,
    cast(horizon as integer) as horizon,
    cast(methode as string) as methode,
    cast(prognose as double) as prognose,
    cast({{ var('teacher_pipeline_cohort_lag', 3) }} as string) as lags,
    cast(n_basisjaren as integer) as n_basisjaren,
    cast(eerste_basisjaar as integer) as eerste_basisjaar,
    cast(laatste_basisjaar as integer) as laatste_basisjaar,
    cast(rendement as double) as rendement,
    cast(null as double) as alpha,
    cast(null as string) as coefficienten,
    cast(null as string) as reden
from {{ ref('int_lerarenopleidingen__prognose_cohort') }}
{%- if target.type == 'duckdb' %}
union all
select
    cast(schooljaar as integer),
    cast(horizon as integer),
    cast(methode as string),
    cast(prognose as double),
    cast(lags as string),
    cast(n_basisjaren as integer),
    cast(eerste_basisjaar as integer),
    cast(laatste_basisjaar as integer),
    cast(null as double),
    cast(alpha as double),
    cast(coefficienten as string),
    cast(reden as string)
from {{ ref('int_lerarenopleidingen__prognose_lasso') }}
{%- endif %}
