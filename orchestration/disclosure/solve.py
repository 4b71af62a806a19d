"""Choosing the hidden cells (a MILP) and the attacker's audit (linear programmes), both with HiGHS.

The attacker knows every published cell, every relation and that counts are >= 0. For a hidden cell
x_p the tightest interval he can derive is [min x_p, max x_p] over the hidden cells as variables
subject to all relations (`Attacker`).

A primary cell with value v and threshold t is *protected* when that interval reaches from 0 to at
least t: from everything published the cell could as well be empty as at or above the threshold
(lower protection v, upper protection t - v). The audit proves this without computing every interval:
the feasible set is convex, so a feasible point with x_p = 0 and one with x_p >= t prove it. One LP
finds such points for many primary cells at once (minimise the sum of the primary cells; maximise
their sum with each capped at its threshold); the cells it leaves unproven get their own two LPs,
whose optimum is the exact interval and whose dual solution names the published cells the bound
rests on.

`choose_hidden` minimises the information loss sum(weight of hidden cells) over 0/1 variables h_c
(1 = hidden) with h = 1 for the primary cells, subject to
- capacity rows: within one additive relation, the other hidden cells must be able to absorb the
  protection of a primary cell in both directions (a member can fall by at most its value);
- capacity cuts, added while the attacker still wins: when the attacker's LP bounds a primary cell
  too tightly, its dual solution says how far hiding each published cell would move the bound; the
  hidden cells must move it by at least the missing protection (Fischetti and Salazar).
It stops when the attacker's audit passes for every primary cell. After `max_rounds` MILP rounds
(default 2: more rounds cost time and, on the demo, hardly change the loss) a repair satisfies each
violated cut with its cheapest cells and asks the attacker again about the cells he still narrowed down
(a repair only hides more, and hiding more never narrows an interval); should he still win, every cell
sharing a relation with the cells he narrows down is hidden, growing until he fails. The pattern of all
parts together is then audited once more in full.

Parts share no relation, so batches of parts are solved side by side in worker processes (one per core
this process may use, or STO_DISCLOSURE_WORKERS), and the final audit runs as one LP per group of whole
parts (up to AUDIT_CELLS cells), the groups spread over the workers: the same pattern and the same proof
as one process would give, in less time. (One LP per group rather than one per worker: the simplex's time
grows faster than the LP, and a worker with fewer large parts waited for the other.)

A part exactly as it was in the previous release (the same cells, values, thresholds, weights and
relations: `part_fingerprints`) keeps the hidden cells it had there (`previous`), without solving it
again: a cell of such a part is hidden in both releases or in neither, so that the two together tell an
outsider no more than each alone. A part that changed is solved anew. In every part, a cell an earlier
release published (`Problem.known`) stays published (upper bound 0 in the MILP, passed over by the repair)
and the attacker knows its value. The final audit still proves every part of this release.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import time
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial

import highspy
import numpy as np
import pandas as pd

from orchestration.disclosure.model import Problem

INF = math.inf
TOL = 1e-6
BATCH_CELLS = 4000  # small parts are solved together, up to this many cells per MILP
AUDIT_CELLS = 4000  # the final audit: whole parts together, up to this many cells per attacker's LP
PRIMAL_SIMPLEX_MAX_COLUMNS = 20_000  # the attacker's LP up to this size uses the primal simplex
DUAL_SIMPLEX, PRIMAL_SIMPLEX = 1, 4  # HiGHS option simplex_strategy (1 is its default)
SOLVED = {
    highspy.HighsModelStatus.kOptimal,
    highspy.HighsModelStatus.kUnbounded,
    highspy.HighsModelStatus.kUnboundedOrInfeasible,
}


def _highs() -> highspy.Highs:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    return h


@dataclass
class Interval:
    lo: float
    hi: float


@dataclass
class Failure:
    """A primary cell the attacker narrows down: on `side` "lo" he proves it above 0 (`bound` = his
    minimum), on "hi" below its threshold (`bound` = his maximum). `cut` is the capacity cut that
    any protecting pattern satisfies: sum(coef[c] * hidden[c] for c in cells) >= rhs."""

    cell: int
    side: str
    bound: float
    cut: tuple[np.ndarray, np.ndarray, float]


class Attacker:
    """The outsider's LP over the cells `cells` (indices; a union of independent parts) of `problem`
    with the cells `hidden` (boolean over the problem) withheld."""

    def __init__(self, problem: Problem, cells: np.ndarray, hidden: np.ndarray):
        self.problem = problem
        self.cells = cells
        sub = problem.coef[:, cells]
        rows = np.flatnonzero(sub.getnnz(axis=1) > 0)
        sub = sub[rows].tocsc()
        hid = hidden[cells]
        self.hid = hid
        self.vars = cells[hid]  # problem index of each LP column
        self.col = {int(c): j for j, c in enumerate(self.vars)}
        a_h = sub[:, np.flatnonzero(hid)].tocsr()
        live = np.flatnonzero(a_h.getnnz(axis=1) > 0)
        a_h = a_h[live]
        self.a_all_t = sub[live].T.tocsr()  # every cell of `cells` x live rows: for the cuts
        pub = np.flatnonzero(~hid)
        rhs = -(sub[live][:, pub] @ problem.value[cells[pub]]) if len(pub) else np.zeros(len(live))
        sense = problem.sense[rows[live]]
        self.in_rows = a_h.getnnz(axis=0) > 0
        self.h = None
        self.n = len(self.vars)
        if self.n and len(live):
            lp = highspy.HighsLp()
            lp.num_col_ = self.n
            lp.num_row_ = len(live)
            lp.sense_ = highspy.ObjSense.kMaximize  # every LP maximises: x (upper bound) or -x (lower bound)
            lp.col_cost_ = np.zeros(self.n)
            lp.col_lower_ = np.zeros(self.n)
            lp.col_upper_ = np.full(self.n, highspy.kHighsInf)
            lp.row_lower_ = np.where(sense == 1, -highspy.kHighsInf, rhs)
            lp.row_upper_ = np.where(sense == 2, highspy.kHighsInf, rhs)
            csc = a_h.tocsc()
            lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
            lp.a_matrix_.start_ = csc.indptr.astype(np.int32)
            lp.a_matrix_.index_ = csc.indices.astype(np.int32)
            lp.a_matrix_.value_ = csc.data.astype(float)
            self.h = _highs()
            # Each LP changes the objective (and some column bounds) of the one before. On the LP of a batch
            # of parts the primal simplex, starting from the previous optimal basis, is 4-5 x faster than
            # HiGHS's default dual simplex; on the LP of the whole problem (the final audit, 10^5 columns)
            # it is several times slower, so that one keeps the default.
            self.strategy = PRIMAL_SIMPLEX if self.n <= PRIMAL_SIMPLEX_MAX_COLUMNS else DUAL_SIMPLEX
            self.h.setOptionValue("simplex_strategy", self.strategy)
            self.h.passModel(lp)
            # the objective and column bounds in the model now: each LP changes only the columns that differ
            self.cost = np.zeros(self.n)
            self.upper = np.full(self.n, highspy.kHighsInf)
        self.lps = 0
        self.restarts = 0  # LPs solved again from scratch (see _solve)

    def _solve(self, cost: np.ndarray, upper: np.ndarray | None = None):
        """Maximise cost . x; (x, row duals, optimum), x None when unbounded."""
        h = self.h
        if upper is None:
            upper = np.full(self.n, highspy.kHighsInf)
        changed = np.flatnonzero(cost != self.cost).astype(np.int32)
        if len(changed):
            h.changeColsCost(len(changed), changed, cost[changed])
            self.cost = cost
        changed = np.flatnonzero(upper != self.upper).astype(np.int32)
        if len(changed):
            h.changeColsBounds(len(changed), changed, np.zeros(len(changed)), upper[changed])
            self.upper = upper
        h.run()
        self.lps += 1
        status = h.getModelStatus()
        if status not in SOLVED:
            # The simplex from the previous basis can stall on a degenerate LP (HiGHS then reports "Unknown"):
            # the same LP once more from scratch with HiGHS's default dual simplex.
            h.clearSolver()
            h.setOptionValue("simplex_strategy", DUAL_SIMPLEX)
            h.run()
            h.setOptionValue("simplex_strategy", self.strategy)
            self.lps += 1
            self.restarts += 1
            status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            sol = h.getSolution()
            return np.asarray(sol.col_value), np.asarray(sol.row_dual), h.getInfo().objective_function_value
        if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return None, None, INF
        raise RuntimeError(f"attacker LP ended with {h.modelStatusToString(status)}")

    def bound(self, cell: int, side: str) -> tuple[float, tuple[np.ndarray, np.ndarray, float] | None]:
        """The attacker's minimum ("lo") or maximum ("hi") of a hidden cell and, when it falls short of
        the protection (lower: the value, upper: threshold - value), the capacity cut (Fischetti and
        Salazar) read from the LP's dual solution: hiding cell c more lets the bound move by at most
        coef[c]; the bound must move by at least rhs."""
        p = self.problem
        j = self.col[cell]
        if self.h is None or not self.in_rows[j]:
            return (0.0 if side == "lo" else INF), None
        sign = 1.0 if side == "hi" else -1.0  # maximise x (hi) or -x (lo)
        cost = np.zeros(self.n)
        cost[j] = sign
        _, duals, obj = self._solve(cost)
        value = obj if side == "hi" else -obj
        v, t = p.value[cell], p.threshold[cell]
        level = t - v if side == "hi" else v
        if duals is None or sign * value >= sign * v + level - TOL * max(1.0, t):
            return value, None
        # sensitivity of the optimum to each cell's value: objective - A^T duals (reduced costs)
        g = -(self.a_all_t @ duals)
        g[np.flatnonzero(self.cells == cell)[0]] += sign
        beta = np.maximum(-g, 0.0)  # gain per unit the cell falls; a rise gains g (> 0: published cells only)
        vals = p.value[self.cells]
        slack = obj - sign * v - float(beta[self.hid] @ vals[self.hid])
        rhs = level - slack
        coef = np.where(g > TOL, rhs, np.minimum(rhs, beta * vals))
        keep = coef > TOL
        return value, (self.cells[keep], coef[keep], rhs)

    def interval(self, cell: int) -> Interval:
        lo, _ = self.bound(cell, "lo")
        hi, _ = self.bound(cell, "hi")
        return Interval(max(lo, 0.0), hi)

    def protect(self, cells: np.ndarray) -> tuple[list[Failure], dict[int, Interval]]:
        """Prove for every cell in `cells` (hidden primary cells) that its interval reaches 0 and its
        threshold; the failures with their cuts, and the intervals of the cells it had to compute."""
        p = self.problem
        failures: list[Failure] = []
        intervals: dict[int, Interval] = {}
        if self.h is None:
            return failures, intervals
        js = np.array([self.col[int(c)] for c in cells], dtype=np.int64)
        js = js[self.in_rows[js]]  # a hidden cell in no relation is free: [0, inf)
        thr = p.threshold[self.vars]
        left = {}
        for side in ("lo", "hi"):
            todo = js
            while len(todo):
                cost = np.zeros(self.n)
                upper = np.full(self.n, highspy.kHighsInf)
                if side == "hi":
                    cost[todo] = 1.0
                    upper[todo] = thr[todo]
                else:
                    cost[todo] = -1.0
                x, _, _ = self._solve(cost, upper)
                if x is None:
                    break
                ok = x[todo] <= TOL if side == "lo" else x[todo] >= thr[todo] - TOL * np.maximum(1, thr[todo])
                if not ok.any():
                    break
                todo = todo[~ok]
            left[side] = todo
        for side in ("lo", "hi"):
            for j in left[side]:
                cell = int(self.vars[j])
                value, cut = self.bound(cell, side)
                iv = intervals.setdefault(cell, Interval(0.0, INF))
                if side == "lo":
                    iv.lo = max(value, 0.0)
                else:
                    iv.hi = value
                if cut is not None:
                    failures.append(Failure(cell, side, value, cut))
        return failures, intervals


@dataclass
class Pattern:
    hidden: np.ndarray  # boolean over the problem's cells
    rounds: int = 0
    cuts: int = 0
    lps: int = 0
    repaired_cells: int = 0  # hidden by the repair after the MILP rounds
    failures: list[Failure] = field(default_factory=list)
    intervals: dict[int, Interval] = field(default_factory=dict)
    # per part that needed an optimiser: its fingerprint -> the positions of its hidden cells in its canonical order
    parts: dict[str, list[int]] = field(default_factory=dict)
    reused_parts: int = 0  # parts whose hidden cells were taken from `previous` (choose_hidden)

    @property
    def ok(self) -> bool:
        return not self.failures


def audit(
    problem: Problem, hidden: np.ndarray, cells: np.ndarray | None = None, only: np.ndarray | None = None
) -> Pattern:
    """The attacker's proof for every hidden primary cell of `cells` (default all), or only for those of
    `only`: after hiding more cells, those that failed before (hiding a cell turns a published value into
    one more unknown >= 0, so every interval the attacker can derive stays as wide or grows: a cell once
    protected stays protected)."""
    cells = np.arange(problem.n) if cells is None else cells
    hidden = np.asarray(hidden, dtype=bool)
    out = Pattern(hidden=hidden.copy())
    primary = problem.primary
    targets = cells[hidden[cells] & primary[cells]]
    if only is not None:
        targets = np.intersect1d(targets, only)
    if not len(targets):
        return out
    attacker = Attacker(problem, cells, hidden & ~problem.known)  # what an earlier release showed, he knows
    out.failures, out.intervals = attacker.protect(targets)
    out.lps = attacker.lps
    return out


def _capacity_rows(
    problem: Problem, cells: np.ndarray, to_local: np.ndarray, primary: np.ndarray
) -> tuple[list[np.ndarray], list[np.ndarray], list[float], int]:
    """Necessary conditions per additive relation and primary cell (module docstring), as
    (columns, coefficients, right-hand side) rows with local column numbers, and the number of auxiliary
    columns they add after the batch's cells (local numbers len(cells), len(cells) + 1, ...).

    A primary cell p with protection `need` in one direction needs the other hidden cells of the relation to
    move by `need`: sum over the members k != p of cap_k * h_k >= need, where cap_k = min(value_k, need) for
    the members that can only fall (the *limited* sign group) and need for the others. Written out, a
    relation of m members with P primary cells takes about 2 P m coefficients: 16 million in one batch at
    five times national scale, which HiGHS holds several times over. Where that is more than the alternative,
    the relation's rows are written with auxiliary columns (`_aggregated_rows`): per sign group and distinct
    `need` its capped sum S_{g,need} (bounded by the sum, sum cap_k h_k - S >= 0), per sign group its count
    C_g, and per primary cell and direction S_{limited,need} + need * C_other - own_k * h_p >= need. The
    auxiliary columns are continuous and appear only with positive coefficients in >= rows, so they can
    always be taken equal to their sums: the 0/1 patterns that satisfy the rows are exactly those that
    satisfy the rows written out (tests/test_disclosure_core.py enumerates them)."""
    sub = problem.coef[:, cells].tocsr()
    rows = np.flatnonzero((sub.getnnz(axis=1) > 0) & (problem.sense == 0))
    out_cols: list[np.ndarray] = []
    out_vals: list[np.ndarray] = []
    out_rhs: list[float] = []
    n_aux = 0
    val = problem.value
    thr = problem.threshold
    for r in rows:
        start, end = sub.indptr[r], sub.indptr[r + 1]
        ks = sub.indices[start:end]
        glob = cells[ks]
        prim = np.flatnonzero(primary[glob])
        if not len(prim):
            continue
        a = sub.data[start:end]
        # per row: the primary member, its need, and whether the limited group is the member's own sign
        member = np.repeat(prim, 2)
        need = np.ravel(np.column_stack((thr[glob[prim]] - val[glob[prim]], val[glob[prim]])))
        own_limited = np.tile([True, False], len(prim))  # up: its own sign falls; down: the other sign
        keep = need > 0
        member, need, own_limited = member[keep], need[keep], own_limited[keep]
        if not len(member):
            continue
        pos = a > 0
        limited_pos = pos[member] == own_limited  # the limited group per row: the members with a > 0?
        m = len(ks)
        distinct = len(set(zip(limited_pos.tolist(), need.tolist(), strict=True)))
        if len(member) * (m - 1) <= (distinct + 2) * m + 3 * len(member):  # written out is no larger
            for i, d, lp in zip(member, need, limited_pos, strict=True):
                cap = np.where(pos == lp, np.minimum(val[glob], d), d)
                keep = (np.arange(m) != i) & (cap > 0)
                out_cols.append(to_local[glob[keep]])
                out_vals.append(cap[keep])
                out_rhs.append(float(d))
            continue
        aux_rows, columns = _aggregated_rows(val[glob], pos, member, need, limited_pos)
        base = len(cells) + n_aux
        for cols, coefs, rhs in aux_rows:
            out_cols.append(np.where(cols >= 0, to_local[glob[np.maximum(cols, 0)]], base - 1 - cols))
            out_vals.append(coefs)
            out_rhs.append(rhs)
        n_aux += columns
    return out_cols, out_vals, out_rhs, n_aux


def _aggregated_rows(
    value: np.ndarray, pos: np.ndarray, member: np.ndarray, need: np.ndarray, limited_pos: np.ndarray
) -> tuple[list[tuple[np.ndarray, np.ndarray, float]], int]:
    """One relation's capacity rows written with capped sums and counts (`_capacity_rows`): the rows as
    (columns, coefficients, rhs), a column >= 0 a member (its position in the relation) and -1 - j the
    relation's auxiliary column j; and the number of auxiliary columns."""
    rows: list[tuple[np.ndarray, np.ndarray, float]] = []
    aux: dict[tuple[bool, float | None], int | None] = {}  # (sign group, need or None: the count) -> column
    columns = 0

    def column(group_pos: bool, cap_at: float | None) -> int | None:
        """The auxiliary column of a sign group's sum capped at `cap_at`, or its count (None); None: no member."""
        nonlocal columns
        key = (group_pos, cap_at)
        if key not in aux:
            coef = np.ones(len(value)) if cap_at is None else np.minimum(value, cap_at)
            keep = np.flatnonzero((pos == group_pos) & (coef > 0))
            aux[key] = columns if len(keep) else None
            if len(keep):
                rows.append((np.r_[keep, -1 - columns], np.r_[coef[keep], -1.0], 0.0))  # sum - column >= 0
                columns += 1
        return aux[key]

    capacity = []
    for i, d, lp in zip(member.tolist(), need.tolist(), limited_pos.tolist(), strict=True):
        cols, coefs = [], []
        for j, coef in ((column(lp, d), 1.0), (column(not lp, None), d)):
            if j is not None:
                cols.append(-1 - j)
                coefs.append(coef)
        own = min(value[i], d) if pos[i] == lp else d  # the primary cell's own term in the sum or the count
        if own > 0:
            cols.append(i)
            coefs.append(-own)
        capacity.append((np.array(cols, dtype=np.int64), np.array(coefs, dtype=float), d))
    return rows + capacity, columns


