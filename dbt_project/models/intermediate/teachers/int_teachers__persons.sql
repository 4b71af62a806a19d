{#- One row per person per schooljaar with the person's attributes. A person with several rows (profiles,
    schools) takes every attribute from one row: the row with the largest fte (deeltijdfactor x
    aandeel_profiel); ties go to the lowest brin, then the lowest profiel. Disagreeing rows are flagged. -#}
with rows as (
    select
        *,
        row_number() over (
            partition by schooljaar, persoon_id order by fte desc, brin, profiel
        ) as rang
    from {{ ref('stg_ipto__lesgevenden') }}
),

agreement as (
    select
        schooljaar,
        persoon_id,
        count(*) as n_rows,
        count(distinct leeftijd) > 1
            or count(distinct geslacht) > 1
            or count(distinct is_bevoegd) > 1
            or count(distinct contract) > 1
            or count(distinct is_oop) > 1
            or count(distinct situatie_5jr_eerder) > 1
            or count(distinct heeft_hoofdbaan_buiten_onderwijs) > 1 as has_conflicting_attributes
    from rows
    group by schooljaar, persoon_id
)

select
    rows.schooljaar,
    rows.persoon_id,
    rows.peildatum,
    rows.leeftijd,
    case
        when rows.leeftijd < 50 then '18-49'
        when rows.leeftijd < 60 then '50-59'
        else '60+'
    end as leeftijdsklasse,
    rows.geslacht,
    rows.is_bevoegd,
    rows.contract,
    rows.is_oop,
    rows.situatie_5jr_eerder,
    rows.heeft_hoofdbaan_buiten_onderwijs,
    agreement.n_rows,
    agreement.has_conflicting_attributes,
    rows._source_file as attributes_source_file,
    rows._source_row as attributes_source_row
from rows
inner join agreement
    on agreement.schooljaar = rows.schooljaar and agreement.persoon_id = rows.persoon_id
where rows.rang = 1
