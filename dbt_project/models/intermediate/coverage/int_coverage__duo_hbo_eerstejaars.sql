{#- Every raw row of DUO's hbo file duo_hbo_eerstejaars, classified against catalog G17's first-year
    students (teacher_pipeline_first_year_students; the cohorts of the graduates forecast): counted when in
    the newest edition of its studiejaar and a technical teacher-training programme (macro coverage_duo_hbo,
    which mirrors stg_duo__hbo_eerstejaars and int_lerarenopleidingen__jaar). -#}
{{ coverage_duo_hbo('duo_hbo_eerstejaars', 'stg_duo__hbo_eerstejaars') }}
