{#- One row per person x BRIN x vak taught on the peildatum, typed: vak_categorie profielvak (with the
    vak's profiel) | avo | overig, weekly lesuren (decimals accept ',' or '.'). -#}
select
    persoon_id,
    _schooljaar as schooljaar,
    cast(peildatum as date) as peildatum,
    brin,
    vak,
    vak_categorie,
    profiel,
    {{ decimal_number('lesuren') }} as lesuren,
    {{ lineage_columns() }}
from {{ source('ipto', 'ipto_lesgevenden_vakken') }}
