"""The key of a cell in a release's lineage.json (orchestration/trace.py, _cell_key) is the text
json.dumps([indicator_id, *dimensions], default=str) writes, as in every release before 2026-12-05, so
that `trace` finds the cells of old and new releases alike."""

import datetime
import io
import json

import duckdb
import pytest

from orchestration import trace
from orchestration.trace import COUNTS_MODEL, DIMENSIONS, _cell_key, _cell_keys, record_cell_rows

VALUES = [
    None,
    "R01",
    "",
    "techniek|techniek_indicatie",
    'quote " and backslash \\',
    "é ü ß — non-ASCII, escaped as \\u",
    "line\nbreak\ttab\x00\x1f\u2028",
    "😀",
    2024,
    -1,
    10**20,
    0,
    True,
    False,
    2.5,
    float("nan"),
    datetime.date(2024, 10, 1),
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_the_cell_key_is_json_dumps_of_the_indicator_and_its_dimensions(value):
    for dimension in DIMENSIONS:
        cell = {d: None for d in DIMENSIONS} | {
            dimension: value,
            "schooljaar": 2023 if dimension != "schooljaar" else value,
        }
        assert _cell_key("tech_share_lj3", cell) == json.dumps(
            ["tech_share_lj3", *(cell.get(d) for d in DIMENSIONS)], default=str
        )


def test_a_dimension_left_out_of_the_cell_is_null():
    assert _cell_key("x", {"schooljaar": 2024}) == '["x", 2024, null, null, null, null, null, null]'


def test_the_keys_of_a_query_result_are_the_cell_keys_of_its_rows():
    # a column of a query result holds one type: strings (with NULLs) in the dimensions, integers in schooljaar
    texts = [v for v in VALUES if v is None or isinstance(v, str)]
    rows = [
        ("tech_share_lj3", 2015 + i % 3, *(texts[(i + j) % len(texts)] for j in range(len(DIMENSIONS) - 1)), "x", 7)
        for i in range(3 * len(texts))
    ]
    width = 1 + len(DIMENSIONS)
    assert _cell_keys(rows, width) == [_cell_key(r[0], dict(zip(DIMENSIONS, r[1:width], strict=True))) for r in rows]
    assert _cell_keys([], width) == []


def test_a_release_records_the_cells_batch_by_batch_as_one_dict_would_be_written(monkeypatch):
    # three indicators over 2015-2024, each cell counted in one or two source files; traced: a and b
    con = duckdb.connect()
    dims = ", ".join(f"{d} VARCHAR" for d in DIMENSIONS[1:])
    con.execute("CREATE SCHEMA marts; CREATE SCHEMA intermediate")
    con.execute(f"CREATE TABLE marts.indicator_values (indicator_id VARCHAR, schooljaar INTEGER, {dims})")
    con.execute(
        f"CREATE TABLE intermediate.int_source_rows__cell_counts (indicator_id VARCHAR, schooljaar INTEGER, {dims}, "
        "_source_file VARCHAR, n_numerator_rows BIGINT, n_denominator_rows BIGINT)"
    )
    nulls = ", NULL" * (len(DIMENSIONS) - 1)
    for indicator in ("a", "b", "c"):
        for year in range(2015, 2025):
            con.execute(f"INSERT INTO marts.indicator_values VALUES ('{indicator}', {year}{nulls})")
            if indicator == "b" and year == 2020:
                continue  # a published cell without counts: empty parts
            rows = [("f1.csv", year, 2 * year)] + ([("f0.csv", 1, None)] if year % 2 else [])
            for file, numerator, denominator in rows:
                con.execute(
                    "INSERT INTO intermediate.int_source_rows__cell_counts "
                    f"VALUES ('{indicator}', {year}{nulls}, ?, ?, ?)",
                    [file, numerator, denominator if indicator == "a" else None],
                )
    lineage = {
        "nodes": {
            "model.x.counts": {"resource_type": "model", "name": COUNTS_MODEL, "schema": "intermediate"},
            **{
                f"model.x.{i}": {
                    "resource_type": "model",
                    "name": i,
                    "indicators": [{"id": i, "trace": {"rows_model": "m"} if i != "c" else {}}],
                }
                for i in ("a", "b", "c")
            },
        }
    }
    whole = io.StringIO()
    whole_files = record_cell_rows(con, lineage, whole)
    monkeypatch.setattr(trace, "CELL_BATCH_ROWS", 3)  # 10 cells per indicator: four batches each, the last of one
    out = io.StringIO()
    files = record_cell_rows(con, lineage, out)
    whole, batched = whole.getvalue(), out.getvalue()
    assert batched == whole
    assert files == whole_files == ["f0.csv", "f1.csv"]
    cells = json.loads(batched)
    assert len(cells) == 20
    key_2019 = _cell_key("a", {"schooljaar": 2019})
    assert cells[key_2019] == [[[0, 1], [1, 2019]], [[1, 4038]]]  # f0.csv has no denominator rows
    assert cells[_cell_key("b", {"schooljaar": 2018})] == [[[1, 2018]], None]  # b counts no denominator
    assert cells[_cell_key("b", {"schooljaar": 2020})] == [[], None]
    # the text json.dumps writes for all cells as one dict (every release before the batches)
    one_dict = trace._counted_per_cell(con, lineage, ["a", "b"])[1]
    assert batched == json.dumps(one_dict, separators=(",", ":"), ensure_ascii=False)
