{#- Tabel B3.18: destination on the peildatum of t+1 of leerjaar-4 pupils of t, per profile x leerweg
    (bb/kb/gl; all ten profiles, profiel NULL = all), with counts and percentages. -#}
select
    cast(schooljaar as integer) as schooljaar,
    cast(profiel as string) as profiel,
    cast(leerweg as string) as leerweg,
    cast(breakdown_value as string) as bestemming,
    cast(numerator as integer) as n_pupils,
    cast(denominator as integer) as n_cohort,
    cast(value as double) as share
from {{ ref('int_indicator_values__doorstroom') }}
where indicator_id = 'destination_after_lj4' and leerweg is not null
