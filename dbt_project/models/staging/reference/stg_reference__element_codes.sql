select
    elementcode,
    nullif(profiel, '') as profiel,
    nullif(leerweg, '') as leerweg,
    lwoo = 'J' as is_lwoo,
    technisch = 'J' as is_technisch_sector,
    omschrijving,
    case
        when nullif(leerweg, '') in ('bb', 'kb', 'gl') and nullif(profiel, '') is not null then 'profiel'
        when nullif(leerweg, '') in ('bb', 'kb', 'gl') then 'legacy'
        when leerweg = 'tl' then 'tl'
        else 'onderbouw'
    end as programma
from (
    {{ reference_rows('element_codes', ['elementcode', 'profiel', 'leerweg', 'lwoo', 'technisch', 'omschrijving']) }}
) as element_codes
