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
),

final as (
    select
        a.schooljaar,
        a.leerweg,
        a.profiel,
        a.n_regios,
        a.n_regios_lt11,
        a.n_regios_1_vest as n_regios_1_vestiging,
        a.n_regios_1_vest_lt11 as n_regios_1_vestiging_lt11,
        a.n_regios_meer_vest as n_regios_meer_vestigingen,
        a.n_regios_meer_vest_lt11 as n_regios_meer_vestigingen_lt11,
        r.n_regios_totaal,
        100.0 * a.n_regios / r.n_regios_totaal as pct_regios_aanbod,
        100.0 * a.n_regios_meer_vest / a.n_regios as pct_meer_vestigingen,
        100.0 * a.n_regios_meer_vest_lt11 / nullif(a.n_regios_lt11, 0) as pct_meer_vestigingen_lt11,
        r.is_illustrative
    from agg as a
    inner join regions as r on r.schooljaar = a.schooljaar
)

select {{ contract_columns() }}
from final
