{{ config(severity='warn') }}
{#- Leerjaar-3 vmbo pupils whose element code is not in seeds/element_codes.csv: they are counted
    (programma 'onbekend') but not attributed to a profiel. Reported per code; a warning, because a
    new DUO code needs a reference-data decision rather than a stopped pipeline. -#}
select schooljaar, elementcode, onderwijstype, sum(aantal_schatting) as n_pupils
from {{ ref('int_pupils__lj3') }}
where programma = 'onbekend'
group by schooljaar, elementcode, onderwijstype
