{#- Derived items: rules that compute per-respondent variables from answered items (docs/surveys.md). -#}
select
    survey_id,
    item_id,
    method,
    source_item_id,
    code,
    coalesce(source_codes, '') as source_codes,
    else_code,
    cast(nullif(threshold, '') as double) as threshold,
    coalesce(cast(nullif(min_answers, '') as integer), 1) as min_answers,
    source_line
from (
    {{ reference_rows('survey_derived_items', ['survey_id', 'item_id', 'method', 'source_item_id', 'code', 'source_codes', 'else_code', 'threshold', 'min_answers', 'source_line']) }}
) as derived_items
