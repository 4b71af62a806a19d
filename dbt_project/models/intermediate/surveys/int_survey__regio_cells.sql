{#- Programme-leader answers per STO region (one respondent per region and wave) for the items of the
    tables over all respondents (not the panel tables): mean of the numeric answers and share in the top
    category, per region and per tertile of the regions' technical share in leerjaar 3 (registry,
    schooljaar before the wave). Aggregated: no respondent ids. docs/surveys.md. -#}
with {{ survey_table_answers() }},

regio_answers as (
    select distinct survey_id, wave, table_id, item_id, sto_regio_id, respondent_id, is_valid, numeric_value, is_top, has_top
    from table_answers
    where survey_id = 'PL' and population = 'all' and group_dimension = 'all' and sto_regio_id is not null
),

registry as (
    select sto_regio_id, schooljaar, value as tech_share
    from {{ ref('int_indicator_values__regions') }}
    where indicator_id = 'region_tech_share_lj3' and leerweg is null
        and profiel is null and breakdown is null
),

respondent_regions as (
    select distinct survey_id, wave, sto_regio_id from regio_answers
),

registry_year as (
    select rr.survey_id, rr.wave, rr.sto_regio_id, max(r.schooljaar) as schooljaar
    from respondent_regions as rr
    inner join registry as r on r.sto_regio_id = rr.sto_regio_id and r.schooljaar <= rr.wave - 1
    group by rr.survey_id, rr.wave, rr.sto_regio_id
),

tertiles as (
    select
        ry.survey_id,
        ry.wave,
        ry.sto_regio_id,
        ry.schooljaar,
        r.tech_share,
        case ntile(3) over (partition by ry.survey_id, ry.wave order by r.tech_share, ry.sto_regio_id)
            when 1 then 'laag' when 2 then 'midden' else 'hoog' end as regio_groep
    from registry_year as ry
    inner join registry as r on r.sto_regio_id = ry.sto_regio_id and r.schooljaar = ry.schooljaar
),

{# one aggregation for both levels: each answer once keyed by its region, once by its region's tertile #}
keyed_answers as (
    select
        'regio' as level, a.*, a.sto_regio_id as key_regio, cast(null as string) as key_groep,
        t.schooljaar, t.tech_share
    from regio_answers as a
    left join tertiles as t on t.survey_id = a.survey_id and t.wave = a.wave and t.sto_regio_id = a.sto_regio_id
    union all
    select
        'tertiel_techniekaandeel', a.*, cast(null as string), t.regio_groep,
        t.schooljaar, t.tech_share
    from regio_answers as a
    inner join tertiles as t on t.survey_id = a.survey_id and t.wave = a.wave and t.sto_regio_id = a.sto_regio_id
)

select
    level, survey_id, wave, table_id, item_id,
    key_regio as sto_regio_id,
    key_groep as regio_groep,
    count(distinct respondent_id) as n_respondents,
    avg(numeric_value) as mean_value,
    case when bool_or(has_top)
        then 100.0 * sum(case when is_top then 1 else 0 end) / nullif(sum(case when is_valid then 1 else 0 end), 0)
    end as pct_top,
    max(schooljaar) as registry_schooljaar,
    avg(tech_share) as registry_tech_share_lj3
from keyed_answers
group by level, survey_id, wave, table_id, item_id, key_regio, key_groep
