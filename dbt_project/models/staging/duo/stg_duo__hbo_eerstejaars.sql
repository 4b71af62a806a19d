{#- DUO open hbo data, duo_hbo_eerstejaars: one row per studiejaar (= schooljaar, as the file states it) x gemeente x
    instelling x opleiding x type_hoger_onderwijs of the newest edition; `-1` kept as bounds 1..4 (macro duo_hbo_rows). -#}
{{ duo_hbo_rows('duo_hbo_eerstejaars', 'studiejaar', 'type_hoger_onderwijs') }}
