{#- Doorstroom after leerjaar 4 (catalog E): every pupil in leerjaar 4 of vmbo (bb, kb, gl; and tl for
    E6) on the peildatum of schooljaar t, with where they are on the peildatum of t+1.

    Destination, first match wins:
      1. mbo_bol / mbo_bbl - an mbo enrolment at t+1. A student with several enrolments gets ONE,
         chosen deterministically: highest niveau, then BOL before BBL, then lowest opleidingscode,
         then lowest brin (n_mbo_inschrijvingen keeps how many there were).
      2. havo_vwo - a vo enrolment at t+1 whose element code is not a vmbo code (not in element_codes).
      3. vmbo     - a vo enrolment at t+1 with a vmbo element code ("blijft in vmbo").
      4. overig   - no vo or mbo enrolment at t+1 (elders / onbekend).
    Only schooljaren t for which both the vo and the mbo extract of t+1 are loaded get rows: the last
    schooljaar has no t+1 and therefore no doorstroom. -#}
{{ config(**incremental_by_schooljaar([0, 1])) }}
with vo as (
    select * from {{ ref('stg_duo__inschrijvingen_vo') }}
    {{ schooljaar_filter(reads=[0, 1]) }}
),

codes as (
    select * from {{ ref('stg_reference__element_codes') }}
),

profielen as (
    select * from {{ ref('stg_reference__profielen') }}
),

mbo as (
    select * from {{ ref('stg_duo__inschrijvingen_mbo') }}
    {{ schooljaar_filter(reads=[1, 1]) }}
),

next_years as (
    select distinct vo.schooljaar - 1 as schooljaar
    from vo
    where vo.schooljaar in (select schooljaar from mbo)
),

cohort as (
    select
        vo.schooljaar,
        vo.leerling_id,
        vo.vestiging_id,
        vo.elementcode,
        codes.leerweg,
        codes.profiel,
        case
            when codes.programma = 'profiel' then coalesce(profielen.profielgroep, 'onbekend')
            else codes.programma
        end as profielgroep,
        vo.geslacht,
        vo.heeft_migratieachtergrond,
        vo._source_file,
        vo._source_row
    from vo
    inner join codes on vo.elementcode = codes.elementcode
    left join profielen on codes.profiel = profielen.profiel
    where vo.leerjaar = 4
        and codes.leerweg in ('bb', 'kb', 'gl', 'tl')
        and vo.schooljaar in (select schooljaar from next_years)
        {{ schooljaar_filter('vo.schooljaar', keyword='and') }}
),

mbo_ranked as (
    select
        mbo.*,
        count(*) over (partition by mbo.schooljaar, mbo.leerling_id) as n_enrolments,
        {{ mbo_enrolment_rank() }} as rn
    from mbo
),

mbo_next as (
    select * from mbo_ranked where rn = 1
),

vo_next as (
    select vo.schooljaar, vo.leerling_id, vo.elementcode, codes.elementcode is not null as is_vmbo
    from vo
    left join codes on vo.elementcode = codes.elementcode
),

keuzevak as (
    select schooljaar, leerling_id, max(case when is_technisch_keuzevak then 1 else 0 end) = 1 as has_tech_keuzevak
    from {{ ref('int_keuzevak__exams') }}
    {{ schooljaar_filter() }}
    group by schooljaar, leerling_id
)

select
    cohort.schooljaar,
    cohort.leerling_id,
    cohort.vestiging_id,
    regio.sto_regio_id,
    cohort.elementcode,
    cohort.leerweg,
    cohort.profiel,
    cohort.profielgroep,
    cohort.geslacht,
    cohort.heeft_migratieachtergrond,
    coalesce(keuzevak.has_tech_keuzevak, false) as has_tech_keuzevak,
    case
        when mbo_next.leerling_id is not null then 'mbo_' || mbo_next.leerweg_mbo
        when vo_next.leerling_id is not null and not vo_next.is_vmbo then 'havo_vwo'
        when vo_next.leerling_id is not null then 'vmbo'
        else 'overig'
    end as bestemming,
    mbo_next.opleidingscode as mbo_opleidingscode,
    mbo_next.niveau as mbo_niveau,
    mbo_next.leerweg_mbo,
    coalesce(mbo_next.n_enrolments, 0) as n_mbo_inschrijvingen,
    opleidingen.sectorkamer as mbo_sectorkamer,
    coalesce(opleidingen.is_techniek_sectorkamer, false) as is_techniek_sectorkamer,
    coalesce(opleidingen.is_techniek_indicatie, false) as is_techniek_indicatie,
    mbo_next.leerling_id is not null and opleidingen.opleidingscode is null as is_opleidingscode_onbekend,
    cohort._source_file,
    cohort._source_row
from cohort
left join mbo_next on mbo_next.leerling_id = cohort.leerling_id and mbo_next.schooljaar = cohort.schooljaar + 1
left join vo_next on vo_next.leerling_id = cohort.leerling_id and vo_next.schooljaar = cohort.schooljaar + 1
left join {{ ref('stg_reference__mbo_opleidingen') }} as opleidingen on mbo_next.opleidingscode = opleidingen.opleidingscode
left join keuzevak on keuzevak.leerling_id = cohort.leerling_id and keuzevak.schooljaar = cohort.schooljaar
left join {{ ref('int_vestiging__regio_microdata') }} as regio
    on regio.vestiging_id = cohort.vestiging_id and regio.schooljaar = cohort.schooljaar
