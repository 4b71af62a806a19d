{#- The item catalogue: one row per survey x report table x item (docs/surveys.md). -#}
select
    survey_id,
    table_id,
    item_id,
    item_text_nl,
    scale_id,
    coalesce(top_codes, '') as top_codes,
    source_line
from (
    {{ reference_rows('survey_items', ['survey_id', 'table_id', 'item_id', 'item_text_nl', 'scale_id', 'top_codes', 'source_line']) }}
) as items
