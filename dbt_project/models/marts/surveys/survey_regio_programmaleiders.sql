{#- Programme-leader answers beside the region's registry indicators (docs/surveys.md): per STO region
    (level 'regio': one respondent, so releases suppress these rows, n < 5) and per tertile of the regions'
    technical share in leerjaar 3 (level 'tertiel_techniekaandeel', about 16 regions each in 2025), for the
    items of the programme-leader tables over all respondents; registry values of the schooljaar before
    the wave (marts.indicator_values: region_tech_share_lj3, region_tech_pupils_lj3, teachers_per_region). -#}
with cells as (
    select * from {{ ref('int_survey__regio_cells') }}
),

registry as (
    select indicator_id, schooljaar, sto_regio_id, value
    from {{ ref('indicator_values') }}
    where indicator_id in ('region_tech_pupils_lj3', 'teachers_per_region')
        and sto_regio_id is not null and vestiging_id is null and leerweg is null and profiel is null
        and breakdown is null
),

final as (
    select
        c.level,
        c.sto_regio_id,
        r.naam as regio_naam,
        c.regio_groep,
        c.wave,
        c.table_id,
        c.item_id,
        i.item_text_nl,
        c.n_respondents,
        c.mean_value,
        c.pct_top,
        c.registry_schooljaar,
        c.registry_tech_share_lj3 as region_tech_share_lj3,
        p.value as region_tech_pupils_lj3,
        t.value as teachers_per_region
    from cells as c
    inner join {{ ref('stg_reference__survey_items') }} as i
        on i.survey_id = c.survey_id and i.table_id = c.table_id and i.item_id = c.item_id
    left join (select distinct sto_regio_id, naam from {{ ref('dim_sto_regio') }}) as r on r.sto_regio_id = c.sto_regio_id
    left join registry as p
        on p.indicator_id = 'region_tech_pupils_lj3' and p.sto_regio_id = c.sto_regio_id
        and p.schooljaar = c.registry_schooljaar
    left join registry as t
        on t.indicator_id = 'teachers_per_region' and t.sto_regio_id = c.sto_regio_id
        and t.schooljaar = c.registry_schooljaar
)

select {{ contract_columns() }}
from final
