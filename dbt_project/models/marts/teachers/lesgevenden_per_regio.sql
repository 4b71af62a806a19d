{#- Topic mart mirroring Figures B4.4 (technical) and B4.14 (non-technical): mean number of lesgevenden per STO regions
    with at least one such person, per schooljaar x profiel, profielgroep (profiel NULL) and total. -#}
{{ teachers_mean_per_unit('sto_regio', 'n_regions', 'persons_per_regio') }}
