{#- Tabel B3.7 (+ B3.17): keuzevak / profielmodule exams of leerjaar-4 bb/kb/gl pupils with a profile,
    per owning profile (all ten, 'onbekend' for vakcodes missing from the reference list; row
    keuzevak_profiel NULL = total of the five technical profiles), with the previous year's total, the
    split by technical / non-technical pupils and own-profile pupils. -#}
with e as (
    select * from {{ ref('int_keuzevak__exams') }} where leerling_profielgroep in ('techniek', 'niet-techniek')
),

rows_ as (
    select schooljaar, coalesce(keuzevak_profiel, 'onbekend') as keuzevak_profiel, keuzevak_profielgroep,
        count(*) as n_exams,
        sum(case when leerling_profielgroep = 'techniek' then 1 else 0 end) as n_by_tech_pupils,
        sum(case when leerling_profielgroep = 'niet-techniek' then 1 else 0 end) as n_by_nontech_pupils,
        sum(case when leerling_profiel = keuzevak_profiel then 1 else 0 end) as n_by_own_profile_pupils
    from e group by schooljaar, coalesce(keuzevak_profiel, 'onbekend'), keuzevak_profielgroep
    union all
    select schooljaar, null, 'techniek', count(*),
        sum(case when leerling_profielgroep = 'techniek' then 1 else 0 end),
        sum(case when leerling_profielgroep = 'niet-techniek' then 1 else 0 end),
        sum(case when leerling_profiel = keuzevak_profiel then 1 else 0 end)
    from e where is_technisch_keuzevak group by schooljaar
),

final as (
    select
        r.*,
        prev.n_exams as n_exams_previous_year,
        100.0 * r.n_by_own_profile_pupils / r.n_exams as own_profile_share,
        100.0 * r.n_by_nontech_pupils / r.n_exams as nontech_pupils_share
    from rows_ as r
    left join rows_ as prev
        on prev.schooljaar = r.schooljaar - 1
        and {{ same_cell('prev', 'r', ['keuzevak_profiel', 'keuzevak_profielgroep']) }}
)

select {{ contract_columns() }}
from final
