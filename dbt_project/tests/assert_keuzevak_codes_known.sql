{#- Exams whose vakcode is not in the keuzevakken reference list. They are kept (quarantined as
    keuzevak_profielgroep 'onbekend' and counted in the D indicators), not dropped; this test warns and
    reports how many there are per schooljaar and vakcode. -#}
{{ config(severity='warn') }}
select schooljaar, vakcode, count(*) as n_exams
from {{ ref('int_keuzevak__exams') }}
where is_vakcode_onbekend
group by schooljaar, vakcode
