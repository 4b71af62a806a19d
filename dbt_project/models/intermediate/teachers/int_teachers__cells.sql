{#- National teacher cells: per schooljaar x profielgroep x profiel (NULL = all of the group / total),
    with persons, fte, the counts behind every share of catalog G, and the change in persons and fte
    against the previous schooljaar and the nulmeting (var teacher_baseline_schooljaar). -#}
with per_person as (
    -- one row per person per level; fte summed over the person's schools
    select schooljaar, persoon_id, profielgroep, profiel, sum(fte) as fte
    from {{ ref('int_teachers__profiel_levels') }}
    group by schooljaar, persoon_id, profielgroep, profiel
),

cells as (
    select
        per_person.schooljaar,
        per_person.profielgroep,
        per_person.profiel,
        count(*) as n_persons,
        sum(per_person.fte) as fte,
        sum(case when personen.is_bevoegd then 1 else 0 end) as n_bevoegd,
        sum(case when personen.contract = 'vast' then 1 else 0 end) as n_vast_contract,
        sum(case when personen.is_oop then 1 else 0 end) as n_oop,
        sum(case when personen.geslacht = 'V' then 1 else 0 end) as n_vrouw,
        sum(personen.leeftijd) as sum_leeftijd,
        sum(case when personen.leeftijdsklasse = '18-49' then 1 else 0 end) as n_leeftijd_18_49,
        sum(case when personen.leeftijdsklasse = '50-59' then 1 else 0 end) as n_leeftijd_50_59,
        sum(case when personen.leeftijdsklasse = '60+' then 1 else 0 end) as n_leeftijd_60_plus,
        sum(case when personen.situatie_5jr_eerder is not null then 1 else 0 end) as n_situatie_bekend,
        sum(case when personen.situatie_5jr_eerder = 'onderwijs' then 1 else 0 end) as n_situatie_onderwijs,
        sum(case when personen.situatie_5jr_eerder = 'bedrijfsleven' then 1 else 0 end)
            as n_situatie_bedrijfsleven,
        sum(case when personen.situatie_5jr_eerder = 'opleiding' then 1 else 0 end) as n_situatie_opleiding,
        sum(case when personen.situatie_5jr_eerder = 'overig' then 1 else 0 end) as n_situatie_overig,
        sum(case when personen.heeft_hoofdbaan_buiten_onderwijs is not null then 1 else 0 end)
            as n_hoofdbaan_bekend,
        sum(case when personen.heeft_hoofdbaan_buiten_onderwijs then 1 else 0 end)
            as n_hoofdbaan_buiten_onderwijs
    from per_person
    inner join {{ ref('int_teachers__persons') }} as personen
        on personen.schooljaar = per_person.schooljaar and personen.persoon_id = per_person.persoon_id
    group by per_person.schooljaar, per_person.profielgroep, per_person.profiel
)

select
    cells.*,
    vorig.n_persons as n_persons_vorig_jaar,
    vorig.fte as fte_vorig_jaar,
    100.0 * (cells.n_persons - vorig.n_persons) / nullif(vorig.n_persons, 0) as pct_change_persons_vorig_jaar,
    100.0 * (cells.fte - vorig.fte) / nullif(vorig.fte, 0) as pct_change_fte_vorig_jaar,
    nulmeting.n_persons as n_persons_nulmeting,
    nulmeting.fte as fte_nulmeting,
    100.0 * (cells.n_persons - nulmeting.n_persons) / nullif(nulmeting.n_persons, 0)
        as pct_change_persons_nulmeting,
    100.0 * (cells.fte - nulmeting.fte) / nullif(nulmeting.fte, 0) as pct_change_fte_nulmeting
from cells
left join cells as vorig
    on vorig.schooljaar = cells.schooljaar - 1
    and {{ same_cell('vorig', 'cells', ['profielgroep', 'profiel']) }}
left join cells as nulmeting
    on nulmeting.schooljaar = {{ var('teacher_baseline_schooljaar') }}
    and cells.schooljaar > {{ var('teacher_baseline_schooljaar') }}
    and {{ same_cell('nulmeting', 'cells', ['profielgroep', 'profiel']) }}
