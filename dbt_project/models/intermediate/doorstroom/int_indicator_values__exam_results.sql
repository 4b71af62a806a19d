{#- Study results (Tabel 1 "Studieresultaten", not quantified in the report): vmbo exam candidates,
    passes and pass rate from the DUO exam files.
    - layout per_profiel ("geslaagden, gezakten en cijfers"): per vestiging x leerweg x profiel
      (legacy programmes / tl: profiel NULL, breakdown afdeling); national per leerweg x profiel
      and per leerweg (all afdelingen).
    - layout multi_year ("examenkandidaten en geslaagden"): per vestiging x leerweg x sector
      (breakdown sector); national per leerweg (breakdown bestand = multi_year).
    A cell DUO published as `<5` has value NULL and is_suppressed = true (its bounds 1-4 are in
    marts.exam_results_vestiging); an aggregate containing such cells counts each at 2.5 and is
    flagged is_suppressed. Pass rate = passes / candidates x 100. Leerweg and profiel come from the reference
    list exam_codes (stg_duo__examenkandidaten): bb includes the leerwerktraject (VMBO LWT), as for pupils, so a
    vestiging's bb x sector cell adds its B and LWT lines. Rows left out are classified with their reason in
    int_coverage__duo_examenkandidaten. -#}
with exam_rows as (
    {{ exam_result_rows() }}
),

cells as (
    select
        schooljaar, layout, vestiging_id, leerweg, profiel, breakdown, breakdown_value,
        n_kandidaten, n_geslaagden,
        -- <5 estimated at 2.5, but never fewer candidates than passes (a known 3 passes of '<5' candidates)
        coalesce(cast(n_kandidaten as double), greatest(2.5, coalesce(cast(n_geslaagden as double), 0))) as kandidaten_schatting,
        coalesce(cast(n_geslaagden as double), least(2.5, coalesce(cast(n_kandidaten as double), 2.5))) as geslaagden_schatting,
        is_suppressed_at_source
    from exam_rows
),

vestiging as (
    select schooljaar, vestiging_id, leerweg, profiel, breakdown, breakdown_value,
        sum(kandidaten_schatting) as kandidaten, sum(geslaagden_schatting) as geslaagden,
        max(case when is_suppressed_at_source then 1 else 0 end) = 1 as is_suppressed,
        count(*) as n_cells
    from cells
    group by schooljaar, vestiging_id, leerweg, profiel, breakdown, breakdown_value
),

national as (
    select schooljaar, cast(null as string) as vestiging_id, leerweg, profiel, cast(null as string) as breakdown,
        cast(null as string) as breakdown_value,
        sum(kandidaten_schatting) as kandidaten, sum(geslaagden_schatting) as geslaagden,
        max(case when is_suppressed_at_source then 1 else 0 end) = 1 as is_suppressed
    from cells where layout = 'per_profiel' and profiel is not null
    group by schooljaar, leerweg, profiel
    union all
    select schooljaar, null, leerweg, null, null, null,
        sum(kandidaten_schatting), sum(geslaagden_schatting),
        max(case when is_suppressed_at_source then 1 else 0 end) = 1
    from cells where layout = 'per_profiel'
    group by schooljaar, leerweg
    union all
    select schooljaar, null, leerweg, null, 'bestand', 'multi_year',
        sum(kandidaten_schatting), sum(geslaagden_schatting),
        max(case when is_suppressed_at_source then 1 else 0 end) = 1
    from cells where layout = 'multi_year'
    group by schooljaar, leerweg
),

all_cells as (
    -- A single vestiging cell published as <5 has no value (only bounds).
    select schooljaar, vestiging_id, leerweg, profiel, breakdown, breakdown_value,
        case when is_suppressed and n_cells = 1 then null else kandidaten end as kandidaten,
        case when is_suppressed and n_cells = 1 then null else geslaagden end as geslaagden,
        is_suppressed
    from vestiging
    union all
    select schooljaar, vestiging_id, leerweg, profiel, breakdown, breakdown_value, kandidaten, geslaagden, is_suppressed
    from national
),

parts as (
    select 'exam_candidates' as indicator_id, schooljaar, vestiging_id, leerweg, profiel, breakdown, breakdown_value,
        kandidaten as numerator, cast(null as double) as denominator, kandidaten as value, 'count' as unit, is_suppressed
    from all_cells
    union all
    select 'exam_passes', schooljaar, vestiging_id, leerweg, profiel, breakdown, breakdown_value,
        geslaagden, null, geslaagden, 'count', is_suppressed
    from all_cells
    union all
    select 'exam_pass_rate', schooljaar, vestiging_id, leerweg, profiel, breakdown, breakdown_value,
        geslaagden, kandidaten, 100.0 * geslaagden / nullif(kandidaten, 0), 'percent', is_suppressed
    from all_cells
)

{{ indicator_value_rows('parts', [
    'indicator_id', 'schooljaar', 'vestiging_id', 'leerweg', 'profiel', 'breakdown', 'breakdown_value',
    'numerator', 'denominator', 'value', 'unit', 'is_suppressed'
]) }}
