"""The disclosure core on small hand-built tables: cells, relations, the MILP pattern, the LP attacker."""

from __future__ import annotations

import pandas as pd
import pytest

from orchestration.disclosure.model import Cell, Problem, Relation, problem_of
from orchestration.disclosure.solve import audit, choose_hidden
from orchestration.suppression import complementary

# A 3 x 3 table of pupils with row, column and grand totals. Cells (0,0) = 2 and (1,1) = 3 are below
# the threshold 6.
TABLE = [[2, 50, 30], [40, 3, 20], [30, 20, 60]]


def table_problem(table=TABLE, threshold=6) -> Problem:
    n, m = len(table), len(table[0])
    cells = {(i, j): Cell(table[i][j], threshold) for i in range(n) for j in range(m)}
    cells |= {(i, None): Cell(sum(table[i]), threshold) for i in range(n)}
    cells |= {(None, j): Cell(sum(table[i][j] for i in range(n)), threshold) for j in range(m)}
    cells[(None, None)] = Cell(sum(map(sum, table)), threshold)
    rels = [Relation((i, None), tuple((i, j) for j in range(m))) for i in range(n)]
    rels += [Relation((None, j), tuple((i, j) for i in range(n))) for j in range(m)]
    rels += [Relation((None, None), tuple((i, None) for i in range(n)))]
    rels += [Relation((None, None), tuple((None, j) for j in range(m)))]
    return problem_of(cells, rels)


def old_heuristic_pattern(table=TABLE) -> set:
    """What the per-table heuristic of orchestration/suppression.py hides in TABLE."""
    rows = []
    for i, r in enumerate([*table, [sum(c) for c in zip(*table, strict=True)]]):
        for j, v in enumerate([*r, sum(r)]):
            rows.append(
                {"k": "t", "r": None if i == len(table) else str(i), "c": None if j == len(r) else str(j), "n": v}
            )
    frame = pd.DataFrame(rows)
    primary = (frame["n"] > 0) & (frame["n"] < 6)
    hidden = complementary(frame, primary, value="n", fixed=["k"], dims=["r", "c"])
    return {
        (None if r is None else int(r), None if c is None else int(c))
        for r, c in frame.loc[hidden, ["r", "c"]].itertuples(index=False)
    }


def test_old_heuristic_is_attackable_and_the_audit_catches_it():
    old = old_heuristic_pattern()
    # Every row and column has zero or two hidden cells, as the heuristic wants ...
    assert old == {(0, 0), (0, 2), (1, 1), (1, 2), (2, 0), (2, 1)}
    result = audit(table_problem(), old)
    # ... but rows 0 and 1 and column 2 give (0,0) + (1,1) = 82 - 50 + 63 - 40 - (110 - 60) = 5:
    # both small cells lie in [0, 5], never reaching the threshold 6.
    assert sorted(result.failures) == [(0, 0), (1, 1)]
    assert result.intervals[(0, 0)].lo == pytest.approx(0)
    assert result.intervals[(0, 0)].hi == pytest.approx(5)
    assert result.intervals[(1, 1)].hi == pytest.approx(5)


def test_new_method_protects_the_same_table():
    problem = table_problem()
    result = choose_hidden(problem)
    assert result.ok
    assert {(0, 0), (1, 1)} <= result.hidden
    for cell in [(0, 0), (1, 1)]:
        iv = result.intervals[cell]
        assert iv.lo == pytest.approx(0) and iv.hi >= 6
    # and an independent audit of the chosen pattern agrees
    assert audit(problem, result.hidden).ok


def test_one_small_cell_in_a_row_takes_the_cheapest_partner():
    # total 32 = 2 + 10 + 20: hiding 2 alone is undone by subtraction; with 10 it lies in [0, 12].
    cells = {"t": Cell(32, 6), "a": Cell(2, 6), "b": Cell(10, 6), "c": Cell(20, 6)}
    problem = problem_of(cells, [Relation("t", ("a", "b", "c"))])
    result = choose_hidden(problem)
    assert result.hidden == {"a", "b"}
    assert result.intervals["a"].hi == pytest.approx(12)
    assert result.intervals["b"].lo == pytest.approx(0) and result.intervals["b"].hi == pytest.approx(12)


def test_two_small_cells_together_are_not_enough():
    # total 30 = 4 + 1 + 25: hiding the two small cells gives a + b = 5, so both lie in [0, 5] and
    # never reach the threshold 6; the optimiser must hide a third cell (25: less loss than the 30).
    cells = {"t": Cell(30, 6), "a": Cell(4, 6), "b": Cell(1, 6), "c": Cell(25, 6)}
    problem = problem_of(cells, [Relation("t", ("a", "b", "c"))])
    assert audit(problem, {"a", "b"}).failures == ["a", "b"]
    result = choose_hidden(problem)
    assert result.hidden == {"a", "b", "c"}
    assert result.intervals["a"].hi == pytest.approx(30)  # a + b + c = 30
    assert result.intervals["c"].lo == pytest.approx(0)


def test_distinct_person_totals_are_inequalities():
    # teachers: 12 persons in the group, 9 + 8 in its two profiles (5 teach both). The group <= the sum
    # and each profile <= the group; hiding the 9 alone leaves [0, 12] from "profile <= group".
    cells = {"g": Cell(12, 10), "p": Cell(9, 10), "q": Cell(8, 10)}
    problem = problem_of(
        cells, [Relation("g", ("p", "q"), "<="), Relation("g", ("p",), ">="), Relation("g", ("q",), ">=")]
    )
    result = choose_hidden(problem)
    assert {"p", "q"} <= result.hidden  # both are below 10
    assert result.ok
    assert result.intervals["p"].lo == pytest.approx(0) and result.intervals["p"].hi == pytest.approx(12)


def test_relation_must_hold_on_true_values():
    cells = {"t": Cell(10), "a": Cell(3), "b": Cell(3)}
    with pytest.raises(ValueError, match="does not hold"):
        problem_of(cells, [Relation("t", ("a", "b"))])


def test_components_are_independent():
    p = table_problem()
    q = problem_of({"x": Cell(3, 6), "y": Cell(7, 6), "z": Cell(10, 6)}, [Relation("z", ("x", "y"))])
    both = Problem(cells={**p.cells, **q.cells}, relations=[*p.relations, *q.relations])
    parts = both.components()
    assert sorted(len(c.cells) for c in parts) == [3, 16]
