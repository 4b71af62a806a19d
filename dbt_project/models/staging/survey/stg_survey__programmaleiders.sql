{#- Programme-leader answers, one row per respondent x item x wave, typed to the common survey shape. -#}
select
    'PL' as survey_id,
    cast(golf as integer) as wave,
    respondent_id,
    sto_regio_id,
    toedelingswijze,
    cast(null as string) as technisch_vak,
    cast(null as string) as bouw_groep,
    item_id,
    antwoord as answer_code,
    _source_file,
    _source_row,
    _load_id
from {{ source('survey', 'enquete_programmaleiders') }}
