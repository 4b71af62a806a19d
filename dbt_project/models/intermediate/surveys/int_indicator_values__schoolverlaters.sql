{#- Catalog section F: weighted share (weegfactor) answering 4 or 5 per item, technical vs
    non-technical (breakdown profielgroep), per leerweg (NULL = bb+kb+gl) and meting (= schooljaar
    column). numerator / denominator are weighted sums; respondent counts (unweighted) are in
    marts.schoolverlaters_oordelen. -#}
with answers as (
    {{ leerweg_and_total(ref('int_schoolverlaters__items')) }}
),

parts as (
    select
        indicator_id,
        meting as schooljaar,
        lw as leerweg,
        'profielgroep' as breakdown,
        profielgroep as breakdown_value,
        cast(sum(case when is_positief then weegfactor else 0 end) as double) as numerator,
        cast(sum(weegfactor) as double) as denominator,
        cast(100.0 * sum(case when is_positief then weegfactor else 0 end) / nullif(sum(weegfactor), 0) as double) as value,
        'percent' as unit
    from answers
    where profielgroep in ('techniek', 'niet-techniek')
    group by indicator_id, meting, lw, profielgroep
)

{{ indicator_value_rows('parts', [
    'indicator_id', 'schooljaar', 'leerweg', 'breakdown', 'breakdown_value', 'numerator', 'denominator',
    'value', 'unit'
]) }}
