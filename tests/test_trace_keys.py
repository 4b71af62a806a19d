"""The key of a cell in a release's lineage.json (orchestration/trace.py, _cell_key) is the text
json.dumps([indicator_id, *dimensions], default=str) writes, as in every release before 2026-12-05, so
that `trace` finds the cells of old and new releases alike."""

import datetime
import json

import pytest

from orchestration.trace import DIMENSIONS, _cell_key, _cell_keys

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
