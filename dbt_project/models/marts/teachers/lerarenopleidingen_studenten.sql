{#- Figure B4.10 (catalog G17): first-year students, enrolled students and graduates of the technical
    teacher-training programmes per year as DUO states it, per programme (CROHO code) and in total, with
    the bounds of cells holding DUO `-1` rows (1-4 students each) and how many rows DUO suppressed. -#}
select
    cast(schooljaar as integer) as schooljaar,
    cast(maat as string) as maat,
    cast(opleidingscode as string) as opleidingscode,
    cast(opleidingsnaam as string) as opleidingsnaam,
    cast(n_schatting as double) as n_studenten,
    cast(n_min as integer) as n_studenten_min,
    cast(n_max as integer) as n_studenten_max,
    cast(n_rows as integer) as n_bronregels,
    cast(n_suppressed_rows as integer) as n_bronregels_onderdrukt,
    cast(is_suppressed_at_source as boolean) as is_suppressed_at_source
from {{ ref('int_lerarenopleidingen__jaar') }}
