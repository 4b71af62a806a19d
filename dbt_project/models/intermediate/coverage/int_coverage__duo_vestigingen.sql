{#- Every raw row of DUO's "02. Alle vestigingen vo" (a vestiging in one snapshot), classified: counted
    when it is the snapshot row that describes the vestiging in the warehouse (the latest snapshot,
    int_vestiging__locatie, also used by dim_vestiging and the STO-region membership). -#}
{{ coverage_rows_kept_by(
    'duo', 'duo_vestigingen', 'int_vestiging__locatie',
    'older snapshot: a later snapshot describes the vestiging',
) }}
