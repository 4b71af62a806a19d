{#- Mean number of teachers per school (G6) and per STO region (G7): per schooljaar x eenheid x
    profielgroep x profiel, the sum over units of the unit's persons / the number of units with at
    least one such person; n_persons = distinct persons behind the mean (for small-cell suppression).
    Change of the mean against the previous schooljaar and the nulmeting. -#}
with units as (
    select
        schooljaar,
        eenheid,
        profielgroep,
        profiel,
        count(*) as n_units,
        sum(n_persons) as n_persons_units
    from {{ ref('int_teachers__per_eenheid') }}
    group by schooljaar, eenheid, profielgroep, profiel
),

distinct_persons as (
    select niveaus.schooljaar, 'school' as eenheid, niveaus.profielgroep, niveaus.profiel,
        count(distinct niveaus.persoon_id) as n_persons
    from {{ ref('int_teachers__profiel_levels') }} as niveaus
    group by niveaus.schooljaar, niveaus.profielgroep, niveaus.profiel
    union all
    select niveaus.schooljaar, 'sto_regio' as eenheid, niveaus.profielgroep, niveaus.profiel,
        count(distinct niveaus.persoon_id) as n_persons
    from {{ ref('int_teachers__profiel_levels') }} as niveaus
    inner join {{ ref('int_teachers__brin_regio') }} as regio
        on regio.schooljaar = niveaus.schooljaar and regio.brin = niveaus.brin
    group by niveaus.schooljaar, niveaus.profielgroep, niveaus.profiel
),

means as (
    select
        units.*,
        distinct_persons.n_persons,
        cast(units.n_persons_units as double) / units.n_units as persons_per_unit
    from units
    inner join distinct_persons
        on distinct_persons.schooljaar = units.schooljaar
        and distinct_persons.eenheid = units.eenheid
        and {{ same_cell('distinct_persons', 'units', ['profielgroep', 'profiel']) }}
)

select
    means.*,
    100.0 * (means.persons_per_unit - vorig.persons_per_unit) / nullif(vorig.persons_per_unit, 0)
        as pct_change_vorig_jaar,
    100.0 * (means.persons_per_unit - nulmeting.persons_per_unit) / nullif(nulmeting.persons_per_unit, 0)
        as pct_change_nulmeting
from means
left join means as vorig
    on vorig.schooljaar = means.schooljaar - 1
    and vorig.eenheid = means.eenheid
    and {{ same_cell('vorig', 'means', ['profielgroep', 'profiel']) }}
left join means as nulmeting
    on nulmeting.schooljaar = {{ var('teacher_baseline_schooljaar') }}
    and means.schooljaar > {{ var('teacher_baseline_schooljaar') }}
    and nulmeting.eenheid = means.eenheid
    and {{ same_cell('nulmeting', 'means', ['profielgroep', 'profiel']) }}
