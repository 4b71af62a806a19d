{#- Catalog G17, forecast by the stated simple method ("cohortrendement"): graduates of diplomajaar t =
    first-year students of studiejaar t - L x the observed cohort yield, L = 3 (var
    teacher_pipeline_cohort_lag: the nominal four-year bachelor, entering 1 October y, gives a diploma of
    studiejaar y+3). Yield = sum of graduates / sum of first-year students L years earlier, over every
    diplomajaar t whose cohort t - L is loaded (totals of the technical programmes; DUO's `-1` at 2.5).
    Forecast for the four diplomajaren after the last one loaded, each only when its cohort t - L is
    loaded, and only when the yield rests on at least var teacher_pipeline_cohort_min_years (1) year. Typed by
    the contract of marts.lerarenopleidingen_prognose. -#}
{%- set lag = var('teacher_pipeline_cohort_lag', 3) -%}
{%- set min_years = var('teacher_pipeline_cohort_min_years', 1) -%}
with eerstejaars as (
    select schooljaar, n_schatting
    from {{ ref('int_lerarenopleidingen__jaar') }}
    where maat = 'eerstejaars' and opleidingscode = 'totaal' and n_schatting is not null
),

gediplomeerden as (
    select schooljaar, n_schatting
    from {{ ref('int_lerarenopleidingen__jaar') }}
    where maat = 'gediplomeerden' and opleidingscode = 'totaal' and n_schatting is not null
),

paren as (
    select gediplomeerden.schooljaar, gediplomeerden.n_schatting as n_gediplomeerden, eerstejaars.n_schatting as n_eerstejaars
    from gediplomeerden
    inner join eerstejaars on eerstejaars.schooljaar = gediplomeerden.schooljaar - {{ lag }}
),

rendement as (
    select
        sum(n_gediplomeerden) / nullif(sum(n_eerstejaars), 0) as rendement,
        count(*) as n_basisjaren,
        min(schooljaar) as eerste_basisjaar,
        max(schooljaar) as laatste_basisjaar
    from paren
),

doeljaren as (
    select laatste.schooljaar + horizon.h as schooljaar, horizon.h as horizon
    from (select max(schooljaar) as schooljaar from gediplomeerden) as laatste
    cross join (select 1 as h union all select 2 union all select 3 union all select 4) as horizon
    where laatste.schooljaar is not null
)

select
    doeljaren.schooljaar,
    doeljaren.horizon,
    'cohortrendement' as methode,
    eerstejaars.n_schatting * rendement.rendement as prognose,
    eerstejaars.schooljaar as cohort_studiejaar,
    eerstejaars.n_schatting as cohort_eerstejaars,
    rendement.rendement,
    rendement.n_basisjaren,
    rendement.eerste_basisjaar,
    rendement.laatste_basisjaar
from doeljaren
inner join eerstejaars on eerstejaars.schooljaar = doeljaren.schooljaar - {{ lag }}
cross join rendement
where rendement.n_basisjaren >= {{ min_years }} and rendement.rendement is not null
