"""A cell's key in disclosure control (orchestration/disclosure/describe.py, keys): its dimensions in name
order as `name<US>value<RS>`, absent ones (None, NaN, NULL) left out, a profiel's profielgroep dropped
when the profiel is there. Keys are hashed into the labels a release keeps for the next one, so their
text must not change; the frames arrive from DuckDB with Arrow-backed strings (pandas 3). And how the
figures of the keys become numbered cells and how a looked-up cell is found (Described.number)."""

import numpy as np
import pandas as pd

from orchestration.disclosure.catalog import Count
from orchestration.disclosure.describe import END, SEP, _group_numbers, keys


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


class _Thresholds:
    def threshold(self, population: str) -> int:
        return 6


def test_cells_are_numbered_by_first_figure_and_looked_up_cells_found_with_every_value():
    from orchestration.disclosure.describe import Described

    d = Described(_Thresholds())  # type: ignore[arg-type]
    # mart t, column n: (lj3, 2023, a) = 5 twice, (lj3, 2023, b) = 7, (lj3, 2024, a) = 9
    d.figures.add(("t", "n"), "lj3", [2023, 2023, 2023, 2024], ["a", "b", "a", "a"], [5, 7, 5, 9], [0, 1, 2, 3])
    # mart u, column m: (lj3, 2023, b) = 8, a second value for one key (a clash)
    d.figures.add(("u", "m"), "lj3", [2023], ["b"], [8], [0])
    # mart v rests on looked-up cells: (lj3, 2023, b) has two values, (lj3, 2023, a) one; a year and a
    # population without cells are not found
    pops = np.array(["lj3", "lj3", "lj3", "other"], dtype=object)
    d.figures.lookups.append(
        (
            ("v", "share"),
            np.array([0, 1, 2, 3]),
            pops,
            np.array([2023, 2023, 2025, 2023]),
            np.array(["b", "a", "a", "a"], dtype=object),
        )
    )
    d.number()
    assert d.cells[["year", "key", "value", "places"]].values.tolist() == [
        [2023, "a", 5.0, 2],
        [2023, "b", 7.0, 1],
        [2024, "a", 9.0, 1],
        [2023, "b", 8.0, 1],
    ]
    assert [a.tolist() for a in d.columns[("t", "n")]] == [[0, 1, 2, 3], [0, 1, 0, 2]]
    assert [a.tolist() for a in d.columns[("u", "m")]] == [[0], [3]]
    assert [a.tolist() for a in d.lookups[("v", "share")]] == [[0, 0, 1], [1, 3, 0]]
    assert (d.clashes, d.unresolved) == (1, 2)
    labels = d.problem().labels  # made when asked for, as Python values
    assert len(labels) == 4
    assert labels[1] == ("lj3", 2023, "b", 7.0) and type(labels[1][1]) is int and type(labels[1][3]) is float
    assert labels[-1] == ("lj3", 2023, "b", 8.0)
    assert labels[1:3] == [("lj3", 2023, "b", 7.0), ("lj3", 2024, "a", 9.0)]
    assert list(labels) == [labels[i] for i in range(4)]  # iteration stops at the end


def test_groups_numbered_within_populations_are_numbered_across_them_in_order():
    # find_relations numbers a relation's group within its population (populations 0, 2 and 5 have groups;
    # 1, 3 and 4 none): 0-1 in population 0, 2-3 in population 2, 4 in population 5
    population = np.array([0, 0, 0, 2, 2, 2, 5])
    within = np.array([0, 0, 1, 0, 1, 1, 0])
    assert _group_numbers(population, within).tolist() == [0, 0, 1, 2, 3, 3, 4]
    assert _group_numbers(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)).tolist() == []
