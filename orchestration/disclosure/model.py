"""The cell model of disclosure control (docs/release.md, "Disclosure control").

A *cell* is one count of persons (or another published quantity that linear relations tie to such
counts) with its true value. A *relation* is a linear fact an outsider knows about cells:

- ``=``:  total = sum(members)   (a total over leerweg, profiel -> profielgroep, region -> national ...)
- ``<=``: total <= sum(members)  (distinct persons: a teacher in two profiles counts once in the group)
- ``>=``: total >= sum(members)  (a total that includes something not published as a member;
                                 with one member also "a part is at most its whole")

Every relation is homogeneous (no constant term), so hiding every cell of a relation hides it.
A cell is *primary* when it counts persons and 0 < value < threshold.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

SENSES = ("=", "<=", ">=")


@dataclass
class Cell:
    value: float
    threshold: int | None = None  # None: not a count of persons, never primary
    places: int = 1  # published figures that show this cell (loss when it is hidden)

    @property
    def primary(self) -> bool:
        return self.threshold is not None and 0 < self.value < self.threshold

    @property
    def weight(self) -> float:
        """Information loss of hiding the cell: its published figures, each 1 + log10(1 + value)."""
        return self.places * (1.0 + math.log10(1.0 + max(self.value, 0.0)))


@dataclass(frozen=True)
class Relation:
    total: Hashable
    members: tuple[Hashable, ...]
    sense: str = "="

    def __post_init__(self):
        if self.sense not in SENSES:
            raise ValueError(f"unknown relation sense {self.sense!r}")

    @property
    def cells(self) -> tuple[Hashable, ...]:
        return (self.total, *self.members)

    def coefficients(self) -> list[tuple[Hashable, float]]:
        """total - sum(members) (sense) 0, as (cell, coefficient) with repeated cells merged."""
        coef: dict[Hashable, float] = defaultdict(float)
        coef[self.total] += 1.0
        for m in self.members:
            coef[m] -= 1.0
        return [(c, a) for c, a in coef.items() if a != 0.0]

    def holds(self, values: dict[Hashable, float], tol: float = 1e-6) -> bool:
        lhs = sum(a * values[c] for c, a in self.coefficients())
        scale = tol * max(1.0, abs(values[self.total]))
        return {"=": abs(lhs) <= scale, "<=": lhs <= scale, ">=": lhs >= -scale}[self.sense]


@dataclass
class Problem:
    """Cells and the relations between them; `hidden` are cells withheld whatever the optimiser says
    (e.g. suppressed at the source)."""

    cells: dict[Hashable, Cell] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    hidden: set[Hashable] = field(default_factory=set)

    def add_relation(self, relation: Relation) -> None:
        missing = [c for c in relation.cells if c not in self.cells]
        if missing:
            raise KeyError(f"relation {relation} names unknown cells {missing}")
        if not relation.holds({c: self.cells[c].value for c in relation.cells}):
            raise ValueError(f"relation {relation} does not hold on the true values")
        self.relations.append(relation)

    @property
    def primary(self) -> set[Hashable]:
        return {k for k, c in self.cells.items() if c.primary}

    def components(self) -> list[Problem]:
        """Independent parts: cells connected through relations. A relation-free cell is its own part."""
        parent: dict[Hashable, Hashable] = {k: k for k in self.cells}

        def find(k):
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        for r in self.relations:
            root = find(r.total)
            for m in r.members:
                other = find(m)
                if other != root:
                    parent[other] = root
        parts: dict[Hashable, Problem] = defaultdict(Problem)
        for k, c in self.cells.items():
            p = parts[find(k)]
            p.cells[k] = c
            if k in self.hidden:
                p.hidden.add(k)
        for r in self.relations:
            parts[find(r.total)].relations.append(r)
        return list(parts.values())


def problem_of(cells: dict[Hashable, Cell], relations: Iterable[Relation], hidden: Iterable[Hashable] = ()) -> Problem:
    p = Problem(cells=dict(cells), hidden=set(hidden))
    for r in relations:
        p.add_relation(r)
    return p
