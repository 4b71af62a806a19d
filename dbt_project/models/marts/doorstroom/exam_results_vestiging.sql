{#- vmbo exam results per vestiging x leerweg x profiel (per-profile file) or sector (multi-year file) x
    schooljaar, totals over gender, for the rows whose leerweg the reference list exam_codes decodes.
    A leerwerktraject (VMBO LWT) is a bb route: its candidates are added to the bb row of the same sector.
    A count DUO published as `<5` stays suppressed: n NULL, bounds 1-4; a row adding up several DUO
    cells (bb + LWT) has n NULL when any of them is `<5` and bounds that are the sums of theirs. -#}
with cells as (
    select * from {{ ref('stg_duo__examenkandidaten') }}
    where onderwijstype = 'VMBO' and geslacht = 'T' and leerweg is not null
),

rows_ as (
    select
        schooljaar, vestiging_id, layout, leerweg, profiel, sector, afdeling,
        cast(case when max(case when is_kandidaten_suppressed_at_source then 1 else 0 end) = 0
            then sum(n_kandidaten) end as integer) as n_kandidaten,
        cast(sum(n_kandidaten_min) as integer) as n_kandidaten_min,
        cast(sum(n_kandidaten_max) as integer) as n_kandidaten_max,
        cast(case when max(case when is_geslaagden_suppressed_at_source then 1 else 0 end) = 0
            then sum(n_geslaagden) end as integer) as n_geslaagden,
        cast(sum(n_geslaagden_min) as integer) as n_geslaagden_min,
        cast(sum(n_geslaagden_max) as integer) as n_geslaagden_max,
        max(case when is_suppressed_at_source then 1 else 0 end) = 1 as is_suppressed_at_source
    from cells
    group by schooljaar, vestiging_id, layout, leerweg, profiel, sector, afdeling
),

final as (
    select
        schooljaar,
        vestiging_id,
        layout,
        leerweg,
        profiel,
        sector,
        afdeling,
        n_kandidaten,
        n_kandidaten_min,
        n_kandidaten_max,
        n_geslaagden,
        n_geslaagden_min,
        n_geslaagden_max,
        100.0 * n_geslaagden / nullif(n_kandidaten, 0) as pass_rate,
        is_suppressed_at_source
    from rows_
)

select {{ contract_columns() }}
from final
