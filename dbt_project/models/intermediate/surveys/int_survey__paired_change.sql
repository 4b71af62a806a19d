{#- Change of a rapportcijfer between two waves on the panel (Tabellen 4.4 and B1.5, «cijfer 2025 min
    cijfer 2021»): per paired table x item x earlier wave the panel respondents with a valid numeric
    answer in both the table's last wave and the earlier wave, and how many of them gave at least 2
    points more / less in the last wave. Only items on a 10-point grade scale (numeric range >= 9).
    Aggregated: no respondent ids (docs/surveys.md). -#}
with {{ survey_table_answers() }},

grade_scales as (
    select scale_id
    from {{ ref('stg_reference__survey_scales') }}
    where is_valid and numeric_value is not null
    group by scale_id
    having max(numeric_value) - min(numeric_value) >= 9
),

panel_answers as (
    select a.survey_id, a.table_id, a.wave, a.item_id, a.population, a.respondent_id, a.numeric_value
    from table_answers as a
    inner join survey_tables as t on t.survey_id = a.survey_id and t.table_id = a.table_id
    inner join grade_scales as g on g.scale_id = a.scale_id
    where t.comparison = 'paired' and a.population <> 'all' and a.group_dimension = 'all'
        and a.numeric_value is not null
),

last_wave as (
    select survey_id, table_id, max(wave) as wave from panel_answers group by survey_id, table_id
),

pairs as (
    select
        l.survey_id,
        l.table_id,
        l.wave,
        e.wave as compared_wave,
        l.item_id,
        l.population,
        l.numeric_value - e.numeric_value as diff
    from panel_answers as l
    inner join last_wave as w on w.survey_id = l.survey_id and w.table_id = l.table_id and w.wave = l.wave
    inner join panel_answers as e
        on e.survey_id = l.survey_id and e.table_id = l.table_id and e.item_id = l.item_id
        and e.respondent_id = l.respondent_id and e.wave < l.wave
)

select
    survey_id,
    table_id,
    wave,
    compared_wave,
    item_id,
    population,
    count(*) as n_pairs,
    sum(case when diff >= 2 then 1 else 0 end) as n_up_2plus,
    sum(case when diff <= -2 then 1 else 0 end) as n_down_2plus
from pairs
group by survey_id, table_id, wave, compared_wave, item_id, population
