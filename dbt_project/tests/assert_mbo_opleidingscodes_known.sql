{#- mbo enrolments of doorstroom pupils whose opleidingscode is not in mbo_opleidingen: kept (counted as
    not technical under both definitions); this test warns and reports them. -#}
{{ config(severity='warn') }}
select schooljaar, mbo_opleidingscode, count(*) as n_pupils
from {{ ref('int_doorstroom__lj4') }}
where is_opleidingscode_onbekend
group by schooljaar, mbo_opleidingscode
