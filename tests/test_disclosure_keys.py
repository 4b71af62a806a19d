"""A cell's key in disclosure control (orchestration/disclosure/describe.py, keys): its dimensions in name
order as `name<US>value<RS>`, absent ones (None, NaN, NULL) left out, a profiel's profielgroep dropped
when the profiel is there. Keys are hashed into the labels a release keeps for the next one, so their
text must not change; the frames arrive from DuckDB with Arrow-backed strings (pandas 3)."""

import numpy as np
import pandas as pd

from orchestration.disclosure.catalog import Count
from orchestration.disclosure.describe import END, SEP, keys


def pair(name: str, value: str) -> str:
    return f"{name}{SEP}{value}{END}"


def test_keys_from_arrow_strings_numbers_and_missing_values():
    dims = {
        "sto_regio_id": pd.array(["R01", None, "R02", "R01"], dtype="string[pyarrow]"),
        "leerweg": np.array(["kb", "bb", None, float("nan")], dtype=object),
        "schooljaar": np.array([2024, 2023, 2024, 2024], dtype=object),
        "aantal": np.array([1.0, 2.5, np.nan, 3.0]),  # floats are written as Python writes them
        "profiel": np.array(["PIE", None, None, "BWI"], dtype=object),
        "profielgroep": np.array(["techniek", "techniek", "niet-techniek", "techniek"], dtype=object),
        "empty": np.array([None, None, None, None], dtype=object),
    }
    assert list(keys(dims, 4)) == [
        pair("aantal", "1.0")
        + pair("leerweg", "kb")
        + pair("profiel", "PIE")
        + pair("schooljaar", "2024")
        + pair("sto_regio_id", "R01"),
        pair("aantal", "2.5") + pair("leerweg", "bb") + pair("profielgroep", "techniek") + pair("schooljaar", "2023"),
        pair("profielgroep", "niet-techniek") + pair("schooljaar", "2024") + pair("sto_regio_id", "R02"),
        pair("aantal", "3.0") + pair("profiel", "BWI") + pair("schooljaar", "2024") + pair("sto_regio_id", "R01"),
    ]


def test_a_counts_renames_fixed_values_and_dimensions_it_is_not_by():
    count = Count("n", "pupils", key=(("geslacht", "m"),), not_by=("leerweg",), rename=(("regio", "sto_regio_id"),))
    dims = {"regio": np.array(["R01", None], dtype=object), "leerweg": np.array(["kb", "bb"], dtype=object)}
    assert list(keys(dims, 2, count)) == [pair("geslacht", "m") + pair("sto_regio_id", "R01"), pair("geslacht", "m")]
    assert list(keys({}, 2)) == ["", ""]


def test_values_equal_in_python_but_written_differently_keep_their_own_text():
    # 1 == 1.0 == True and 0.0 == -0.0: a dimension mixing them is not written from its distinct values
    dims = {"x": np.array([1, 1.0, True, 0.0, -0.0, None, "1"], dtype=object)}
    assert list(keys(dims, 7)) == [pair("x", v) for v in ("1", "1.0", "True", "0.0", "-0.0")] + ["", pair("x", "1")]
