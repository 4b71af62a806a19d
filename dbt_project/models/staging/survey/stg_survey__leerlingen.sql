{#- Pupil answers, one row per respondent x item x wave, typed to the common survey shape (bouw_groep =
    onderbouw | bovenbouw_zonder_techniek | bovenbouw_met_techniek). -#}
{{ survey_source_answers('LL', 'enquete_leerlingen', bouw_groep='bouw_groep') }}
