{#- Every raw row of CBS's aggregate of the education of lesgevenden, classified against catalog G13
    (kenmerk opleidingsniveau) and G14 (opleidingsrichting): counted when staging keeps it (the newest load
    of its peiljaar, stg_cbs__lesgevenden_opleiding; every kept row is a category of a G13 / G14 cell).
    aantal = its persons as published; CBS's `<10` is its one suppressed cell. -#}
{{ coverage_rows_kept_by(
    'cbs', 'cbs_lesgevenden_opleiding', 'stg_cbs__lesgevenden_opleiding',
    'superseded: a newer file holds the peiljaar',
    columns=['aantal_personen'],
    aantal="case when aantal_personen <> '<10' then cast(aantal_personen as bigint) end",
    n_suppressed_cells="case when aantal_personen = '<10' then 1 else 0 end",
) }}
