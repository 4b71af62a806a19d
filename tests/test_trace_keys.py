"""The key of a cell in a release's lineage.json (orchestration/trace.py, _cell_key) is the text
json.dumps([indicator_id, *dimensions], default=str) writes, as in every release before 2026-12-05, so
that `trace` finds the cells of old and new releases alike."""

import datetime
import json

import pytest

from orchestration.trace import DIMENSIONS, _cell_key

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
