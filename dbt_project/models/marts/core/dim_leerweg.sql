select leerweg, naam, naam_kort, is_beroepsgericht, volgorde
from {{ ref('stg_reference__leerwegen') }}
