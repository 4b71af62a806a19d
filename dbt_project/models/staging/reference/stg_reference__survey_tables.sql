{#- The report's survey tables: population, grouping, waves and significance test (docs/surveys.md). -#}
select
    survey_id,
    table_id,
    title_nl,
    population,
    group_dimension,
    waves,
    comparison,
    nullif(reference, '') as reference,
    source_lines
from (
    {{ reference_rows('survey_tables', ['survey_id', 'table_id', 'title_nl', 'population', 'group_dimension', 'waves', 'comparison', 'reference', 'source_lines']) }}
) as survey_tables