def _solve_batch(
    problem: Problem, cells: np.ndarray, max_rounds: int, time_limit: float, max_repairs: int = 50
) -> Pattern:
    """The least-loss pattern for the cells `cells` (a union of parts) of `problem`."""
    primary = problem.primary
    must = (primary | problem.forced)[cells]
    known = problem.known
    n = len(cells)
    h = _highs()
    h.setOptionValue("time_limit", time_limit)
    h.setOptionValue("mip_rel_gap", 1e-3)
    cost = problem.weight[cells]
    # a cell an earlier release showed stays published (upper bound 0): hiding it would protect nothing
    upper = np.where(known[cells], 0.0, 1.0)
    h.addCols(n, cost, must.astype(float), upper, 0, np.array([], np.int32), np.array([], np.int32), np.array([]))
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger))

    def add_rows(cols: list[np.ndarray], vals: list[np.ndarray], rhs: list[float]) -> None:
        if not cols:
            return
        starts = np.r_[0, np.cumsum([len(c) for c in cols])[:-1]].astype(np.int32)
        h.addRows(
            len(cols),
            np.array(rhs, dtype=float),
            np.full(len(cols), highspy.kHighsInf),
            int(sum(len(c) for c in cols)),
            starts,
            np.concatenate(cols).astype(np.int32),
            np.concatenate(vals).astype(float),
        )

    to_local = _local_index(problem.n, cells)
    cols, vals, rhs, n_aux = _capacity_rows(problem, cells, to_local, primary)
    if n_aux:  # continuous, >= 0, no cost: the capped sums and counts of large relations
        h.addCols(
            n_aux,
            np.zeros(n_aux),
            np.zeros(n_aux),
            np.full(n_aux, highspy.kHighsInf),
            0,
            np.array([], np.int32),
            np.array([], np.int32),
            np.array([]),
        )
    add_rows(cols, vals, rhs)
    hidden = np.zeros(problem.n, dtype=bool)
    seen: set[tuple] = set()
    cuts = lps = 0
    result = Pattern(hidden=hidden)
    for rounds in range(1, max_rounds + 1):
        h.run()
        info = h.getInfo()
        if info.primal_solution_status != 2 and upper.min() == 0.0:
            # No pattern protects the part with every cell an earlier release showed published: let the
            # MILP hide them too. The attacker still knows them, so the audit fails for the cells that
            # cannot be protected any more (the release is not written), rather than passing on a pattern
            # that leans on cells the outsider already has.
            upper = np.ones(n)
            h.changeColsBounds(n, np.arange(n, dtype=np.int32), must.astype(float), upper)
            h.run()
            info = h.getInfo()
        if info.primal_solution_status != 2:  # no feasible solution
            raise RuntimeError(f"pattern MILP ended with {h.modelStatusToString(h.getModelStatus())}")
        sol = np.asarray(h.getSolution().col_value)[:n]
        hidden = np.zeros(problem.n, dtype=bool)
        hidden[cells[sol > 0.5]] = True
        result = audit(problem, hidden, cells)
        lps += result.lps
        result.rounds = rounds
        if result.ok:
            break
        cols, vals, rhs = [], [], []
        for f in result.failures:
            cut_cells, coef, need = f.cut
            key = (cut_cells.tobytes(), np.round(coef, 6).tobytes(), round(need, 6))
            if key in seen:
                continue
            seen.add(key)
            cols.append(to_local[cut_cells])
            vals.append(coef)
            rhs.append(need)
        cuts += len(cols)
        if not cols:
            break
        add_rows(cols, vals, rhs)
    hidden = result.hidden.copy()
    before = int(hidden.sum())
    weight = problem.weight
    repairs = 0
    while not result.ok and repairs < max_repairs:
        # Repair when the cuts converge slowly: satisfy each violated cut with its cheapest cells
        # (least loss per unit of capacity) and ask the attacker again.
        repairs += 1
        hidden_before = int(hidden.sum())
        for f in result.failures:
            cut_cells, coef, need = f.cut
            have = float(coef[hidden[cut_cells]].sum())
            for k in np.argsort(weight[cut_cells] / coef, kind="stable"):
                if have >= need - TOL:
                    break
                if not hidden[cut_cells[k]] and not known[cut_cells[k]]:
                    hidden[cut_cells[k]] = True
                    have += coef[k]
        if int(hidden.sum()) == hidden_before:
            break  # nothing more to hide by the cuts (their cells are hidden or known): grow below
        result = audit(problem, hidden, cells, only=_failed_cells(result))
        lps += result.lps
    grow = np.zeros(problem.n, dtype=bool)
    while not result.ok:
        # Last resort: hide every cell sharing a relation with the cells the attacker narrows down,
        # growing outwards until he fails (at worst the whole part is hidden, and homogeneous
        # relations alone bound nothing).
        for f in result.failures:
            grow[f.cell] = True
        rows = np.flatnonzero(problem.coef[:, np.flatnonzero(grow)].getnnz(axis=1) > 0)
        grow[problem.coef[rows].indices] = True
        grow &= ~known  # hiding what an earlier release showed protects nothing
        if not (grow & ~hidden).any():
            break
        hidden |= grow
        result = audit(problem, hidden, cells, only=_failed_cells(result))
        lps += result.lps
    result.hidden = hidden
    result.rounds = rounds
    result.cuts = cuts
    result.lps = lps
    result.repaired_cells = int(hidden.sum()) - before
    return result


