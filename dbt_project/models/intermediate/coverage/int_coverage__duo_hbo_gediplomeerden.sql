{#- Every raw row of DUO's hbo file duo_hbo_gediplomeerden, classified against catalog G17's graduates
    (teacher_pipeline_graduates; the history of the graduates forecast): counted when in the newest edition
    of its diplomajaar and a technical teacher-training programme (macro coverage_duo_hbo, which mirrors
    stg_duo__hbo_gediplomeerden and int_lerarenopleidingen__jaar). -#}
{{ coverage_duo_hbo('duo_hbo_gediplomeerden', 'stg_duo__hbo_gediplomeerden') }}
