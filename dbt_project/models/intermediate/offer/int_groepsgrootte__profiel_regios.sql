{#- Per schooljaar x leerweg x profiel: the STO regions offering it (int_groepsgrootte__regio_profiel), in
    total, with 1 and with more than 1 offering vestiging, and of each those whose offering vestigingen have
    on average fewer than 11 pupils (is_lt11). Read by indicators B7/B8 (int_indicator_values__offer) and
    marts.regio_profiel_aanbod (Tabellen B3.4 and B3.16). -#}
select
    schooljaar,
    leerweg,
    profiel,
    count(*) as n_regios,
    sum(case when is_lt11 then 1 else 0 end) as n_regios_lt11,
    sum(case when n_vestigingen = 1 then 1 else 0 end) as n_regios_1_vest,
    sum(case when n_vestigingen = 1 and is_lt11 then 1 else 0 end) as n_regios_1_vest_lt11,
    sum(case when n_vestigingen > 1 then 1 else 0 end) as n_regios_meer_vest,
    sum(case when n_vestigingen > 1 and is_lt11 then 1 else 0 end) as n_regios_meer_vest_lt11
from {{ ref('int_groepsgrootte__regio_profiel') }}
group by schooljaar, leerweg, profiel