def _failed_cells(result: Pattern) -> np.ndarray:
    """The cells the attacker narrowed down in `result`: all a repair (which only hides more) must prove again."""
    return np.unique(np.array([f.cell for f in result.failures], dtype=np.int64))


def _local_index(n: int, cells: np.ndarray) -> np.ndarray:
    local = np.full(n, -1, dtype=np.int64)
    local[cells] = np.arange(len(cells))
    return local


def disclosure_workers() -> int:
    """Processes that solve batches side by side: STO_DISCLOSURE_WORKERS, else every core this process may use."""
    value = os.environ.get("STO_DISCLOSURE_WORKERS", "").strip()
    return max(1, int(value)) if value else len(os.sched_getaffinity(0))


@dataclass
class _Batch:
    """What a batch's solve reports back: the hidden flags of its cells and its statistics."""

    hidden: np.ndarray  # over the batch's cells
    rounds: int
    cuts: int
    lps: int
    repaired_cells: int
    seconds: float


def _solve_batch_report(problem: Problem, cells: np.ndarray, max_rounds: int, time_limit: float) -> _Batch:
    t0 = time.monotonic()
    r = _solve_batch(problem, cells, max_rounds, time_limit)
    return _Batch(r.hidden[cells], r.rounds, r.cuts, r.lps, r.repaired_cells, time.monotonic() - t0)


