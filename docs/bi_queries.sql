-- Ready SQL for the main questions of the STO monitor, run against a RELEASE (never the working warehouse).
-- Open read-only from inside the release folder:  cd $STO_HOME/releases/2025.1 && duckdb -readonly release.duckdb
-- Every query is named ("-- name:") and lists its result columns ("-- columns:"); tests/test_report_bi.py
-- runs each one on release.duckdb opened with read_only=True and checks these columns.
-- Suppressed small cells have is_suppressed = true and NULL counts/values: show them as "*", never as 0.

-- name: tech_share_trend
-- question: the share of third-year pupils in a technical profile per schooljaar, national and per leerweg (A2/A3)
-- columns: schooljaar, leerweg, tech_share, numerator, denominator, is_suppressed
SELECT schooljaar, coalesce(leerweg, 'bb+kb+gl') AS leerweg, value AS tech_share, numerator, denominator, is_suppressed
FROM marts.indicator_values
WHERE indicator_id = 'tech_share_lj3' AND sto_regio_id IS NULL AND vestiging_id IS NULL
  AND profiel IS NULL AND breakdown IS NULL
ORDER BY schooljaar, leerweg;

-- name: pupils_per_profiel_leerweg_latest
-- question: third-year pupils per profiel x leerweg in the latest schooljaar (Tabel B3.12)
-- columns: schooljaar, leerweg, profielgroep, profiel, n_pupils, female_share, is_suppressed
SELECT schooljaar, leerweg, profielgroep, profiel, n_pupils, female_share, is_suppressed
FROM marts.pupils_lj3_by_profiel
WHERE schooljaar = (SELECT max(schooljaar) FROM marts.pupils_lj3_by_profiel)
  AND profiel IS NOT NULL AND leerweg IS NOT NULL
ORDER BY leerweg, profielgroep, profiel;

-- name: regions_below_75_tech_pupils
-- question: STO regions with fewer than 75 technical third-year pupils in the latest schooljaar (B2)
-- columns: schooljaar, sto_regio_id, regio_naam, n_tech, n_pupils, tech_share
SELECT schooljaar, sto_regio_id, regio_naam, n_tech, n_pupils, tech_share
FROM marts.regio_techniek_lj3
WHERE schooljaar = (SELECT max(schooljaar) FROM marts.regio_techniek_lj3) AND n_tech < 75
ORDER BY n_tech;

-- name: reach_per_profiel
-- question: share of third-year pupils within 10 km of a vestiging offering the profile (Tabel B3.6)
-- columns: schooljaar, leerweg, profiel, n_pupils_placed, share_within_10km
SELECT schooljaar, leerweg, profiel, n_pupils_placed, share_within_10km
FROM marts.bereikbaarheid_10km
WHERE schooljaar = (SELECT max(schooljaar) FROM marts.bereikbaarheid_10km)
ORDER BY leerweg, profiel;

-- name: doorstroom_tech_mbo
-- question: leerjaar-4 pupils entering mbo per profile and the share entering technical mbo (Tabel B3.19)
-- columns: schooljaar, profiel, n_mbo_entrants, techniek_indicatie_share, techniek_sectorkamer_share
SELECT schooljaar, profiel, n_mbo_entrants, techniek_indicatie_share, techniek_sectorkamer_share
FROM marts.doorstroom_tech_mbo
ORDER BY schooljaar, profiel;

-- name: teachers_per_profiel
-- question: lesgevenden (persons and fte) per profile per schooljaar (Bijlage 4, Figure B4.1)
-- columns: schooljaar, profielgroep, profiel, n_persons, fte
SELECT schooljaar, profielgroep, profiel, n_persons, fte
FROM marts.lesgevenden_per_profiel
ORDER BY schooljaar, profielgroep, profiel;

-- name: indicator_catalog
-- question: which indicators the release holds, with definition, unit and producing dbt model
-- columns: indicator_id, name_nl, catalog_section, unit, dbt_model
SELECT indicator_id, name_nl, catalog_section, unit, dbt_model
FROM marts.indicator_catalog
ORDER BY catalog_section, indicator_id;

-- name: suppressed_cells_per_indicator
-- question: how many cells of each indicator are suppressed in the release
-- columns: indicator_id, n_cells, n_suppressed
SELECT indicator_id, count(*) AS n_cells, count(*) FILTER (WHERE is_suppressed) AS n_suppressed
FROM marts.indicator_values
GROUP BY indicator_id
ORDER BY indicator_id;

-- name: region_budget_beside_registry
-- question: per STO region in the latest schooljaar with a plan in force: budget, partners, allocation mode and region type beside its technical pupils and share (H1-H4, B1, B2)
-- columns: schooljaar, sto_regio_id, regio_naam, planperiode, regio_type, verdeling_middelen, subsidie_per_jaar_eur, n_partners, n_techniek_lj3, techniek_aandeel_lj3, is_suppressed
SELECT schooljaar, sto_regio_id, regio_naam, planperiode, regio_type, verdeling_middelen, subsidie_per_jaar_eur,
       n_partners, n_techniek_lj3, techniek_aandeel_lj3, is_suppressed
FROM marts.regio_portret
WHERE schooljaar = (SELECT max(schooljaar) FROM marts.regio_portret WHERE planperiode IS NOT NULL AND n_leerlingen_lj3 IS NOT NULL)
ORDER BY sto_regio_id;

-- name: survey_teacher_results_by_technical_vak
-- question: teachers' answers per item, technical vak vs not, with n and the significance marker (Tabellen 5.x)
-- columns: table_id, item_text_nl, group_value, n_respondents, value, significance_flag, is_suppressed
SELECT table_id, item_text_nl, group_value, n_respondents, value, significance_flag, is_suppressed
FROM marts.survey_item_results
WHERE survey_id = 'LG' AND measure = 'pct_top'
ORDER BY table_id, source_line, group_value;

-- name: survey_programme_leaders_by_region_tech_share
-- question: programme leaders' answers beside their regions' technical share in leerjaar 3 (tertiles of regions)
-- columns: wave, table_id, item_text_nl, regio_groep, n_respondents, mean_value, pct_top, region_tech_share_lj3
SELECT wave, table_id, item_text_nl, regio_groep, n_respondents, mean_value, pct_top, region_tech_share_lj3
FROM marts.survey_regio_programmaleiders
WHERE level = 'tertiel_techniekaandeel'
ORDER BY wave, table_id, item_id, regio_groep;
