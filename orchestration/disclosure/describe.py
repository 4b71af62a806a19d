"""Describing the tables of a release as cells and relations (docs/release.md, "Disclosure control").

A cell is identified by (family, schooljaar, key, value): the counted population (catalog.py), the
year, the breakdown it is counted in (sorted (dim, value) pairs; a profile cell is not also keyed by
its profielgroep) and its value. Two published figures with the same family, year, key and value
are one cell, whatever table shows them; with a different value they are different counts.

Relations are found on the data, within a family and year: the cells whose key has one more
dimension than a total's key (a leerweg, a profiel, a region, a breakdown value; a profiel also
under its profielgroep) are its members. Their sum decides what the outsider may use:
equal (``=``; a member the total leaves out, such as the legacy programmes, is left out);
larger (``<=``, distinct persons; then also each member <= total); smaller (``>=``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field

import pandas as pd

from orchestration.disclosure.catalog import INDICATORS, NULMETING, PART_OF, THRESHOLDS, Count, Mart
from orchestration.disclosure.model import Cell, Problem, Relation

IV_DIMS = ("sto_regio_id", "vestiging_id", "leerweg", "profiel")
IV_KEY = (
    "indicator_id",
    "schooljaar",
    "sto_regio_id",
    "vestiging_id",
    "leerweg",
    "profiel",
    "breakdown",
    "breakdown_value",
)
TOL = 1e-6


def _na(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def _num(v) -> float | None:
    return None if _na(v) else float(v)


@dataclass
class Described:
    """Every table of a release with, per row, the cells its figures show or rest on."""

    problem: Problem = field(default_factory=Problem)
    row_cells: dict[str, list[list[Hashable]]] = field(default_factory=dict)  # indicator_values-like
    col_cells: dict[str, dict[str, list[Hashable | None]]] = field(default_factory=dict)  # topic marts
    reveals: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    family_of: dict[str, str] = field(default_factory=dict)  # cell -> unit it is counted in, for stats
    _by_family: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))

    def cell(self, family: str, year: int, key: tuple, value: float, kind: str) -> Hashable:
        cid = (family, int(year), key, round(value, 9))
        c = self.problem.cells.get(cid)
        if c is None:
            self.problem.cells[cid] = Cell(value, THRESHOLDS.get(kind))
            self._by_family[(family, int(year))][key].add(cid)
        else:
            c.places += 1
        return cid


def normal_key(dims: dict) -> tuple:
    dims = {k: v for k, v in dims.items() if not _na(v)}
    if "profiel" in dims:
        dims.pop("profielgroep", None)
    return tuple(sorted(dims.items()))


def iv_dims(row: dict) -> dict:
    dims = {d: row[d] for d in IV_DIMS if not _na(row[d])}
    if not _na(row["breakdown"]):
        names = str(row["breakdown"]).split("|")
        values = str(row["breakdown_value"]).split("|") if not _na(row["breakdown_value"]) else []
        if len(names) == len(values):
            dims.update(zip(names, values, strict=True))
        else:
            dims[str(row["breakdown"])] = row["breakdown_value"]
    return dims


def counts_of(indicator: str, unit: str, kinds: dict[str, str | None]) -> tuple[Count, ...]:
    declared = INDICATORS.get((indicator, unit), INDICATORS.get((indicator, None)))
    if declared is not None:
        return declared
    kind = kinds.get(indicator) or "pupils"
    if kind == "none":
        return ()
    if unit == "count":
        return (Count("value", kind),)
    return (Count("numerator", kind), Count("denominator", kind))


def _year(count_year: str | None, year: int, dims: dict) -> int | None:
    if count_year is None:
        return year
    if count_year == "previous":
        return year - 1
    if count_year == "nulmeting":
        return NULMETING
    if count_year == "reference":
        return {"vorig_jaar": year - 1, "nulmeting": NULMETING}.get(dims.get("verandering"))
    raise ValueError(f"unknown year {count_year!r}")


def describe_indicator_values(
    out: Described, table: str, frame: pd.DataFrame, kinds: dict[str, str | None], persons: dict[tuple, float]
) -> None:
    """persons: the teacher persons per cell (IV_KEY -> n), from the helper model."""
    rows: list[list[Hashable]] = []
    for row in frame.to_dict("records"):
        cells: list[Hashable] = []
        dims = iv_dims(row)
        for c in counts_of(row["indicator_id"], row["unit"], kinds):
            if any(dims.get(d) != v for d, v in c.when):
                continue
            if c.expr == "persons":
                value = persons.get(tuple(None if _na(row[k]) else row[k] for k in IV_KEY))
            elif c.expr == "num+den":
                n, d = _num(row["numerator"]), _num(row["denominator"])
                value = None if n is None or d is None else n + d
            else:
                value = _num(row[c.expr])
            year = _year(c.year, int(row["schooljaar"]), dims)
            if value is None or year is None or c.kind == "none":
                continue
            key = normal_key({k: v for k, v in dims.items() if k not in c.drop})
            family = c.family or f"{row['indicator_id']}.{c.expr}"
            cells.append(out.cell(family, year, key, value, c.kind))
        rows.append(cells)
    out.row_cells[table] = rows


def default_mart(frame: pd.DataFrame, kinds: dict[str, str | None]) -> Mart:
    """A topic mart nobody described: n_* columns count pupils (unless its column meta says otherwise),
    other floating-point columns reveal every count of their row, text columns are the key."""
    from orchestration.disclosure.catalog import Column

    counts, reveals = {}, {}
    text = [c for c in frame.columns if frame[c].dtype == object or str(frame[c].dtype).startswith(("str", "string"))]
    for col in frame.columns:
        kind = kinds.get(col, "pupils" if col.startswith("n_") else None)
        if col in text or kind is None or not pd.api.types.is_numeric_dtype(frame[col]):
            continue
        counts[col] = Column(kind)
    for col in frame.columns:
        if col not in counts and col not in text and pd.api.types.is_float_dtype(frame[col]):
            reveals[col] = tuple(c for c, spec in counts.items() if spec.kind != "none")
    return Mart(counts=counts, reveals=reveals, dims=tuple(text))


def describe_mart(out: Described, table: str, frame: pd.DataFrame, mart: Mart) -> None:
    paired_values = {v for _, v in mart.paired}
    plain = [d for d in (mart.dims or ()) if d in frame.columns and d not in paired_values]
    plain = [d for d in plain if d not in {n for n, _ in mart.paired}]
    year_col = mart.year_column if mart.year_column in frame.columns else None
    cols: dict[str, list[Hashable | None]] = {}
    records = frame.to_dict("records")
    for col, spec in mart.counts.items():
        if col not in frame.columns or spec.kind == "none":
            continue
        cells: list[Hashable | None] = []
        for row in records:
            value = _num(row[col])
            dims = {d: row[d] for d in plain if d not in mart.drop_from_key}
            for name_col, value_col in mart.paired:
                if not _na(row[value_col]) and row[value_col] != mart.total_value:
                    dims[str(row[name_col])] = row[value_col]
            dims.update(spec.extra)
            year = _year(spec.year, int(row[year_col]) if year_col else 0, dims)
            if value is None or year is None:
                cells.append(None)
                continue
            family = spec.family or f"{table}.{col}"
            cells.append(out.cell(family, year, normal_key(dims), value, spec.kind))
        cols[col] = cells
    out.col_cells[table] = cols
    out.reveals[table] = {
        c: tuple(r for r in rev if r in cols) for c, rev in mart.reveals.items() if c in frame.columns
    }


def find_relations(out: Described, profielgroep_of: dict[str, str]) -> None:
    """Additive structure inside each family and year (module docstring)."""
    families = out._by_family
    for (family, year), by_key in list(families.items()):
        parents = [by_key]
        if family in PART_OF and (PART_OF[family], year) in families:
            parents.append(families[(PART_OF[family], year)])
        groups: dict[tuple, list[Hashable]] = defaultdict(list)
        for key, ids in by_key.items():
            if len(ids) != 1:
                continue  # two counts under one key: which one a total adds up is unknown
            (cid,) = ids
            dims = dict(key)
            for d in dims:
                rest = {k: v for k, v in dims.items() if k != d}
                groups[(normal_key(rest), d)].append(cid)
                if d == "profiel" and dims[d] in profielgroep_of:
                    groups[(normal_key({**rest, "profielgroep": profielgroep_of[dims[d]]}), "profiel>")].append(cid)
        for (parent_key, _), members in groups.items():
            total = None
            for source in parents:
                ids = source.get(parent_key)
                if ids and len(ids) == 1:
                    total = next(iter(ids))
                    break
            if total is None or not members:
                continue
            _add_group(out.problem, total, members)


def _add_group(problem: Problem, total: Hashable, members: list[Hashable]) -> None:
    value = {c: problem.cells[c].value for c in [total, *members]}
    t = value[total]
    s = sum(value[m] for m in members)
    tol = TOL * max(1.0, abs(t))
    if abs(s - t) <= tol:
        if len(members) > 1 or True:
            problem.relations.append(Relation(total, tuple(members), "="))
        return
    outsiders = [m for m in members if abs(s - value[m] - t) <= tol]
    if len(outsiders) == 1 and len(members) > 1:
        problem.relations.append(Relation(total, tuple(m for m in members if m != outsiders[0]), "="))
        return
    if s > t:
        problem.relations.append(Relation(total, tuple(members), "<="))
        for m in members:
            if value[m] <= t + tol:
                problem.relations.append(Relation(total, (m,), ">="))
    else:
        problem.relations.append(Relation(total, tuple(members), ">="))
