{#- Topic mart mirroring Figures B4.3 (technical) and B4.13 (non-technical): mean number of lesgevenden per schools (BRIN)
    with at least one such person, per schooljaar x profiel, profielgroep (profiel NULL) and total. -#}
{{ teachers_mean_per_unit('school', 'n_schools', 'persons_per_school') }}
