{#- Significance tests of the report's survey tables (docs/surveys.md), alpha = 0.05 two-sided.
    comparison 'paired' (programme leaders, panel): each wave against the table's reference wave on the
    same respondents: McNemar with continuity correction on the top-category binary (pct_top), paired
    t-test on the numeric answers (mean). comparison 'independent' (teachers): each group against the
    reference group of the table's grouping: two-proportion z-test (pooled) on pct_top, Welch t-test on
    mean. Critical values: chi-square(1) 3.841459, normal 1.959964, t from seed survey_t_critical
    (df rounded down, capped at 1000). Aggregated: no respondent ids. -#}
with {{ survey_table_answers() }},

tested_tables as (
    select survey_id, table_id, comparison, reference
    from {{ ref('stg_reference__survey_tables') }}
    where comparison in ('paired', 'independent') and reference is not null
),

critical as (
    select df, t_0975 from {{ ref('survey_t_critical') }}
),

pairs as (
    select
        a.survey_id, a.table_id, a.item_id, a.population, a.group_dimension, a.group_value, a.wave,
        a.is_top as top_now,
        r.is_top as top_ref,
        a.has_top,
        a.numeric_value - r.numeric_value as diff
    from table_answers as a
    inner join tested_tables as t
        on t.survey_id = a.survey_id and t.table_id = a.table_id and t.comparison = 'paired'
    inner join table_answers as r
        on r.survey_id = a.survey_id and r.table_id = a.table_id and r.item_id = a.item_id
        and r.population = a.population and r.group_dimension = a.group_dimension
        and r.group_value = a.group_value and r.respondent_id = a.respondent_id
        and cast(r.wave as string) = t.reference
    where a.wave <> r.wave and a.is_valid and r.is_valid
),

paired_stats as (
    select
        survey_id, table_id, item_id, population, group_dimension, group_value, wave,
        count(*) as n_pairs,
        sum(case when top_now and not top_ref then 1 else 0 end) as n_up,
        sum(case when top_ref and not top_now then 1 else 0 end) as n_down,
        bool_or(has_top) as has_top,
        avg(diff) as mean_diff,
        var_samp(diff) as var_diff,
        count(diff) as n_diff
    from pairs
    group by survey_id, table_id, item_id, population, group_dimension, group_value, wave
),

paired_tests as (
    select
        p.survey_id, p.table_id, p.wave, p.item_id, p.population, p.group_dimension, p.group_value,
        'pct_top' as measure,
        'McNemar (continuity-corrected)' as test,
        cast(p.n_pairs as bigint) as n_compared,
        case when p.n_up + p.n_down > 0
            then power(greatest(abs(p.n_up - p.n_down) - 1, 0), 2) / (p.n_up + p.n_down) else 0 end
            as statistic,
        1 as df,
        3.841459 as critical_value
    from paired_stats as p
    where p.has_top
    union all
    select
        p.survey_id, p.table_id, p.wave, p.item_id, p.population, p.group_dimension, p.group_value,
        'mean' as measure,
        'paired t-test' as test,
        cast(p.n_diff as bigint) as n_compared,
        case when p.var_diff > 0 then p.mean_diff / sqrt(p.var_diff / p.n_diff)
            when p.mean_diff <> 0 then 1e9 * sign(p.mean_diff) else 0 end as statistic,
        p.n_diff - 1 as df,
        c.t_0975 as critical_value
    from paired_stats as p
    inner join critical as c on c.df = least(p.n_diff - 1, 1000)
    where p.n_diff >= 2
),

cells as (
    select * from {{ ref('int_survey__cells') }}
),

independent as (
    select
        c.*,
        t.reference,
        r.n_valid as n_ref,
        r.n_top as top_ref,
        r.mean_value as mean_ref,
        r.var_value as var_ref,
        r.n_numeric as n_numeric_ref
    from cells as c
    inner join tested_tables as t
        on t.survey_id = c.survey_id and t.table_id = c.table_id and t.comparison = 'independent'
    inner join cells as r
        on r.survey_id = c.survey_id and r.table_id = c.table_id and r.wave = c.wave and r.item_id = c.item_id
        and r.population = c.population and r.group_dimension = c.group_dimension and r.group_value = t.reference
    where c.group_dimension <> 'all' and c.group_value <> t.reference
),

independent_tests as (
    select
        survey_id, table_id, wave, item_id, population, group_dimension, group_value,
        'pct_top' as measure,
        'two-proportion z-test' as test,
        cast(n_valid + n_ref as bigint) as n_compared,
        case when pooled > 0 and pooled < 1
            then (cast(n_top as double) / n_valid - cast(top_ref as double) / n_ref)
                / sqrt(pooled * (1 - pooled) * (1.0 / n_valid + 1.0 / n_ref))
            else 0 end as statistic,
        cast(null as integer) as df,
        1.959964 as critical_value
    from (
        select *, cast(n_top + top_ref as double) / (n_valid + n_ref) as pooled
        from independent
        where has_top and n_valid > 0 and n_ref > 0
    ) as z
    union all
    select
        w.survey_id, w.table_id, w.wave, w.item_id, w.population, w.group_dimension, w.group_value,
        'mean' as measure,
        'Welch t-test' as test,
        cast(w.n_numeric + w.n_numeric_ref as bigint) as n_compared,
        (w.mean_value - w.mean_ref) / sqrt(w.se2) as statistic,
        w.df,
        c.t_0975 as critical_value
    from (
        select
            *,
            var_value / n_numeric + var_ref / n_numeric_ref as se2,
            cast(floor(
                power(var_value / n_numeric + var_ref / n_numeric_ref, 2)
                / (power(var_value / n_numeric, 2) / (n_numeric - 1)
                    + power(var_ref / n_numeric_ref, 2) / (n_numeric_ref - 1))
            ) as integer) as df
        from independent
        where n_numeric >= 2 and n_numeric_ref >= 2 and var_value + var_ref > 0
    ) as w
    inner join critical as c on c.df = least(greatest(w.df, 1), 1000)
)

select
    t.survey_id,
    t.table_id,
    t.wave,
    t.item_id,
    t.population,
    t.group_dimension,
    t.group_value,
    t.measure,
    t.test,
    case when tt.comparison = 'paired' then 'wave ' || tt.reference
        else t.group_dimension || ' = ' || tt.reference end as compared_with,
    t.n_compared,
    cast(t.statistic as double) as statistic,
    cast(t.df as integer) as df,
    cast(t.critical_value as double) as critical_value,
    abs(t.statistic) > t.critical_value as is_significant
from (
    select * from paired_tests
    union all
    select * from independent_tests
) as t
inner join tested_tables as tt on tt.survey_id = t.survey_id and tt.table_id = t.table_id
