{#- Catalog indicator C5 (reach_10km_share) in the long form of marts.indicator_values, nationally and
    per STO region (the pupils of the region's vestigingen, int_reachability__regio_lj3), plus the
    national counts of pupils and offering vestigingen whose postcode cannot be placed (breakdown
    niet_plaatsbaar = leerlingen | vestigingen, unit count), so that nothing is silently dropped. -#}
{{ config(**incremental_by_schooljaar([0, 0])) }}
with r as (
    select * from {{ ref('int_reachability__lj3') }} {{ schooljaar_filter() }}
),

regio as (
    select * from {{ ref('int_reachability__regio_lj3') }} {{ schooljaar_filter() }}
),

parts as (
    select 'reach_10km_share' as indicator_id, schooljaar, cast(null as string) as sto_regio_id, leerweg, profiel,
           cast(null as string) as breakdown, cast(null as string) as breakdown_value,
           n_pupils_within_10km as numerator, n_pupils_placed as denominator, share_within_10km as value,
           'percent' as unit
    from r
    where n_pupils_placed > 0
    union all
    select 'reach_10km_share', schooljaar, null, leerweg, profiel, 'niet_plaatsbaar', 'leerlingen',
           n_pupils_unplaced, n_pupils_placed + n_pupils_unplaced, n_pupils_unplaced, 'count'
    from r
    union all
    select 'reach_10km_share', schooljaar, null, leerweg, profiel, 'niet_plaatsbaar', 'vestigingen',
           n_vestigingen_unplaced, n_vestigingen_offering, n_vestigingen_unplaced, 'count'
    from r
    union all
    -- per STO region: the pupils of the region's vestigingen
    select 'reach_10km_share', schooljaar, sto_regio_id, leerweg, profiel, null, null,
           n_pupils_within_10km, n_pupils_placed, share_within_10km, 'percent'
    from regio
    where n_pupils_placed > 0
)

{{ indicator_value_rows('parts', [
    'indicator_id', 'schooljaar', 'sto_regio_id', 'leerweg', 'profiel', 'breakdown', 'breakdown_value',
    'numerator', 'denominator', 'value', 'unit'
]) }}
