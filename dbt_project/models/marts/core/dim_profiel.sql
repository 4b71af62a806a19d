select profiel, naam, is_technisch, profielgroep
from {{ ref('stg_reference__profielen') }}
