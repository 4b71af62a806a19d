{#- The report's survey tables (Tabellen 4.x, B1.x, 5.x, B2.1, 6.x) at their published grouping, long: one row
    per survey x table x wave x item x population x group x measure (x answer category for pct_category /
    count_category / pct_row, x compared wave for the change measures). n_respondents is the base of the
    value (answers for pct_category / count_category / pct_not_applicable, valid answers for pct_top / mean,
    respondents with that answer in all groups for pct_row, respondents with a valid grade in both waves
    for pct_up_2plus / pct_down_2plus); significance_flag '*' = significant (int_survey__significance),
    '' = tested and not significant, NULL = not tested.
    Releases suppress rows with n_respondents < 5 and their complementary group rows. -#}
with cells as (
    select * from {{ ref('int_survey__cells') }}
),

invalid_scales as (
    select distinct scale_id from {{ ref('stg_reference__survey_scales') }} where not is_valid
),

measures as (
    select
        survey_id, table_id, wave, item_id, population, group_dimension, group_value,
        'pct_category' as measure, answer_code, answer_label, volgorde as sort_order,
        n_answers as n, 100.0 * n_category / nullif(n_answers, 0) as value,
        cast(null as string) as compared_with
    from {{ ref('int_survey__category_counts') }}
    union all
    select
        survey_id, table_id, wave, item_id, population, group_dimension, group_value,
        'count_category', answer_code, answer_label, volgorde,
        n_answers, n_category, cast(null as string)
    from {{ ref('int_survey__category_counts') }}
    union all
    select
        survey_id, table_id, wave, item_id, population, group_dimension, group_value,
        'pct_top', cast(null as string), cast(null as string), 100,
        n_valid, 100.0 * n_top / nullif(n_valid, 0), cast(null as string)
    from cells
    where has_top
    union all
    select
        survey_id, table_id, wave, item_id, population, group_dimension, group_value,
        'mean', cast(null as string), cast(null as string), 101,
        n_numeric, mean_value, cast(null as string)
    from cells
    where n_numeric > 0
    union all
    select
        c.survey_id, c.table_id, c.wave, c.item_id, c.population, c.group_dimension, c.group_value,
        'pct_not_applicable', cast(null as string), cast(null as string), 102,
        c.n_answers, 100.0 * (c.n_answers - c.n_valid) / nullif(c.n_answers, 0), cast(null as string)
    from cells as c
    inner join invalid_scales as s on s.scale_id = c.scale_id
    union all
    select
        survey_id, table_id, wave, item_id, population, 'all', 'all',
        'pct_up_2plus', cast(null as string), cast(null as string), 103,
        n_pairs, 100.0 * n_up_2plus / nullif(n_pairs, 0), cast(compared_wave as string)
    from {{ ref('int_survey__paired_change') }}
    union all
    select
        survey_id, table_id, wave, item_id, population, 'all', 'all',
        'pct_down_2plus', cast(null as string), cast(null as string), 104,
        n_pairs, 100.0 * n_down_2plus / nullif(n_pairs, 0), cast(compared_wave as string)
    from {{ ref('int_survey__paired_change') }}
    union all
    {# cross-tabs (group_dimension 'item:<id>'): the report's row percentages, the distribution of the
        respondents with one answer over the groups (Tabellen 6.9-6.11); answers nobody gave have no row #}
    select
        survey_id, table_id, wave, item_id, population, group_dimension, group_value,
        'pct_row', answer_code, answer_label, volgorde, n_row, 100.0 * n_category / n_row, cast(null as string)
    from (
        select
            *,
            sum(n_category) over (
                partition by survey_id, table_id, wave, item_id, population, group_dimension, answer_code
            ) as n_row
        from {{ ref('int_survey__category_counts') }}
        where group_dimension like 'item:%' and group_value <> 'all'
    ) as crosstab
    where n_row > 0
),

final as (
    select
        m.survey_id,
        m.table_id,
        t.title_nl as table_title_nl,
        m.wave,
        m.item_id,
        i.item_text_nl,
        m.population,
        m.group_dimension,
        m.group_value,
        m.measure,
        m.answer_code,
        m.answer_label,
        m.sort_order,
        m.n as n_respondents,
        m.value,
        case when s.is_significant then '*' when s.test is not null then '' end as significance_flag,
        s.test as significance_test,
        coalesce(s.compared_with, m.compared_with) as compared_with,
        i.source_line
    from measures as m
    inner join {{ ref('stg_reference__survey_tables') }} as t on t.survey_id = m.survey_id and t.table_id = m.table_id
    inner join {{ ref('stg_reference__survey_items') }} as i
        on i.survey_id = m.survey_id and i.table_id = m.table_id and i.item_id = m.item_id
    left join {{ ref('int_survey__significance') }} as s
        on s.survey_id = m.survey_id and s.table_id = m.table_id and s.wave = m.wave and s.item_id = m.item_id
        and s.population = m.population and s.group_dimension = m.group_dimension
        and s.group_value = m.group_value and s.measure = m.measure
)

select {{ contract_columns() }}
from final
