{#- Every cell of the report's survey tables (docs/surveys.md): per survey x table x wave x item x
    population x group the answer counts, mean and variance of the numeric answers and the top-category
    count. Aggregated: no respondent ids. -#}
with {{ survey_table_answers() }}

select
    survey_id,
    table_id,
    wave,
    item_id,
    scale_id,
    population,
    group_dimension,
    group_value,
    count(*) as n_answers,
    sum(case when is_valid then 1 else 0 end) as n_valid,
    sum(case when is_top then 1 else 0 end) as n_top,
    bool_or(has_top) as has_top,
    avg(numeric_value) as mean_value,
    var_samp(numeric_value) as var_value,
    count(numeric_value) as n_numeric
from table_answers
group by survey_id, table_id, wave, item_id, scale_id, population, group_dimension, group_value
