{#- Tabel B3.9: exams per profile offering the keuzevak (row) x profile of the pupil (column), with the
    column percentage. Long form; pivot in the BI tool. -#}
with e as (
    select * from {{ ref('int_keuzevak__exams') }} where leerling_profielgroep in ('techniek', 'niet-techniek')
),

cells as (
    select schooljaar, coalesce(keuzevak_profiel, 'onbekend') as keuzevak_profiel, leerling_profiel, count(*) as n
    from e group by schooljaar, coalesce(keuzevak_profiel, 'onbekend'), leerling_profiel
)

select
    cast(schooljaar as integer) as schooljaar,
    cast(keuzevak_profiel as string) as keuzevak_profiel,
    cast(leerling_profiel as string) as leerling_profiel,
    cast(n as integer) as n_exams,
    cast(100.0 * n / sum(n) over (partition by schooljaar, leerling_profiel) as double) as column_share
from cells
