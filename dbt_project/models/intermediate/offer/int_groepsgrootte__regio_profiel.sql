{#- Per schooljaar x STO region x leerweg x profiel offered in the region: the number of offering
    vestigingen in the region and their mean number of leerjaar-3 pupils (B7, B8, Tabel B3.4).
    "lln < 11" = the mean over the region's offering vestigingen is below 11 (at most 10). -#}
select
    schooljaar,
    sto_regio_id,
    leerweg,
    profiel,
    count(*) as n_vestigingen,
    sum(n_pupils) as n_pupils,
    sum(n_pupils) / count(*) as mean_pupils,
    sum(n_pupils) / count(*) < 11 as is_lt11
from {{ ref('int_vestiging__offer_lj3') }}
where is_in_sto_regio
group by schooljaar, sto_regio_id, leerweg, profiel
