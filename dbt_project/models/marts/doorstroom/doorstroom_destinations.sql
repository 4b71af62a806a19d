{#- Tabel B3.18: destination on the peildatum of t+1 of leerjaar-4 pupils of t, per profile x leerweg
    (bb/kb/gl; all ten profiles, profiel NULL = all), with counts and percentages. -#}
with final as (
    select
        schooljaar,
        profiel,
        leerweg,
        breakdown_value as bestemming,
        numerator as n_pupils,
        denominator as n_cohort,
        value as share
    from {{ ref('int_indicator_values__doorstroom') }}
    where indicator_id = 'destination_after_lj4' and leerweg is not null
)

select {{ contract_columns() }}
from final
