{#- The flows of the stroomdiagrammen (Sankey) from vmbo to the next schooljaar: leerjaar-4 pupils of
    schooljaar t in bb/kb/gl with a profile, from their profielgroep / profile to where they are on the
    peildatum of t+1 (int_doorstroom__lj4): naar = mbo_techniek / mbo_overig (an mbo programme with /
    without DUO techniek-indicatie, as E2/E3 techniek_indicatie) | havo_vwo | vmbo | overig, and for mbo
    the programme's sectorkamer (national rows only). Nationally (sto_regio_id NULL) and per STO region
    (the region of the pupil's vestiging on the peildatum of t). NULL in van_profiel / naar /
    naar_sectorkamer / van_profielgroep = all. -#}
with cohort as (
    select
        schooljaar,
        sto_regio_id,
        profielgroep as van_profielgroep,
        profiel as van_profiel,
        case
            when bestemming in ('mbo_bol', 'mbo_bbl') and is_techniek_indicatie then 'mbo_techniek'
            when bestemming in ('mbo_bol', 'mbo_bbl') then 'mbo_overig'
            else bestemming
        end as naar,
        case when bestemming in ('mbo_bol', 'mbo_bbl') then coalesce(mbo_sectorkamer, 'onbekend') end
            as naar_sectorkamer
    from {{ ref('int_doorstroom__lj4') }}
    where leerweg in ('bb', 'kb', 'gl') and profielgroep in ('techniek', 'niet-techniek')
),

national as (
    select schooljaar, cast(null as string) as sto_regio_id, van_profielgroep, van_profiel, naar,
           cast(null as string) as naar_sectorkamer, count(*) as n_pupils
    from cohort
    group by grouping sets (
        (schooljaar, van_profielgroep, van_profiel, naar),
        (schooljaar, van_profielgroep, van_profiel),
        (schooljaar, van_profielgroep, naar),
        (schooljaar, van_profielgroep),
        (schooljaar, naar),
        (schooljaar)
    )
),

national_sectors as (
    select schooljaar, cast(null as string) as sto_regio_id, van_profielgroep, van_profiel, naar,
           naar_sectorkamer, count(*) as n_pupils
    from cohort
    where naar_sectorkamer is not null
    group by grouping sets (
        (schooljaar, van_profielgroep, van_profiel, naar, naar_sectorkamer),
        (schooljaar, van_profielgroep, naar, naar_sectorkamer),
        (schooljaar, naar, naar_sectorkamer)
    )
),

regional as (
    select schooljaar, sto_regio_id, van_profielgroep, van_profiel, naar,
           cast(null as string) as naar_sectorkamer, count(*) as n_pupils
    from cohort
    where sto_regio_id is not null
    group by grouping sets (
        (schooljaar, sto_regio_id, van_profielgroep, van_profiel, naar),
        (schooljaar, sto_regio_id, van_profielgroep, van_profiel),
        (schooljaar, sto_regio_id, van_profielgroep, naar),
        (schooljaar, sto_regio_id, van_profielgroep),
        (schooljaar, sto_regio_id, naar),
        (schooljaar, sto_regio_id)
    )
),

final as (
    select
        schooljaar,
        sto_regio_id,
        van_profielgroep,
        van_profiel,
        naar,
        naar_sectorkamer,
        n_pupils
    from (
        select * from national
        union all
        select * from national_sectors
        union all
        select * from regional
    ) as flows
)

select {{ contract_columns() }}
from final
