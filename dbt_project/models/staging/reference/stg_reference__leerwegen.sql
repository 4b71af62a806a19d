select
    leerweg,
    naam,
    naam_kort,
    beroepsgericht = 'J' as is_beroepsgericht,
    volgorde
from {{ ref('leerwegen') }}
