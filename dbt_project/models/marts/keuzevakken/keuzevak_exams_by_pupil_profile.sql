{#- Tabel B3.8: keuzevak / profielmodule exams taken by leerjaar-4 pupils, per the pupil's profile (all
    ten; leerling_profiel NULL = total of the five technical profiles), split by technical and
    non-technical keuzevakken (exams in unknown vakcodes are in neither) and within the own profile. -#}
with e as (
    select * from {{ ref('int_keuzevak__exams') }} where leerling_profielgroep in ('techniek', 'niet-techniek')
),

rows_ as (
    select schooljaar, leerling_profiel, leerling_profielgroep, count(*) as n_exams,
        sum(case when keuzevak_profielgroep = 'techniek' then 1 else 0 end) as n_in_tech_keuzevakken,
        sum(case when keuzevak_profielgroep = 'niet-techniek' then 1 else 0 end) as n_in_nontech_keuzevakken,
        sum(case when leerling_profiel = keuzevak_profiel then 1 else 0 end) as n_within_own_profile
    from e group by schooljaar, leerling_profiel, leerling_profielgroep
    union all
    select schooljaar, null, 'techniek', count(*),
        sum(case when keuzevak_profielgroep = 'techniek' then 1 else 0 end),
        sum(case when keuzevak_profielgroep = 'niet-techniek' then 1 else 0 end),
        sum(case when leerling_profiel = keuzevak_profiel then 1 else 0 end)
    from e where leerling_profielgroep = 'techniek' group by schooljaar
),

final as (
    select
        r.*,
        prev.n_exams as n_exams_previous_year,
        100.0 * r.n_in_tech_keuzevakken / r.n_exams as tech_keuzevakken_share,
        100.0 * r.n_in_nontech_keuzevakken / r.n_exams as nontech_keuzevakken_share,
        100.0 * r.n_within_own_profile / r.n_exams as own_profile_share
    from rows_ as r
    left join rows_ as prev
        on prev.schooljaar = r.schooljaar - 1
        and {{ same_cell('prev', 'r', ['leerling_profiel', 'leerling_profielgroep']) }}
)

select {{ contract_columns() }}
from final
