{#- DUO open hbo data, duo_hbo_gediplomeerden: one row per diplomajaar (= schooljaar, as the file states it) x gemeente x
    instelling x opleiding x soort_diploma of the newest edition; `-1` kept as bounds 1..4 (macro duo_hbo_rows). -#}
{{ duo_hbo_rows('duo_hbo_gediplomeerden', 'diplomajaar', 'soort_diploma') }}
