{#- Figure B4.10's forecast (catalog G17): graduates of the technical teacher-training programmes (their
    total) for the four diplomajaren after the last one loaded, by both methods, with what each forecast
    rests on. A Lasso target year with too little history has prognose NULL and the reason (it is never
    in marts.indicator_values); the Lasso rows exist on DuckDB only (a dbt Python model). -#}
with forecasts as (
    select
        schooljaar,
        horizon,
        methode,
        prognose,
        cast({{ var('teacher_pipeline_cohort_lag', 3) }} as string) as lags,
        n_basisjaren,
        eerste_basisjaar,
        laatste_basisjaar,
        rendement,
        cast(null as double) as alpha,
        cast(null as string) as coefficienten,
        cast(null as string) as reden
    from {{ ref('int_lerarenopleidingen__prognose_cohort') }}
    {%- if target.type == 'duckdb' %}
    union all
    select
        schooljaar, horizon, methode, prognose, cast(lags as string), n_basisjaren, eerste_basisjaar,
        laatste_basisjaar, cast(null as double), cast(alpha as double), cast(coefficienten as string),
        cast(reden as string)
    from {{ ref('int_lerarenopleidingen__prognose_lasso') }}
    {%- endif %}
)

select {{ contract_columns() }}
from forecasts
