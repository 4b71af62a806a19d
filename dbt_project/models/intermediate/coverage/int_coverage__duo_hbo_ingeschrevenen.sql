{#- Every raw row of DUO's hbo file duo_hbo_ingeschrevenen, classified against catalog G17's enrolled
    students (teacher_pipeline_enrolled): counted when in the newest edition of its studiejaar and a
    technical teacher-training programme (macro coverage_duo_hbo, which mirrors stg_duo__hbo_ingeschrevenen
    and int_lerarenopleidingen__jaar). -#}
{{ coverage_duo_hbo('duo_hbo_ingeschrevenen', 'stg_duo__hbo_ingeschrevenen') }}
