{#- Programme-leader answers, one row per respondent x item x wave, typed to the common survey shape. -#}
{{ survey_source_answers('PL', 'enquete_programmaleiders', toedelingswijze='toedelingswijze') }}
