{#- One row per person x BRIN x profile taught on the peildatum, typed; decimals accept ',' or '.'. -#}
select
    persoon_id,
    _schooljaar as schooljaar,
    cast(peildatum as date) as peildatum,
    brin,
    profiel,
    functiecategorie,
    functiecategorie = 'OOP' as is_oop,
    {{ decimal_number('deeltijdfactor') }} as deeltijdfactor,
    {{ decimal_number('aandeel_profiel') }} as aandeel_profiel,
    {{ decimal_number('deeltijdfactor') }}
        * {{ decimal_number('aandeel_profiel') }} as fte,
    cast(leeftijd as integer) as leeftijd,
    geslacht,
    bevoegd = 'J' as is_bevoegd,
    contract,
    situatie_5jr_eerder,
    hoofdbaan_buiten_onderwijs = 'J' as heeft_hoofdbaan_buiten_onderwijs,
    {{ lineage_columns() }}
from {{ source('ipto', 'ipto_lesgevenden') }}