_WORKER_PROBLEM: Problem | None = None  # in a worker process: the problem it solves parts of


def _start_worker(problem: Problem) -> None:
    global _WORKER_PROBLEM
    _WORKER_PROBLEM = problem


def _in_worker(function: Callable, *args):
    return function(_WORKER_PROBLEM, *args)


@contextmanager
def _mapper(problem: Problem, workers: int) -> Iterator[Callable]:
    """map(function, items) calling function(problem, item) for each item, in order: in `workers` processes
    forked from this one (they inherit the problem; a worker only runs NumPy and HiGHS), or in this one.
    Not "spawn" or "forkserver": they import the main module again in every worker, which fails where the
    main module is not a file (`python -c`, pytest-xdist's workers).
    A forked worker shares this process's memory until it writes to a page. Python's garbage collector would
    write to every page holding an object of the release (it marks the objects it visits), so the objects
    that exist at the fork are frozen (`gc.freeze`: the collector leaves them alone) while the workers run."""
    if workers <= 1:
        yield lambda function, items: (function(problem, item) for item in items)
        return
    context = multiprocessing.get_context("fork")
    gc.freeze()
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(problem,)) as pool:
            yield lambda function, items: pool.map(partial(_in_worker, function), items)
    finally:
        gc.unfreeze()


