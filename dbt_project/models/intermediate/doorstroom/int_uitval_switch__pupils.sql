{#- Uitval and switch (Tabel 1 "Uitval/switch op vmbo" and "op mbo"; not quantified in the report),
    defined from the microdata. One row per pupil and measure; the pupil's profiel, leerweg and
    vestiging/region are those of the base year t.

    measure vmbo_switch (base: leerjaar-3 pupils in bb/kb/gl with a profile at t who are in leerjaar 4
      of vmbo at t+1): switched = the profile or the leerweg at t+1 differs from t
      (switch_soort profiel | leerweg | beide).
    measure vmbo_uitval (base: leerjaar-3 pupils in bb/kb/gl with a profile at t, when the vo and mbo
      extracts of t+1 are loaded): uitval = no vo and no mbo enrolment at t+1 (left registered education
      before the exam year, hence without a vmbo diploma).
    measure mbo_uitval / mbo_switch (base: leerjaar-4 pupils of t who entered mbo at t+1
      (int_doorstroom__lj4), when the mbo and vo extracts of t+2 are loaded): mbo_uitval = no mbo and no
      vo enrolment at t+2 (left within the first mbo year; a one-year Entree diploma cannot be told
      apart: no diploma data); mbo_switch = enrolled in mbo at t+2 in a different opleidingscode than
      the one chosen at t+1 (same deterministic choice rule). -#}
{{ config(**incremental_by_schooljaar([0, 2])) }}
with mbo_ranked as (
    select
        mbo.schooljaar, mbo.leerling_id, mbo.opleidingscode,
        {{ mbo_enrolment_rank() }} as rn
    from {{ ref('stg_duo__inschrijvingen_mbo') }} as mbo
    {{ schooljaar_filter('mbo.schooljaar', reads=[1, 2]) }}
),

mbo as (
    select * from mbo_ranked where rn = 1
),

loaded as (
    select distinct vo.schooljaar
    from {{ ref('stg_duo__inschrijvingen_vo') }} as vo
    where vo.schooljaar in (select schooljaar from mbo) {{ schooljaar_filter('vo.schooljaar', reads=[1, 2], keyword='and') }}
),

lj3 as (
    {#- the base rows, with their vestiging and lineage -#}
    select
        vo.schooljaar, vo.leerling_id, vo.vestiging_id, codes.leerweg, codes.profiel,
        vo._source_file, vo._source_row
    from {{ ref('stg_duo__inschrijvingen_vo') }} as vo
    inner join {{ ref('stg_reference__element_codes') }} as codes on vo.elementcode = codes.elementcode
    where vo.leerjaar = 3 and codes.programma = 'profiel' and codes.leerweg in ('bb', 'kb', 'gl')
        {{ schooljaar_filter('vo.schooljaar', keyword='and') }}
),

{#- The enrolments at t+1 and t+2 are looked up by three joins below, each reading only the rows and
    columns it needs from the staging view. One shared CTE would be kept in memory whole by DuckDB (a CTE read
    more than once is materialized), and it made this model the one that needed most of dbt's memory cap
    (docs/benchmarks.md). (schooljaar, leerling_id) is unique in stg_duo__inschrijvingen_vo (its column_checks),
    so none of the joins multiplies rows. -#}
lj4_next as (
    {#- the profiel and leerweg of the pupils in leerjaar 4 of bb/kb/gl with a profile (vmbo_switch, at t+1) -#}
    select vo.schooljaar, vo.leerling_id, codes.leerweg, codes.profiel
    from {{ ref('stg_duo__inschrijvingen_vo') }} as vo
    inner join {{ ref('stg_reference__element_codes') }} as codes on vo.elementcode = codes.elementcode
    where vo.leerjaar = 4 and codes.programma = 'profiel' and codes.leerweg in ('bb', 'kb', 'gl')
        {{ schooljaar_filter('vo.schooljaar', reads=[1, 1], keyword='and') }}
),

vmbo_switch as (
    select
        lj3.schooljaar, lj3.leerling_id, lj3.vestiging_id, lj3.leerweg, lj3.profiel,
        'vmbo_switch' as measure,
        lj3.profiel <> nxt.profiel or lj3.leerweg <> nxt.leerweg as is_event,
        case
            when lj3.profiel <> nxt.profiel and lj3.leerweg <> nxt.leerweg then 'beide'
            when lj3.profiel <> nxt.profiel then 'profiel'
            when lj3.leerweg <> nxt.leerweg then 'leerweg'
        end as switch_soort,
        lj3._source_file, lj3._source_row
    from lj3
    inner join lj4_next as nxt on nxt.leerling_id = lj3.leerling_id and nxt.schooljaar = lj3.schooljaar + 1
),

vmbo_uitval as (
    select
        {{ uitval_switch_row('lj3', 'vmbo_uitval', 'nxt.leerling_id is null and m.leerling_id is null') }}
    from lj3
    left join (
        select vo.schooljaar, vo.leerling_id from {{ ref('stg_duo__inschrijvingen_vo') }} as vo
        {{ schooljaar_filter('vo.schooljaar', reads=[1, 1]) }}
    ) as nxt on nxt.leerling_id = lj3.leerling_id and nxt.schooljaar = lj3.schooljaar + 1
    left join mbo as m on m.leerling_id = lj3.leerling_id and m.schooljaar = lj3.schooljaar + 1
    where lj3.schooljaar + 1 in (select schooljaar from loaded)
),

mbo_first as (
    select d.*
    from {{ ref('int_doorstroom__lj4') }} as d
    where d.bestemming in ('mbo_bol', 'mbo_bbl') and d.profiel is not null
        and d.schooljaar + 2 in (select schooljaar from loaded)
        {{ schooljaar_filter('d.schooljaar', keyword='and') }}
),

mbo_events as (
    select
        {{ uitval_switch_row('f', 'mbo_uitval', 'm2.leerling_id is null and v2.leerling_id is null') }}
    from mbo_first as f
    left join mbo as m2 on m2.leerling_id = f.leerling_id and m2.schooljaar = f.schooljaar + 2
    left join (
        select vo.schooljaar, vo.leerling_id from {{ ref('stg_duo__inschrijvingen_vo') }} as vo
        {{ schooljaar_filter('vo.schooljaar', reads=[2, 2]) }}
    ) as v2 on v2.leerling_id = f.leerling_id and v2.schooljaar = f.schooljaar + 2
    union all
    select
        {{ uitval_switch_row('f', 'mbo_switch', 'm2.leerling_id is not null and m2.opleidingscode <> f.mbo_opleidingscode') }}
    from mbo_first as f
    left join mbo as m2 on m2.leerling_id = f.leerling_id and m2.schooljaar = f.schooljaar + 2
),

events as (
    select * from vmbo_switch
    union all select * from vmbo_uitval
    union all select * from mbo_events
)

select
    events.*,
    regio.sto_regio_id,
    profielen.profielgroep
from events
left join {{ ref('int_vestiging__regio_microdata') }} as regio
    on regio.vestiging_id = events.vestiging_id and regio.schooljaar = events.schooljaar
left join {{ ref('stg_reference__profielen') }} as profielen on profielen.profiel = events.profiel
