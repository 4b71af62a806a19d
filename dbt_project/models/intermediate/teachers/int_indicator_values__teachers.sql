{#- Catalog section G (IPTO teacher extract) in the long form of marts.indicator_values: the indicator
    columns of int_teachers__indicator_cells, which holds the cells (one select per indicator family) and the
    persons each rests on (marts.lesgevenden_indicator_personen). -#}
{{ indicator_value_rows(ref('int_teachers__indicator_cells'), [
    'indicator_id', 'schooljaar', 'sto_regio_id', 'profiel', 'breakdown', 'breakdown_value', 'numerator',
    'denominator', 'value', 'unit'
]) }}
