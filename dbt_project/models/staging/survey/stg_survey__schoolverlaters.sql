{#- One row per respondent of the school-leaver survey, typed; answers 1-5 (NULL = not answered). -#}
select
    respondent_id,
    cast(meting as integer) as meting,
    cast(diploma_schooljaar as integer) as diploma_schooljaar,
    leerweg,
    profiel,
    {{ decimal_number('weegfactor') }} as weegfactor,
    cast(aantrekkelijk as integer) as aantrekkelijk,
    cast(actueel as integer) as actueel,
    cast(uitdagend as integer) as uitdagend,
    cast(basis_keuze as integer) as basis_keuze,
    cast(basis_vervolg as integer) as basis_vervolg,
    cast(aansluiting as integer) as aansluiting,
    {{ lineage_columns() }}
from {{ source('survey', 'schoolverlaters') }}
