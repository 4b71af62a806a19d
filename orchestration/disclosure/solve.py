"""Choosing the hidden cells (a MILP) and the attacker's audit (linear programmes), both with HiGHS.

The attacker knows every published cell, every relation and that counts are >= 0. For a hidden cell
x_p the tightest interval he can derive is [min x_p, max x_p] over the hidden cells as variables
subject to all relations: two LPs (`Attacker`).

A primary cell with value v and threshold t is *protected* when that interval reaches from 0 to at
least t: from everything published the cell could as well be empty as at or above the threshold
(lower protection v, upper protection t - v).

`choose_hidden` minimises the information loss sum(weight of hidden cells) over 0/1 variables h_c
(1 = hidden) with h = 1 for the primary cells, subject to
- capacity rows: within one additive relation, the other hidden cells must be able to absorb the
  protection of a primary cell in both directions (a member can fall by at most its value);
- cover cuts, added while the attacker still wins: when the attacker's LP bounds a primary cell too
  tightly, its dual solution names the relations used and hence the published cells whose values
  enter the bound; at least one of them must be hidden (if none is, the same bound holds).
It stops when the attacker's audit passes for every primary cell (or after `max_rounds`).
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass, field

import highspy
import numpy as np

from orchestration.disclosure.model import Problem

INF = math.inf
TOL = 1e-6


def _highs() -> highspy.Highs:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    return h


@dataclass
class Interval:
    lo: float
    hi: float
    lo_support: frozenset = frozenset()  # published cells whose values the lower bound rests on
    hi_support: frozenset = frozenset()


class Attacker:
    """The outsider's LP over one problem with the cells `hidden` withheld."""

    def __init__(self, problem: Problem, hidden: set[Hashable]):
        self.problem = problem
        self.hidden = [c for c in problem.cells if c in hidden]
        self.col = {c: i for i, c in enumerate(self.hidden)}
        self.rows_support: list[frozenset] = []
        lower, upper, starts, index, value = [], [], [0], [], []
        self.in_rows = np.zeros(len(self.hidden), dtype=bool)
        for r in problem.relations:
            coef = r.coefficients()
            var = [(self.col[c], a) for c, a in coef if c in self.col]
            if not var:
                continue
            const = sum(a * problem.cells[c].value for c, a in coef if c not in self.col)
            rhs = -const
            lower.append(rhs if r.sense in ("=", ">=") else -INF)
            upper.append(rhs if r.sense in ("=", "<=") else INF)
            for j, a in var:
                index.append(j)
                value.append(a)
                self.in_rows[j] = True
            starts.append(len(index))
            self.rows_support.append(frozenset(c for c, _ in coef if c not in self.col))
        self.h = None
        if self.hidden and lower:
            lp = highspy.HighsLp()
            lp.num_col_ = len(self.hidden)
            lp.num_row_ = len(lower)
            lp.col_cost_ = np.zeros(len(self.hidden))
            lp.col_lower_ = np.zeros(len(self.hidden))
            lp.col_upper_ = np.full(len(self.hidden), highspy.kHighsInf)
            lp.row_lower_ = np.array([-highspy.kHighsInf if x == -INF else x for x in lower])
            lp.row_upper_ = np.array([highspy.kHighsInf if x == INF else x for x in upper])
            lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
            lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
            lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
            lp.a_matrix_.value_ = np.array(value, dtype=float)
            self.h = _highs()
            self.h.passModel(lp)
            self._cost_col: int | None = None

    def _optimise(self, j: int, sense: str) -> tuple[float, frozenset]:
        h = self.h
        if self._cost_col is not None and self._cost_col != j:
            h.changeColCost(self._cost_col, 0.0)
        h.changeColCost(j, 1.0)
        self._cost_col = j
        h.changeObjectiveSense(highspy.ObjSense.kMaximize if sense == "max" else highspy.ObjSense.kMinimize)
        h.run()
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            duals = h.getSolution().row_dual
            support = frozenset().union(*(self.rows_support[i] for i, y in enumerate(duals) if abs(y) > 1e-9))
            return h.getInfo().objective_function_value, support
        if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return (INF if sense == "max" else -INF), frozenset()
        raise RuntimeError(f"attacker LP ended with {h.modelStatusToString(status)}")

    def interval(self, cell: Hashable) -> Interval:
        j = self.col[cell]
        if self.h is None or not self.in_rows[j]:
            return Interval(0.0, INF)
        lo, lo_s = self._optimise(j, "min")
        hi, hi_s = self._optimise(j, "max")
        return Interval(max(lo, 0.0), hi, lo_s, hi_s)


def protected(problem: Problem, cell: Hashable, iv: Interval) -> tuple[bool, bool]:
    """(lower ok, upper ok): the interval reaches 0 and the cell's threshold."""
    c = problem.cells[cell]
    return iv.lo <= TOL, iv.hi >= c.threshold - TOL * max(1.0, c.threshold)


