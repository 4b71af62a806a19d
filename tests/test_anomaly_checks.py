"""The year-on-year anomaly rules over marts.indicator_values (orchestration/checks.py `anomaly_checks`, the
non-blocking check year_on_year_anomalies; thresholds in ingest/quality_rules.yml), on hand-built cells."""

from __future__ import annotations

import duckdb
import pytest

from orchestration import checks

COLUMNS = "indicator_id, unit, schooljaar, value, denominator, sto_regio_id, vestiging_id, leerweg, profiel"
RULES = {
    "anomalies": {
        "default": {
            "count": {"relative": 0.25, "min_value": 20},
            "percent": {"points": 5.0, "min_denominator": 50},
            "other": {"relative": 0.25},
        },
        "indicators": {"override": {"points": 2.0}},
    }
}


def cells(*rows: tuple) -> duckdb.DuckDBPyConnection:
    """marts.indicator_values with (indicator, unit, schooljaar, value, denominator, regio) rows."""
    con = duckdb.connect()
    con.execute("CREATE SCHEMA marts")
    con.execute(
        "CREATE TABLE marts.indicator_values (indicator_id VARCHAR, unit VARCHAR, schooljaar INTEGER, value DOUBLE, "
        "denominator DOUBLE, sto_regio_id VARCHAR, vestiging_id VARCHAR, leerweg VARCHAR, profiel VARCHAR, "
        "breakdown VARCHAR, breakdown_value VARCHAR)"
    )
    for row in rows:
        con.execute(f"INSERT INTO marts.indicator_values ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, NULL)", row)
    return con


@pytest.fixture(autouse=True)
def rules(monkeypatch):
    monkeypatch.setattr(checks, "quality_rules", lambda: RULES)


def found(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    return {check.target.split(" ", 1)[1]: check.extra["cells"] for check in checks.anomaly_checks(con)}


def test_a_count_jumps_by_more_than_a_quarter_of_at_least_twenty():
    con = cells(
        ("n", "count", 2020, 100, None, "R1"),
        ("n", "count", 2021, 130, None, "R1"),  # +30 %: a jump
        ("n", "count", 2020, 100, None, "R2"),
        ("n", "count", 2021, 120, None, "R2"),  # +20 %
        ("n", "count", 2020, 10, None, "R3"),
        ("n", "count", 2021, 19, None, "R3"),  # +90 % but both below 20
        ("n", "count", 2020, 0, None, "R4"),
        ("n", "count", 2021, 50, None, "R4"),  # from 0: no ratio
        ("n", "count", 2021, 100, None, "R5"),
        ("n", "count", 2022, 60, None, "R5"),  # -40 %: a jump
    )
    assert found(con) == {"n": ["2020->2021 regio=R1: 100 -> 130 (+30 %)", "2021->2022 regio=R5: 100 -> 60 (-40 %)"]}


def test_a_percentage_jumps_by_more_than_five_points_where_both_years_count_fifty():
    con = cells(
        ("p", "percent", 2020, 40, 60, "R1"),
        ("p", "percent", 2021, 46, 70, "R1"),  # +6 points: a jump
        ("p", "percent", 2020, 40, 40, "R2"),
        ("p", "percent", 2021, 46, 70, "R2"),  # 40 pupils in 2020
        ("p", "percent", 2020, 40, 60, "R3"),
        ("p", "percent", 2021, 44, 60, "R3"),  # +4 points
        ("p", "percent", 2020, 40, None, "R4"),
        ("p", "percent", 2021, 30, None, "R4"),  # no denominator: -10
    )
    assert found(con) == {
        "p": ["2020->2021 regio=R1: 40 -> 46 (+6.0 points)", "2020->2021 regio=R4: 40 -> 30 (-10.0 points)"]
    }


def test_another_unit_and_an_indicators_own_rule():
    con = cells(
        ("r", "ratio", 2020, 2.0, None, None),
        ("r", "ratio", 2021, 2.6, None, None),  # +30 %, the total cell
        ("override", "count", 2020, 100, None, "R1"),
        ("override", "count", 2021, 103, None, "R1"),  # +3 points
        ("override", "count", 2020, 100, None, "R2"),
        ("override", "count", 2021, 101, None, "R2"),  # +1 point
    )
    assert found(con) == {
        "override": ["2020->2021 regio=R1: 100 -> 103 (+3.0 points)"],
        "r": ["2020->2021 total: 2 -> 2.6 (+30 %)"],
    }
    (check,) = [c for c in checks.anomaly_checks(con) if c.target.endswith("override")]
    assert not check.passed and not check.blocking
    assert check.detail == "1 cell(s) beyond the threshold, e.g. 2020->2021 regio=R1: 100 -> 103 (+3.0 points)"


def test_no_table_no_anomaly():
    assert checks.anomaly_checks(duckdb.connect()) == []
