{#- Tabel B3.9: exams per profile offering the keuzevak (row) x profile of the pupil (column), with the
    column percentage. Long form; pivot in the BI tool. -#}
with e as (
    select * from {{ ref('int_keuzevak__exams') }} where leerling_profielgroep in ('techniek', 'niet-techniek')
),

cells as (
    select schooljaar, coalesce(keuzevak_profiel, 'onbekend') as keuzevak_profiel, leerling_profiel, count(*) as n
    from e group by schooljaar, coalesce(keuzevak_profiel, 'onbekend'), leerling_profiel
),

final as (
    select
        schooljaar,
        keuzevak_profiel,
        leerling_profiel,
        n as n_exams,
        100.0 * n / sum(n) over (partition by schooljaar, leerling_profiel) as column_share
    from cells
)

select {{ contract_columns() }}
from final