def _groups(parts: Iterable[np.ndarray], limit: int) -> list[list[np.ndarray]]:
    """Consecutive parts (each its cells) together, up to `limit` cells per group; a larger part is a group alone."""
    groups: list[list[np.ndarray]] = [[]]
    n = 0
    for cells in parts:
        if n + len(cells) > limit and groups[-1]:
            groups.append([])
            n = 0
        groups[-1].append(cells)
        n += len(cells)
    return [g for g in groups if g]


HASH_KEYS = ("sto-monitor-part", "disclosure-part2")  # two 64-bit hashes: a 128-bit fingerprint


def _row_hashes(frame: pd.DataFrame) -> np.ndarray:
    """Two stable 64-bit hashes of each row of `frame` (pandas' SipHash: the same in every process), as (n, 2)."""
    return np.stack([pd.util.hash_pandas_object(frame, index=False, hash_key=k).to_numpy() for k in HASH_KEYS], 1)


def _sums(hashes: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group the sum (modulo 2^64) of the hashes of its members: a hash of the multiset, in any order."""
    out = np.zeros((n_groups, hashes.shape[1]), dtype=np.uint64)
    np.add.at(out, group, hashes)
    return out


def part_fingerprints(problem: Problem, part: np.ndarray, parts: np.ndarray) -> dict[int, tuple[str, np.ndarray]]:
    """For each part k of `parts`: a 128-bit fingerprint of everything that decides its pattern (each cell's
    label, value, threshold, weight and forced flag, and its position in the order of the labels' hashes;
    each relation as its sense and its (position, coefficient) pairs), and its cells in that canonical
    order. Equal fingerprints: the same part. Private: it is a function of the hidden values too (an
    outsider who knows the rest could try every small count against it), so it never leaves STO_HOME."""
    if not len(parts):
        return {}
    local = np.full(part.max() + 1, -1, dtype=np.int64)
    local[parts] = np.arange(len(parts))
    cells = np.flatnonzero(local[part] >= 0)
    label_hash = problem.label_hash[cells]
    group = local[part[cells]]
    order = np.lexsort((label_hash, group))
    cells, group, label_hash = cells[order], group[order], label_hash[order]
    starts = np.searchsorted(group, np.arange(len(parts)))
    rank = np.arange(len(cells)) - starts[group]
    position = np.full(problem.n, -1, dtype=np.int64)
    position[cells] = rank
    cell_hash = _row_hashes(
        pd.DataFrame(
            {
                "label": label_hash,
                "rank": rank,
                "value": problem.value[cells].round(9),
                "threshold": problem.threshold[cells],
                "weight": problem.weight[cells].round(9),
                "forced": problem.forced[cells],
            }
        )
    )
    coo = problem.coef.tocoo()
    keep = position[coo.col] >= 0
    rows, cols, coefs = coo.row[keep], coo.col[keep], coo.data[keep]
    row_ids, row_of_entry = np.unique(rows, return_inverse=True)
    entry_hash = _row_hashes(pd.DataFrame({"rank": position[cols], "coef": coefs.round(9)}))
    per_row = _sums(entry_hash, row_of_entry, len(row_ids))
    row_group = local[part[cols[np.unique(row_of_entry, return_index=True)[1]]]]
    row_hash = _row_hashes(
        pd.DataFrame(
            {"entries0": per_row[:, 0], "entries1": per_row[:, 1], "sense": problem.sense[row_ids].astype(np.int64)}
        )
    )
    size = np.bincount(group, minlength=len(parts))
    n_rows = np.bincount(row_group, minlength=len(parts))
    cell_sums, row_sums = _sums(cell_hash, group, len(parts)), _sums(row_hash, row_group, len(parts))
    final = _row_hashes(
        pd.DataFrame(
            {"c0": cell_sums[:, 0], "c1": cell_sums[:, 1], "r0": row_sums[:, 0], "r1": row_sums[:, 1], "n": size}
            | {"m": n_rows}
        )
    )
    ends = np.r_[starts[1:], len(cells)]
    return {int(k): (f"{final[i, 0]:016x}{final[i, 1]:016x}", cells[starts[i] : ends[i]]) for i, k in enumerate(parts)}


def choose_hidden(
    problem: Problem,
    max_rounds: int = 2,
    time_limit: float = 20.0,
    log=None,
    workers: int | None = None,
    previous: Mapping[str, list[int]] | None = None,
) -> Pattern:
    """The least-loss set of hidden cells (primary and forced cells included) that the attacker
    cannot break, part by part (small parts together), in `workers` processes (default
    `disclosure_workers()`). A part whose fingerprint is in `previous` (the `parts` of an earlier
    pattern) hides the cells it hid there; the final audit proves every part."""
    started = time.monotonic()
    previous = previous or {}
    primary = problem.primary
    must = primary | problem.forced
    n_parts, part = problem.components()
    in_rel = np.zeros(problem.n, dtype=bool)
    in_rel[problem.coef.indices] = True
    # parts that need an optimiser: a primary cell that shares a relation with another cell
    need = np.zeros(n_parts, dtype=bool)
    need[part[primary & in_rel]] = True
    size = np.bincount(part, minlength=n_parts)
    order = np.argsort(part, kind="stable")
    bounds = np.r_[0, np.cumsum(size)]
    fingerprints = part_fingerprints(problem, part, np.flatnonzero(need))
    total = Pattern(hidden=must.copy())
    solved: list[np.ndarray] = []  # the cells of each part solved anew, smallest part first
    kept: list[np.ndarray] = []  # the cells of each part as in the previous release
    for k in np.flatnonzero(need)[np.argsort(size[need], kind="stable")]:
        fingerprint, canon = fingerprints[int(k)]
        cells = order[bounds[k] : bounds[k + 1]]
        hid = np.asarray(previous.get(fingerprint, []), dtype=np.int64)
        if fingerprint in previous and hid.size == len(set(hid.tolist())) and np.all((hid >= 0) & (hid < len(canon))):
            total.hidden[canon[hid]] = True
            total.reused_parts += 1
            kept.append(cells)
        else:
            solved.append(cells)
    # the largest batches and audit groups first, so that no worker is left with a large one at the end; a part
    # without a primary cell in a relation has nothing to prove (the attacker's interval of its primary cells
    # is [0, inf)) and is not audited
    batches = _groups(solved, BATCH_CELLS)[::-1]
    batch_cells = [np.concatenate(b) for b in batches]
    kept_groups = [np.concatenate(g) for g in _groups(kept, AUDIT_CELLS)[::-1]]
    solved_groups = [np.concatenate(g) for g in _groups(solved, AUDIT_CELLS)[::-1]]
    workers = disclosure_workers() if workers is None else workers
    tasks = len(batches) + len(kept_groups) + len(solved_groups)
    if tasks < 2:
        workers = 1  # starting worker processes costs more than it saves
    final = Pattern(hidden=total.hidden)
    with _mapper(problem, min(workers, tasks)) as mapped:
        solve = partial(_solve_batch_report, max_rounds=max_rounds, time_limit=time_limit)
        results = mapped(solve, batch_cells)
        # the parts kept from the previous release are audited while the others are solved
        audits = [mapped(_audit_group, [(cells, total.hidden[cells]) for cells in kept_groups])]
        for batch, cells, r in zip(batches, batch_cells, results, strict=True):
            total.hidden[cells] |= r.hidden
            total.rounds = max(total.rounds, r.rounds)
            total.cuts += r.cuts
            total.lps += r.lps
            total.repaired_cells += r.repaired_cells
            if log is not None and r.seconds > 2:
                log.write(
                    f"disclosure: {len(batch)} part(s), {len(cells)} cells, {int(primary[cells].sum())} primary:"
                    f" {r.rounds} rounds, {r.cuts} cuts, {r.lps} LPs, {r.repaired_cells} by repair,"
                    f" {r.seconds:.1f} s\n"
                )
        audits.append(mapped(_audit_group, [(cells, total.hidden[cells]) for cells in solved_groups]))
        for group in (g for done in audits for g in done):
            final.failures += group.failures
            final.intervals.update(group.intervals)
            final.lps += group.lps
    final.rounds, final.cuts, final.repaired_cells = total.rounds, total.cuts, total.repaired_cells
    final.lps += total.lps
    final.reused_parts = total.reused_parts
    final.parts = {
        fingerprint: np.flatnonzero(final.hidden[canon]).tolist() for fingerprint, canon in fingerprints.values()
    }
    if log is not None:
        log.write(
            f"disclosure: pattern in {time.monotonic() - started:.1f} s ({workers} worker(s), "
            f"{total.reused_parts} of {len(fingerprints)} parts as in the previous release)\n"
        )
    return final


def _audit_group(problem: Problem, group: tuple[np.ndarray, np.ndarray]) -> Pattern:
    """The audit of the cells of a group of whole parts, given their hidden flags; the pattern it returns holds
    only those flags (what travels back from a worker stays small)."""
    cells, flags = group
    hidden = np.zeros(problem.n, dtype=bool)
    hidden[cells] = flags
    result = audit(problem, hidden, cells)
    result.hidden = flags
    return result


def labelled(problem: Problem, cells: Iterable[int]) -> set[Hashable]:
    return {problem.labels[int(c)] for c in cells}


def hidden_of(problem: Problem, labels: Iterable[Hashable]) -> np.ndarray:
    mask = np.zeros(problem.n, dtype=bool)
    for lab in labels:
        mask[problem.index(lab)] = True
    return mask
