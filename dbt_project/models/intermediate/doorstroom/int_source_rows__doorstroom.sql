{#- The source rows behind every cell of catalog section E (int_doorstroom__lj4: a pupil of the leerjaar-4
    cohort, their row in the vo microdata of schooljaar t) and of uitval / switch (int_uitval_switch__pupils: the
    base-year pupil's vo row), counted per source file (macro source_row_counts). Rows are first grouped into
    classes (same file and same cell-deciding columns), then each class is placed in the cells its indicator
    part puts its rows in. Incremental by schooljaar as the models it reads (the lj4 cohort reads t+1, uitval /
    switch up to t+2). The exam results' rows are int_source_rows__exam_results: the exam file has no schooljaar
    partitions, so a new edition of it rebuilds that model whole, not every schooljaar of this one. -#}
{{ config(**incremental_by_schooljaar([0, 2])) }}
with cohort_classes as (
    select
        schooljaar, leerweg, profiel, profielgroep, bestemming,
        coalesce(mbo_sectorkamer, 'onbekend') as sectorkamer,
        coalesce(is_techniek_indicatie, false) as is_techniek_indicatie,
        coalesce(is_techniek_sectorkamer, false) as is_techniek_sectorkamer,
        coalesce(has_tech_keuzevak, false) as has_tech_keuzevak,
        geslacht = 'V' as is_vrouw,
        coalesce(heeft_migratieachtergrond, false) as heeft_migratieachtergrond,
        sto_regio_id,
        _source_file,
        count(*) as n_rows
    from {{ ref('int_doorstroom__lj4') }}
    {{ schooljaar_filter() }}
    group by all
),

-- the cohort with a profile in bb/kb/gl: every row at its leerweg and in the all-leerwegen total (lw NULL)
cohort as (
    select *, leerweg as lw from cohort_classes where profielgroep in ('techniek', 'niet-techniek')
    union all
    select *, cast(null as string) as lw from cohort_classes
    where profielgroep in ('techniek', 'niet-techniek') and leerweg in ('bb', 'kb', 'gl')
),

entrants as (
    select * from cohort where bestemming in ('mbo_bol', 'mbo_bbl')
),

-- each entrant once per definition of technical mbo
entrants_def as (
    select *, 'techniek_indicatie' as definitie, is_techniek_indicatie as is_tech_mbo from entrants
    union all
    select *, 'techniek_sectorkamer', is_techniek_sectorkamer from entrants
),

destinations as (
    select 'mbo_bol' as bestemming union all select 'mbo_bbl' union all select 'havo_vwo'
    union all select 'vmbo' union all select 'overig'
),

-- E4: the sectorkamers present among the entrants of a leerweg x profiel
sectorkamers as (
    select distinct schooljaar, lw, profiel, sectorkamer from entrants
),

e as (
    -- E1: per destination, its pupils of the cohort (per profile and all profiles)
    select 'destination_after_lj4' as indicator_id, c.schooljaar, c.lw, case when level.own then c.profiel end as profiel,
        'bestemming' as breakdown, dest.bestemming as breakdown_value, c._source_file,
        {{ share_source_rows("c.bestemming = dest.bestemming", rows='c.n_rows') }}
    from cohort as c
    cross join destinations as dest
    cross join (select true as own union all select false) as level
    union all
    -- E2: mbo entrants in a programme with techniek-indicatie, per profile and per profielgroep
    select 'mbo_entrants_tech_indicatie_share', schooljaar, lw,
        case when level.own then profiel end,
        case when not level.own then 'profielgroep' end,
        case when not level.own then profielgroep end,
        _source_file, {{ share_source_rows("is_techniek_indicatie") }}
    from entrants
    cross join (select true as own union all select false) as level
    union all
    -- E3: into technical mbo, per profile and per profielgroep, both definitions
    select 'tech_to_tech_mbo_rate', schooljaar, lw,
        case when level.own then profiel end,
        case when level.own then 'definitie' else 'profielgroep|definitie' end,
        case when level.own then definitie else profielgroep || '|' || definitie end,
        _source_file, {{ share_source_rows("is_tech_mbo") }}
    from entrants_def
    cross join (select true as own union all select false) as level
    union all
    -- E4: per sectorkamer, its entrants of all entrants of the leerweg x profiel
    select 'doorstroom_sectorkamer_share', x.schooljaar, x.lw, x.profiel, 'sectorkamer', s.sectorkamer,
        x._source_file, {{ share_source_rows("x.sectorkamer = s.sectorkamer", rows='x.n_rows') }}
    from entrants as x
    inner join sectorkamers as s
        on s.schooljaar = x.schooljaar and s.lw is not distinct from x.lw and s.profiel = x.profiel
    union all
    -- E5: non-technical entrants with / without a technical keuzevak into technical mbo (of all
    -- non-technical entrants), and conditionally among those with one
    select 'nontech_with_tech_keuzevak_to_tech_mbo', schooljaar, lw, null, 'variant|definitie',
        variant.name || '|' || definitie, _source_file,
        {{ share_source_rows("is_tech_mbo and has_tech_keuzevak = variant.with_keuzevak") }}
    from entrants_def
    cross join (select 'met_techniek_keuzevak' as name, true as with_keuzevak
        union all select 'zonder_techniek_keuzevak', false) as variant
    where profielgroep = 'niet-techniek'
    union all
    select 'nontech_with_tech_keuzevak_to_tech_mbo', schooljaar, lw, null, 'variant|definitie',
        'conditioneel|' || definitie, _source_file, {{ share_source_rows("is_tech_mbo") }}
    from entrants_def
    where profielgroep = 'niet-techniek' and has_tech_keuzevak
    union all
    -- E7 / E8: female / migration share of the entrants into mbo with techniek-indicatie, per profile and
    -- per profielgroep
    select measure.indicator_id, schooljaar, lw,
        case when level.own then profiel end,
        case when not level.own then 'profielgroep' end,
        case when not level.own then profielgroep end,
        _source_file,
        case when (measure.indicator_id = 'female_share_tech_mbo_inflow' and is_vrouw)
            or (measure.indicator_id = 'migration_share_tech_mbo_inflow' and heeft_migratieachtergrond)
            then n_rows else 0 end,
        n_rows
    from entrants
    cross join (select 'female_share_tech_mbo_inflow' as indicator_id
        union all select 'migration_share_tech_mbo_inflow') as measure
    cross join (select true as own union all select false) as level
    where is_techniek_indicatie
),

-- E6: gl and tl pupils (all, with or without a profile) entering mbo
e6 as (
    select 'gl_tl_to_tech_mbo_rate' as indicator_id, schooljaar, leerweg as lw, cast(null as string) as profiel,
        'definitie' as breakdown, definitie.name as breakdown_value, _source_file,
        case when (definitie.name = 'techniek_indicatie' and is_techniek_indicatie)
            or (definitie.name = 'techniek_sectorkamer' and is_techniek_sectorkamer) then n_rows else 0 end
            as n_numerator_rows,
        n_rows as n_denominator_rows
    from cohort_classes
    cross join (select 'techniek_indicatie' as name union all select 'techniek_sectorkamer') as definitie
    where leerweg in ('gl', 'tl') and bestemming in ('mbo_bol', 'mbo_bbl')
),

-- uitval / switch: every row at (region, leerweg, profiel) x {own, all}; region rows only with a region
uitval_classes as (
    select measure, schooljaar, sto_regio_id, leerweg, profiel, is_event, _source_file, count(*) as n_rows
    from {{ ref('int_uitval_switch__pupils') }}
    {{ schooljaar_filter() }}
    group by all
),

uitval_switch as (
    select
        case c.measure
            when 'vmbo_switch' then 'vmbo_switch_rate'
            when 'vmbo_uitval' then 'vmbo_uitval_rate'
            when 'mbo_uitval' then 'mbo_uitval_first_year_rate'
            when 'mbo_switch' then 'mbo_switch_first_year_rate'
        end as indicator_id,
        c.schooljaar,
        case when own.own_regio then c.sto_regio_id end as sto_regio_id,
        case when own.own_leerweg then c.leerweg end as leerweg,
        case when own.own_profiel then c.profiel end as profiel,
        cast(null as string) as breakdown,
        cast(null as string) as breakdown_value,
        c._source_file,
        {{ share_source_rows("c.is_event", rows='c.n_rows') }}
    from uitval_classes as c
    cross join (
        select r.own as own_regio, l.own as own_leerweg, p.own as own_profiel
        from (select true as own union all select false) as r
        cross join (select true as own union all select false) as l
        cross join (select true as own union all select false) as p
    ) as own
    where (c.sto_regio_id is not null or not own.own_regio)
        and (c.leerweg is not null or not own.own_leerweg)
        and (c.profiel is not null or not own.own_profiel)
),

-- E3 per STO region (the region of the pupil's vestiging): per profielgroep, both definitions, leerweg NULL
e3_regio as (
    select 'tech_to_tech_mbo_rate' as indicator_id, schooljaar, sto_regio_id, 'profielgroep|definitie' as breakdown,
        profielgroep || '|' || definitie as breakdown_value, _source_file,
        {{ share_source_rows("is_tech_mbo") }}
    from entrants_def
    where lw is null and sto_regio_id is not null
),

rows_per_cell as (
    select indicator_id, schooljaar, cast(null as string) as sto_regio_id, cast(null as string) as vestiging_id,
        lw as leerweg, profiel, breakdown, breakdown_value, _source_file, n_numerator_rows, n_denominator_rows
    from (select * from e union all select * from e6) as national
    union all
    select indicator_id, schooljaar, sto_regio_id, null, null, null, breakdown, breakdown_value, _source_file,
        n_numerator_rows, n_denominator_rows
    from e3_regio
    union all
    select indicator_id, schooljaar, sto_regio_id, null, leerweg, profiel, breakdown, breakdown_value, _source_file,
        n_numerator_rows, n_denominator_rows
    from uitval_switch
)

{{ source_row_counts('rows_per_cell', [
    'indicator_id', 'schooljaar', 'sto_regio_id', 'vestiging_id', 'leerweg', 'profiel', 'breakdown', 'breakdown_value',
    '_source_file'
]) }}