@dataclass
class Pattern:
    hidden: set[Hashable]
    rounds: int = 0
    cuts: int = 0
    intervals: dict[Hashable, Interval] = field(default_factory=dict)
    failures: list[Hashable] = field(default_factory=list)  # primary cells the attacker narrows down

    @property
    def ok(self) -> bool:
        return not self.failures


def audit(problem: Problem, hidden: set[Hashable], only_primary: bool = False) -> Pattern:
    """The attacker's interval for every hidden cell (or only the primary ones); the primary ones
    must be protected."""
    attacker = Attacker(problem, hidden)
    out = Pattern(hidden=set(hidden))
    for c in attacker.hidden:
        if only_primary and not problem.cells[c].primary:
            continue
        iv = attacker.interval(c)
        out.intervals[c] = iv
        if problem.cells[c].primary and not all(protected(problem, c, iv)):
            out.failures.append(c)
    return out


def _capacity_rows(problem: Problem, primary: set[Hashable], index: dict) -> list[tuple[list, list, float]]:
    """Necessary conditions per additive relation and primary cell (see module docstring)."""
    rows = []
    for r in problem.relations:
        if r.sense != "=":
            continue
        coef = dict(r.coefficients())
        for p in coef:
            if p not in primary:
                continue
            cell = problem.cells[p]
            for need, same_cap in ((cell.threshold - cell.value, "value"), (cell.value, "free")):
                # need: how far p must be able to move (up, then down); same_cap: what limits the
                # cells whose coefficient has p's sign (they move opposite to p in that direction).
                if need <= 0:
                    continue
                cols, vals = [], []
                for c, a in coef.items():
                    if c == p:
                        continue
                    same = (a > 0) == (coef[p] > 0)
                    limited = same if same_cap == "value" else not same
                    cap = min(problem.cells[c].value, need) if limited else need
                    if cap > 0:
                        cols.append(index[c])
                        vals.append(cap)
                rows.append((cols, vals, need))
    return rows


def choose_hidden(problem: Problem, max_rounds: int = 8, time_limit: float = 20.0) -> Pattern:
    """The least-loss set of hidden cells (primary cells included) that the attacker cannot break."""
    primary = problem.primary
    must = primary | problem.hidden
    if not primary:
        return audit(problem, set(must))
    cells = list(problem.cells)
    index = {c: i for i, c in enumerate(cells)}
    h = _highs()
    h.setOptionValue("time_limit", time_limit)
    h.setOptionValue("mip_rel_gap", 1e-4)
    n = len(cells)
    lower = np.array([1.0 if c in must else 0.0 for c in cells])
    cost = np.array([problem.cells[c].weight for c in cells])
    h.addCols(n, cost, lower, np.ones(n), 0, np.array([], dtype=np.int32), np.array([], dtype=np.int32), np.array([]))
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger))

    def add_row(cols: list[int], vals: list[float], lo: float) -> None:
        h.addRow(lo, highspy.kHighsInf, len(cols), np.array(cols, dtype=np.int32), np.array(vals, dtype=float))

    for cols, vals, need in _capacity_rows(problem, primary, index):
        add_row(cols, vals, need)
    cuts = 0
    seen: set[frozenset] = set()
    result = None
    for rounds in range(1, max_rounds + 1):
        h.run()
        sol = h.getSolution().col_value
        if h.getModelStatus() not in (highspy.HighsModelStatus.kOptimal,) and not h.getInfo().primal_solution_status:
            raise RuntimeError(f"pattern MILP ended with {h.modelStatusToString(h.getModelStatus())}")
        hidden = {c for c in cells if sol[index[c]] > 0.5}
        result = audit(problem, hidden, only_primary=True)
        result.rounds, result.cuts = rounds, cuts
        if result.ok:
            break
        added = 0
        for p in result.failures:
            iv = result.intervals[p]
            lo_ok, hi_ok = protected(problem, p, iv)
            for ok, support in ((lo_ok, iv.lo_support), (hi_ok, iv.hi_support)):
                if ok:
                    continue
                if not support:
                    raise RuntimeError(f"cell {p!r} cannot be protected (no published cell to hide)")
                if support in seen:
                    continue
                seen.add(support)
                add_row([index[c] for c in support], [1.0] * len(support), 1.0)
                added += 1
        cuts += added
        if not added:
            break
    hidden = set(result.hidden)
    grow = set(result.failures)
    while not result.ok:
        # Fallback when the cuts converge slowly: hide every cell sharing a relation with the cells
        # the attacker narrows down, growing outwards until he fails (at worst the whole part is
        # hidden, and homogeneous relations alone bound nothing).
        before = len(hidden)
        grow |= set(result.failures)
        grow = {c for r in problem.relations if grow & set(r.cells) for c in r.cells}
        hidden |= grow
        if len(hidden) == before:
            break
        result = audit(problem, hidden, only_primary=True)
    final = audit(problem, hidden)
    final.rounds, final.cuts = result.rounds, cuts
    return final
