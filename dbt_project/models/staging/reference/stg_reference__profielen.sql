select
    profiel,
    naam,
    technisch = 'J' as is_technisch,
    case when technisch = 'J' then 'techniek' else 'niet-techniek' end as profielgroep
from (
    {{ reference_rows('profielen', ['profiel', 'naam', 'technisch']) }}
) as profielen
