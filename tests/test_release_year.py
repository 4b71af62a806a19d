"""`release --latest`: which monitor year a warehouse's data belong to (docs/release.md)."""

from __future__ import annotations

import pytest

from orchestration.release_assets import latest_monitor_year
from orchestration.resources import WarehouseResource


def _warehouse(tmp_path, rows: list[tuple[str, int]]) -> WarehouseResource:
    warehouse = WarehouseResource(sto_home=str(tmp_path))
    with warehouse.connect() as con:
        con.execute("CREATE SCHEMA marts")
        con.execute("CREATE TABLE marts.indicator_values (indicator_id VARCHAR, schooljaar INTEGER)")
        if rows:
            con.executemany("INSERT INTO marts.indicator_values VALUES (?, ?)", rows)
    return warehouse


def test_latest_follows_the_pupil_counts_not_survey_metingen(tmp_path):
    # pupils up to 2024/25 -> monitor year 2025, although a school-leaver meting of 2026 is loaded
    rows = [("pupils_lj3_count", 2023), ("pupils_lj3_count", 2024), ("svo_attractive", 2026)]
    assert latest_monitor_year(_warehouse(tmp_path, rows)) == 2025


def test_latest_without_pupil_counts_uses_every_indicator(tmp_path):
    assert latest_monitor_year(_warehouse(tmp_path, [("teachers_tech_persons", 2022)])) == 2023


def test_latest_on_an_empty_mart_fails(tmp_path):
    import dagster as dg

    with pytest.raises(dg.Failure, match="empty"):
        latest_monitor_year(_warehouse(tmp_path, []))
