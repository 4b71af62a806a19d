{#- Pupil answers, one row per respondent x item x wave, typed to the common survey shape (bouw_groep =
    onderbouw | bovenbouw_zonder_techniek | bovenbouw_met_techniek). -#}
select
    'LL' as survey_id,
    cast(golf as integer) as wave,
    respondent_id,
    sto_regio_id,
    cast(null as string) as toedelingswijze,
    cast(null as string) as technisch_vak,
    bouw_groep,
    item_id,
    antwoord as answer_code,
    _source_file,
    _source_row,
    _load_id
from {{ source('survey', 'enquete_leerlingen') }}
