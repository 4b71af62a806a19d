"""How the report reads a release (orchestration/report/data.py): each mart once into memory, a
question asked again answered from its first answer without sharing rows between callers, and an
indicator's cells read in one query matching what a query per cell (IS NOT DISTINCT FROM) returns."""

import duckdb
import pytest

from orchestration.report.data import ReleaseData
from orchestration.report.sections.kerncijfers import CELL_DIMENSIONS

ROWS = [  # indicator_id, schooljaar, sto_regio_id, leerweg, value
    ("share", 2023, None, None, 50.0),
    ("share", 2024, None, None, float("nan")),  # NaN is read as a missing value
    ("share", 2024, "R01", None, 40.0),
    ("share", 2023, "R01", None, 41.0),
    ("share", 2024, "R01", "kb", 30.0),
    ("count", 2024, "R01", None, 7.0),
]


@pytest.fixture
def release(tmp_path):
    (tmp_path / "marts").mkdir()
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE t (indicator_id VARCHAR, schooljaar INTEGER, sto_regio_id VARCHAR, vestiging_id VARCHAR, "
        "leerweg VARCHAR, profiel VARCHAR, breakdown VARCHAR, breakdown_value VARCHAR, value DOUBLE)"
    )
    con.executemany("INSERT INTO t VALUES (?, ?, ?, NULL, ?, NULL, NULL, NULL, ?)", ROWS)
    con.execute(f"COPY t TO '{tmp_path / 'marts' / 'indicator_values.parquet'}' (FORMAT parquet)")
    con.close()
    with ReleaseData(tmp_path, release_id="r") as data:
        yield data


def test_the_marts_are_tables_in_memory_not_views_on_the_files(release):
    kinds = release.con.execute("SELECT table_name, table_type FROM information_schema.tables").fetchall()
    assert kinds == [("indicator_values", "BASE TABLE")]


def test_a_repeated_question_gives_equal_rows_that_are_not_shared(release):
    sql = "SELECT value FROM indicator_values WHERE sto_regio_id = ? ORDER BY value"
    first = release.rows(sql, ["R01"])
    assert first == [{"value": 7.0}, {"value": 30.0}, {"value": 40.0}, {"value": 41.0}]
    first[0]["value"] = -1  # a caller changing its rows does not change the next answer
    assert release.rows(sql, ["R01"])[0] == {"value": 7.0}
    assert release.rows(sql, ["R02"]) == []  # other parameters, another answer
    in_list = "SELECT count(*) AS n FROM indicator_values WHERE indicator_id IN (SELECT unnest(?))"
    assert release.rows(in_list, [["share"]]) == [{"n": 5}]  # a list among the parameters
    assert release.rows(in_list, [["count", "share"]]) == [{"n": 6}]


def test_the_cells_of_an_indicator_are_the_rows_a_query_per_cell_returns(release):
    cells = release.indicator_cells("share", CELL_DIMENSIONS)
    assert set(cells) == {
        (None, None, None, None, None, None),
        ("R01", None, None, None, None, None),
        ("R01", None, "kb", None, None, None),
    }
    where = " AND ".join(f"{d} IS NOT DISTINCT FROM ?" for d in CELL_DIMENSIONS)
    for key, rows in cells.items():
        per_cell = release.rows(
            f"SELECT * FROM indicator_values WHERE indicator_id = 'share' AND {where} ORDER BY schooljaar DESC",
            list(key),
        )
        assert rows == per_cell
    national = cells[(None, None, None, None, None, None)]
    assert [(r["schooljaar"], r["value"]) for r in national] == [(2024, None), (2023, 50.0)]  # latest first
