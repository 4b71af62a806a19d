{#- Topic mart mirroring Tabellen B3.4 and B3.16 and Figure B3.6: per schooljaar x leerweg x profiel,
    the STO regions offering it (at least one vestiging with leerjaar-3 pupils), split by regions with
    1 and with more than 1 offering vestiging, and of each the regions whose offering vestigingen have
    on average fewer than 11 pupils; with the share of all regions offering it. -#}
with regions as (
    select schooljaar, count(*) as n_regios_totaal, bool_or(is_illustrative) as is_illustrative
    from {{ ref('int_sto_regio__regio_jaar') }} group by schooljaar
),

agg as (
    select * from {{ ref('int_groepsgrootte__profiel_regios') }}
)

select
    cast(a.schooljaar as integer) as schooljaar,
    cast(a.leerweg as string) as leerweg,
    cast(a.profiel as string) as profiel,
    cast(a.n_regios as integer) as n_regios,
    cast(a.n_regios_lt11 as integer) as n_regios_lt11,
    cast(a.n_regios_1_vest as integer) as n_regios_1_vestiging,
    cast(a.n_regios_1_vest_lt11 as integer) as n_regios_1_vestiging_lt11,
    cast(a.n_regios_meer_vest as integer) as n_regios_meer_vestigingen,
    cast(a.n_regios_meer_vest_lt11 as integer) as n_regios_meer_vestigingen_lt11,
    cast(r.n_regios_totaal as integer) as n_regios_totaal,
    cast(100.0 * a.n_regios / r.n_regios_totaal as double) as pct_regios_aanbod,
    cast(100.0 * a.n_regios_meer_vest / a.n_regios as double) as pct_meer_vestigingen,
    cast(100.0 * a.n_regios_meer_vest_lt11 / nullif(a.n_regios_lt11, 0) as double) as pct_meer_vestigingen_lt11,
    cast(r.is_illustrative as boolean) as is_illustrative
from agg as a
inner join regions as r on r.schooljaar = a.schooljaar
