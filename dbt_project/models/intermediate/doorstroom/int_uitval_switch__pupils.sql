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
with vo as (
    {#- the enrolments looked up at t+1 and t+2, with only the columns the lookups use: this CTE is read four
        times, so DuckDB keeps it (at five times national scale a version with the vestiging and lineage
        columns ran out of dbt's 800 MB: docs/benchmarks.md) -#}
    select vo.schooljaar, vo.leerling_id, vo.leerjaar, codes.leerweg, codes.profiel, codes.programma
    from {{ ref('stg_duo__inschrijvingen_vo') }} as vo
    left join {{ ref('stg_reference__element_codes') }} as codes on vo.elementcode = codes.elementcode
    {{ schooljaar_filter('vo.schooljaar', reads=[0, 2]) }}
),

mbo_ranked as (
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
    select distinct vo.schooljaar from vo where vo.schooljaar in (select schooljaar from mbo)
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
    inner join vo as nxt
        on nxt.leerling_id = lj3.leerling_id and nxt.schooljaar = lj3.schooljaar + 1
        and nxt.leerjaar = 4 and nxt.programma = 'profiel' and nxt.leerweg in ('bb', 'kb', 'gl')
),

vmbo_uitval as (
    select
        {{ uitval_switch_row('lj3', 'vmbo_uitval', 'nxt.leerling_id is null and m.leerling_id is null') }}
    from lj3
    left join vo as nxt on nxt.leerling_id = lj3.leerling_id and nxt.schooljaar = lj3.schooljaar + 1
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
    left join vo as v2 on v2.leerling_id = f.leerling_id and v2.schooljaar = f.schooljaar + 2
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
