{#- Teacher answers, one row per respondent x item x wave, typed to the common survey shape
    (technisch_vak wel | niet). -#}
select
    'LG' as survey_id,
    cast(golf as integer) as wave,
    respondent_id,
    sto_regio_id,
    cast(null as varchar) as toedelingswijze,
    case technisch_vak when 'J' then 'wel' else 'niet' end as technisch_vak,
    cast(null as varchar) as bouw_groep,
    item_id,
    antwoord as answer_code,
    _source_file,
    _source_row,
    _load_id
from {{ source('surveys', 'enquete_lesgevenden') }}
