{#- One row per person x BRIN x profile taught on the peildatum, typed; decimals accept ',' or '.'. -#}
select
    persoon_id,
    _schooljaar as schooljaar,
    cast(peildatum as date) as peildatum,
    brin,
    profiel,
    functiecategorie,
    functiecategorie = 'OOP' as is_oop,
    cast(replace(deeltijdfactor, ',', '.') as double) as deeltijdfactor,
    cast(replace(aandeel_profiel, ',', '.') as double) as aandeel_profiel,
    cast(replace(deeltijdfactor, ',', '.') as double)
        * cast(replace(aandeel_profiel, ',', '.') as double) as fte,
    cast(leeftijd as integer) as leeftijd,
    geslacht,
    bevoegd = 'J' as is_bevoegd,
    contract,
    situatie_5jr_eerder,
    hoofdbaan_buiten_onderwijs = 'J' as heeft_hoofdbaan_buiten_onderwijs,
    _source_file,
    _source_sha256,
    _source_row,
    _load_id
from {{ source('ipto', 'ipto_lesgevenden') }}
