{#- Answer scales of the surveys: one row per scale x answer code (docs/surveys.md). -#}
select
    scale_id,
    answer_code,
    answer_label,
    cast(volgorde as integer) as volgorde,
    cast(nullif(numeric_value, '') as double) as numeric_value,
    is_valid = 'J' as is_valid
from (
    {{ reference_rows('survey_scales', ['scale_id', 'answer_code', 'answer_label', 'volgorde', 'numeric_value', 'is_valid']) }}
) as scales
