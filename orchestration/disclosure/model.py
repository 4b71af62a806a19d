"""The cell model of disclosure control (docs/release.md, "Disclosure control").

A *cell* is one count of persons with its true value (and, for the optimiser, a threshold and the
number of published figures that show it). A *relation* is a linear fact an outsider knows about
cells, always homogeneous (no constant term):

- ``=``:  total = sum(members)   (a total over leerweg, profiel -> profielgroep, region -> national ...)
- ``<=``: total <= sum(members)  (distinct persons: a teacher in two profiles counts once in the group)
- ``>=``: total >= sum(members)  (a total that includes something not published as a member;
                                 with one member "a part is at most its whole")

Hiding every cell of a relation hides it. A cell is *primary* when it counts persons and
0 < value < threshold. `Problem` holds cells and relations as arrays (a sparse matrix of relation
coefficients), so that a release's several hundred thousand cells are handled in bulk;
`problem_of` builds one from labelled cells, as the tests do.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components

SENSES = ("=", "<=", ">=")
TOL = 1e-6


@dataclass
class Cell:
    value: float
    threshold: int | None = None  # None: not a count of persons, never primary
    places: int = 1  # published figures that show this cell (loss when it is hidden)


@dataclass(frozen=True)
class Relation:
    total: Hashable
    members: tuple[Hashable, ...]
    sense: str = "="

    def __post_init__(self):
        if self.sense not in SENSES:
            raise ValueError(f"unknown relation sense {self.sense!r}")


@dataclass
class Problem:
    """Cells (arrays indexed 0..n-1) and relations: row r of `coef` times the cell values is
    `=` 0, `<=` 0 or `>=` 0 as `sense[r]` (0, 1, 2) says. `forced`: cells withheld whatever the
    optimiser says. `shown`: cells an earlier release published (the same label, so the same value): the
    outsider knows them, so the optimiser keeps them published and the attacker knows them (`known`).
    `labels[i]` names cell i in reports."""

    value: np.ndarray
    threshold: np.ndarray  # 0 = not a count of persons
    places: np.ndarray
    coef: sparse.csr_matrix
    sense: np.ndarray
    labels: Sequence[Hashable] = ()
    forced: np.ndarray | None = None
    shown: np.ndarray | None = None
    label_hash: np.ndarray | None = None  # a stable 64-bit hash per label (default: `label_hashes`)
    _index: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        n = len(self.value)
        if self.forced is None:
            self.forced = np.zeros(n, dtype=bool)
        if self.shown is None:
            self.shown = np.zeros(n, dtype=bool)
        if not len(self.labels):
            self.labels = list(range(n))
        if self.label_hash is None:
            self.label_hash = label_hashes(self.labels)

    @property
    def n(self) -> int:
        return len(self.value)

    @property
    def primary(self) -> np.ndarray:
        return (self.threshold > 0) & (self.value > 0) & (self.value < self.threshold)

    @property
    def known(self) -> np.ndarray:
        """Cells the outsider knows although they are not primary or forced: published by an earlier release.
        The optimiser never hides them (hiding them would protect nothing) and the attacker uses their values.
        A primary or forced cell is withheld even when an earlier release showed it (a threshold raised since)."""
        return self.shown & ~self.primary & ~self.forced

    @property
    def weight(self) -> np.ndarray:
        """Information loss of hiding a cell: its published figures, each 1 + log10(1 + value)."""
        return self.places * (1.0 + np.log10(1.0 + np.maximum(self.value, 0.0)))

    def index(self, label: Hashable) -> int:
        if not self._index:
            self._index = {lab: i for i, lab in enumerate(self.labels)}
        return self._index[label]

    def components(self) -> tuple[int, np.ndarray]:
        """Independent parts: cells connected through relations (a relation-free cell is its own part)."""
        n = self.n
        c = self.coef.tocoo()
        # connect every cell of a relation to the relation's first cell
        first = np.full(self.coef.shape[0], -1, dtype=np.int64)
        order = np.lexsort((c.col, c.row))
        rows, cols = c.row[order], c.col[order]
        starts = np.r_[0, np.flatnonzero(np.diff(rows)) + 1] if len(rows) else np.array([], dtype=np.int64)
        first[rows[starts]] = cols[starts]
        graph = sparse.coo_matrix((np.ones(len(rows)), (cols, first[rows])), shape=(n, n))
        return connected_components(graph, directed=False)

    def holds(self, tol: float = TOL) -> np.ndarray:
        """Per relation: does it hold on the true values."""
        lhs = self.coef @ self.value
        scale = tol * np.maximum(1.0, abs(self.coef) @ np.abs(self.value))
        return np.where(self.sense == 0, np.abs(lhs) <= scale, np.where(self.sense == 1, lhs <= scale, lhs >= -scale))


def label_hashes(labels: Sequence[Hashable]) -> np.ndarray:
    """A stable 64-bit hash (pandas' SipHash of the label's repr: the same in every process and release) per
    label. Describing a release's tables gives the hashes of its labels' columns instead (faster)."""
    return pd.util.hash_array(np.array([repr(label) for label in labels], dtype=object))


def relation_matrix(
    relations: Iterable[tuple[int, Sequence[int], int]], n: int
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """(total, members, sense) with cell indices -> coefficient matrix (total +1, members -1) and senses."""
    rows, cols, vals, senses = [], [], [], []
    for r, (total, members, sense) in enumerate(relations):
        rows.append(r)
        cols.append(total)
        vals.append(1.0)
        rows.extend([r] * len(members))
        cols.extend(members)
        vals.extend([-1.0] * len(members))
        senses.append(sense)
    m = len(senses)
    coef = sparse.csr_matrix((vals, (rows, cols)), shape=(m, n))  # repeated entries are summed
    coef.eliminate_zeros()
    return coef, np.array(senses, dtype=np.int8)


def relation_arrays(
    total: np.ndarray, sense: np.ndarray, member_relation: np.ndarray, member_cell: np.ndarray, n: int
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Relations as arrays (per relation its total cell and sense; per member its relation and cell)
    -> coefficient matrix (total +1, members -1) and senses."""
    m = len(total)
    rows = np.r_[np.arange(m), member_relation]
    cols = np.r_[total, member_cell]
    vals = np.r_[np.ones(m), -np.ones(len(member_cell))]
    coef = sparse.csr_matrix((vals, (rows, cols)), shape=(m, n))  # repeated entries are summed
    coef.eliminate_zeros()
    return coef, np.asarray(sense, dtype=np.int8)


def problem_of(
    cells: dict[Hashable, Cell], relations: Iterable[Relation] = (), hidden: Iterable[Hashable] = ()
) -> Problem:
    labels = list(cells)
    index = {c: i for i, c in enumerate(labels)}
    rels = []
    for r in relations:
        missing = [c for c in (r.total, *r.members) if c not in index]
        if missing:
            raise KeyError(f"relation {r} names unknown cells {missing}")
        rels.append((index[r.total], [index[m] for m in r.members], SENSES.index(r.sense)))
    coef, sense = relation_matrix(rels, len(labels))
    forced = np.zeros(len(labels), dtype=bool)
    for c in hidden:
        forced[index[c]] = True
    p = Problem(
        value=np.array([float(cells[c].value) for c in labels]),
        threshold=np.array([float(cells[c].threshold or 0) for c in labels]),
        places=np.array([float(cells[c].places) for c in labels]),
        coef=coef,
        sense=sense,
        labels=labels,
        forced=forced,
    )
    bad = np.flatnonzero(~p.holds())
    if len(bad):
        raise ValueError(f"relation {list(relations)[bad[0]]} does not hold on the true values")
    return p
