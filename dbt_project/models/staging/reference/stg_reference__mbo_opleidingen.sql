{#- mbo programmes with both technical-mbo definitions (indicators.md E). -#}
select
    opleidingscode,
    opleidingsnaam,
    cast(nullif(niveau, '') as integer) as niveau,
    sectorkamer,
    techniek_sectorkamer = 'J' as is_techniek_sectorkamer,
    techniek_indicatie = 'J' as is_techniek_indicatie
from (
    {{ reference_rows('mbo_opleidingen', ['opleidingscode', 'opleidingsnaam', 'niveau', 'sectorkamer', 'techniek_sectorkamer', 'techniek_indicatie']) }}
) as mbo_opleidingen
