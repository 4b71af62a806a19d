"""Describing the tables of a release as cells and relations (docs/release.md, "Disclosure control").

A cell is identified by (population, schooljaar, key, value): the counted population (catalog.py),
the year, the breakdown it is counted in (its (dimension, value) pairs; a profiel cell is not also
keyed by its profielgroep) and its value. Two published figures with the same population, year, key
and value are one cell, whatever table shows them. Two different values under one population, year
and key are a *clash*: a declaration that calls two different counts the same. The audit records
them; relations are then found with the value most figures show (a clash must not drop the relations
of its key: the other cells of a total would give a hidden member away).

Relations are found on the data, within a population and year: the cells whose key has one more
dimension than a total's key (a leerweg, a profiel, a region, a breakdown value; a profiel also
under its profielgroep, a value under its declared group) are its members; for a population that is
a `breakdown_of` another, the total may be the other population's cell. Their sum decides what the
outsider may use: equal (``=``; a member the total leaves out, such as the legacy programmes, is
left out); larger (``<=``, distinct persons; then also each member <= total); smaller (``>=``). A
population that is a `subset_of` another is at most the other's cell with the same key (female
pupils <= pupils).

Everything is computed per table and count declaration on whole columns; keys are strings of
``dimension<US>value<RS>`` pairs sorted by dimension.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import overload

import numpy as np
import pandas as pd

from orchestration.disclosure.catalog import Catalog, Count, Mart
from orchestration.disclosure.model import Problem, relation_arrays
from orchestration.warehouse import connect_duckdb

IV_DIMS = ("sto_regio_id", "vestiging_id", "leerweg", "profiel")
IV_KEY = ("indicator_id", "schooljaar", *IV_DIMS, "breakdown", "breakdown_value")
PROFILE_DIMS = (("profiel", "profielgroep"), ("keuzevak_profiel", "keuzevak_profielgroep"))
TOL = 1e-6
EQ, LE, GE = 0, 1, 2
SEP, END = "\x1f", "\x1e"  # between a dimension and its value; after each pair
EMPTY = np.array([], dtype=np.int64)


def _objects(series: pd.Series) -> np.ndarray:
    """A column as Python objects with None for NULL (fast to compare and concatenate)."""
    values = series.to_numpy(dtype=object, na_value=None)
    return values


def key_string(pairs: dict) -> str:
    """The key of a cell from (dimension -> value), as `keys` builds it for whole columns."""
    pairs = {k: v for k, v in pairs.items() if v is not None}
    for child, parent in PROFILE_DIMS:
        if child in pairs:
            pairs.pop(parent, None)
    return "".join(f"{k}{SEP}{v}{END}" for k, v in sorted(pairs.items()))


def key_pairs(key: str) -> list[tuple[str, str]]:
    return [tuple(p.split(SEP, 1)) for p in key.split(END)[:-1]]  # type: ignore[misc]


def keys(dims: dict[str, np.ndarray], n: int, count: Count | None = None) -> np.ndarray:
    """Key strings of n rows from their dimension columns (None = absent), after the count's
    not_by, rename and key."""
    if count is not None and (count.not_by or count.rename or count.key):
        names = dict(count.rename)
        dims = {names.get(k, k): v for k, v in dims.items() if k not in count.not_by}
        for k, v in count.key:
            dims[k] = np.full(n, v, dtype=object)
    dims = dict(dims)
    for child, parent in PROFILE_DIMS:
        if child in dims and parent in dims:
            dims[parent] = np.where(pd.notna(dims[child]), None, dims[parent])
    out = np.full(n, "", dtype=object)
    for name in sorted(dims):
        values = np.asarray(dims[name], dtype=object)  # Python objects, not Arrow strings one by one
        if pd.api.types.infer_dtype(values, skipna=True) in ("string", "integer", "empty"):
            # each distinct value's pair written once, then taken per row ("" for NULL, code -1: the last
            # entry); only where equal values are written alike (not 1 and 1.0, or 0.0 and -0.0)
            code, distinct = pd.factorize(values, use_na_sentinel=True)
            pairs = np.array([f"{name}{SEP}{v}{END}" for v in distinct] + [""], dtype=object)
            pair = pairs[code]
        else:
            present = pd.notna(values)
            pair = np.full(n, "", dtype=object)
            pair[present] = [f"{name}{SEP}{v}{END}" for v in values[present]]
        out = out + pair
    return out


def iv_dims(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """The dimensions of indicator_values rows: its key columns and the breakdown's names and values
    ('profielgroep|brin', 'techniek|17EC' -> profielgroep = techniek, brin = 17EC)."""
    n = len(frame)
    dims = {d: _objects(frame[d]) for d in IV_DIMS}
    breakdown = _objects(frame["breakdown"])
    value = _objects(frame["breakdown_value"])
    for b in pd.unique(breakdown[pd.notna(breakdown)]):
        rows = np.flatnonzero(breakdown == b)
        names = str(b).split("|")
        if len(names) == 1:
            col = dims.setdefault(names[0], np.full(n, None, dtype=object))
            col[rows] = value[rows]
            continue
        parts = pd.Series(value[rows], dtype=object).str.split("|", expand=True, regex=False)
        if parts.shape[1] >= len(names):
            whole = (parts.notna().sum(axis=1) == len(names)).to_numpy()
        else:
            whole = np.zeros(len(rows), dtype=bool)
        for j, name in enumerate(names):
            col = dims.setdefault(name, np.full(n, None, dtype=object))
            if whole.any():
                col[rows[whole]] = parts[j].to_numpy(dtype=object)[whole]
    return dims


def _subset(dims: dict[str, np.ndarray], rows: np.ndarray) -> dict[str, np.ndarray]:
    out = {}
    for k, col in dims.items():
        sub = col[rows]
        if pd.notna(sub).any():
            out[k] = sub
    return out


@dataclass
class Figures:
    """The published figures that show or rest on a count, gathered column-wise before cells are
    numbered: per figure its population, year, key and value, and where it is published (a
    target: (table, None) for an indicator_values-like row, (table, column) for a mart column).
    Gathered per count declaration (a *chunk*): its population once, and its keys as codes into the
    chunk's distinct keys (at five times national scale, four million key strings, one per figure, held
    about 500 MB)."""

    population: list[str] = field(default_factory=list)  # per chunk
    year: list[np.ndarray] = field(default_factory=list)
    key: list[np.ndarray] = field(default_factory=list)  # per chunk: codes into its distinct keys
    distinct_keys: list[np.ndarray] = field(default_factory=list)  # per chunk, in the order of first appearance
    value: list[np.ndarray] = field(default_factory=list)
    target: list[np.ndarray] = field(default_factory=list)
    row: list[np.ndarray] = field(default_factory=list)
    targets: list[tuple] = field(default_factory=list)
    lookups: list[tuple[tuple, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)

    def target_id(self, target: tuple) -> int:
        if target not in self.targets:
            self.targets.append(target)
        return self.targets.index(target)

    def add(self, target: tuple, population: str, year, key, value, rows) -> None:
        n = len(rows)
        if not n:
            return
        code, distinct = pd.factorize(np.asarray(key, dtype=object))
        self.population.append(population)
        self.year.append(np.asarray(year, dtype=np.int64))
        self.key.append(code)
        self.distinct_keys.append(np.asarray(distinct, dtype=object))
        self.value.append(np.round(np.asarray(value, dtype=float), 9))
        self.target.append(np.full(n, self.target_id(target), dtype=np.int64))
        self.row.append(np.asarray(rows, dtype=np.int64))

    def population_codes(self) -> tuple[np.ndarray, pd.Index]:
        """Per figure the code of its population, and the populations in the order of first appearance."""
        pops = pd.Index(pd.unique(np.array(self.population, dtype=object)))
        sizes = [len(y) for y in self.year]
        return np.repeat(pops.get_indexer(self.population), sizes), pops

    def key_codes(self) -> tuple[np.ndarray, np.ndarray]:
        """Per figure the code of its key, and the keys in the order of first appearance: what factorizing
        every figure's key string gives (each chunk's distinct keys are in their order of first appearance)."""
        code, keys = pd.factorize(np.concatenate(self.distinct_keys))
        offsets = np.cumsum([0] + [len(d) for d in self.distinct_keys[:-1]])
        return np.concatenate([code[o + k] for o, k in zip(offsets, self.key, strict=True)]), np.asarray(keys)


@dataclass
class Described:
    """Every released table as cells, with for each table which rows show or rest on which cells."""

    catalog: Catalog
    figures: Figures = field(default_factory=Figures)
    cells: pd.DataFrame | None = None  # population, year, key, value, places, threshold
    rows: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)  # indicator_values
    columns: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)  # mart counts
    lookups: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)  # mart rests_on
    copies: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)  # -> iv rows
    iv_keys: pd.Series | None = None  # (indicator, unit, year, key) -> row
    iv_hidden: np.ndarray | None = None  # indicator_values rows withheld (set by step.apply)
    clashes: int = 0
    clash_examples: list[str] = field(default_factory=list)
    unresolved: int = 0
    # relations as arrays: per relation its total cell and sense; per member its relation and cell
    relations: tuple[np.ndarray, ...] = (EMPTY, np.array([], dtype=np.int8), EMPTY, EMPTY)

    def years(self, count: Count, years: np.ndarray, dims: dict[str, np.ndarray]) -> np.ndarray:
        """The year of the count per row (-1: none, e.g. a change without reference)."""
        years = years.astype(np.int64)
        if count.year is None:
            return years
        if count.year == "previous":
            return years - 1
        base = self.catalog.baseline_year
        if count.year == "baseline":
            return np.full(len(years), base, dtype=np.int64)
        ref = dims.get("verandering", np.full(len(years), None, dtype=object))
        return np.where(ref == "vorig_jaar", years - 1, np.where(ref == "nulmeting", base, -1))

    def gather(self, target: tuple, count: Count, dims: dict, years: np.ndarray, values, rows: np.ndarray) -> None:
        """Figures of one count declaration over the rows `rows` (dims, years, values aligned with them)."""
        keep = np.ones(len(rows), dtype=bool) if values is None else ~np.isnan(values)
        for k, v in count.when:
            col = dims.get(k, np.full(len(rows), None, dtype=object))
            keep &= (col == v) if v is not None else np.array([x is None for x in col], dtype=bool)
        yr = self.years(count, years, dims)
        keep &= yr >= 0
        if not keep.any():
            return
        sub = {k: col[keep] for k, col in dims.items()}
        key = keys(sub, int(keep.sum()), count)
        if values is None:  # a cell looked up by population and key
            self.figures.lookups.append(
                (target, rows[keep], np.full(int(keep.sum()), count.population, dtype=object), yr[keep], key)
            )
        else:
            self.figures.add(target, count.population, yr[keep], key, values[keep], rows[keep])

    def number(self) -> None:
        """Number the cells: one per (population, year, key, value); then resolve the looked-up cells.
        Grouped on integer codes of the populations and keys (grouping their strings costs seconds at
        scale 1); a cell's number is the order of its first figure, as grouping the strings numbered it."""
        f = self.figures
        if not f.population:
            self.cells = pd.DataFrame(columns=["population", "year", "key", "value", "places", "threshold"])
            return
        pop_code, pops = f.population_codes()
        key_code, key_names = f.key_codes()
        f.key, f.distinct_keys = [], []  # what remains of the keys is in key_names
        year = np.concatenate(f.year)
        value = np.concatenate(f.value)
        target = np.concatenate(f.target)
        row = np.concatenate(f.row)
        f.year, f.value, f.target, f.row = [], [], [], []
        # each figure's population, year and key as one integer
        y0, ny, nk = int(year.min()), int(year.max() - year.min()) + 1, len(key_names)
        code = (pop_code * ny + (year - y0)) * nk + key_code
        del pop_code, key_code
        cid, first = _numbered(code, value)
        cell_code = code[first]
        del code
        cell_pop, rest = np.divmod(cell_code, ny * nk)
        cell_key = rest % nk
        kinds = np.array([float(self.catalog.threshold(p)) for p in pops])
        cells = pd.DataFrame(
            {
                "population": pd.Series(np.asarray(pops, dtype=object)[cell_pop], dtype=object),
                "year": year[first],
                "key": pd.Series(np.asarray(key_names, dtype=object)[cell_key], dtype=object),
                "value": value[first],
                "places": np.bincount(cid, minlength=len(first)),
                "threshold": kinds[cell_pop],
            }
        )
        cells.index.name = "cell"
        # the cells sorted by the integer of their population, year and key (the cells of one code in their
        # order): for the clashes (a code with more than one value) and the looked-up cells
        by_code = np.argsort(cell_code, kind="stable")
        sorted_code = cell_code[by_code]
        run = np.diff(np.r_[np.flatnonzero(np.r_[True, np.diff(sorted_code) != 0]), len(sorted_code)])
        size = np.empty(len(sorted_code), dtype=np.int64)
        size[by_code] = np.repeat(run, run)
        clashing = cells[size > 1]
        groups = clashing.groupby(["population", "year", "key"])["value"]
        self.clashes = int(groups.ngroups)
        for (pop, yr, key), vals in list(groups)[:20]:
            self.clash_examples.append(f"{pop} {yr} {dict(key_pairs(key))}: {sorted(vals)}")
        self.cells = cells
        order = np.argsort(target, kind="stable")
        ends = np.cumsum(np.bincount(target, minlength=len(f.targets)))
        for target, chunk in zip(f.targets, np.split(order, ends[:-1]), strict=True):
            pair = (row[chunk], cid[chunk])
            table, col = target
            if col is None:
                self.rows[table] = pair
            else:
                self.columns[target] = pair
        # a looked-up cell: the cell(s) of its population, year and key (a clash: each of its values), by
        # binary search in the sorted codes
        pop_index, key_index = pd.Index(pops), pd.Index(key_names)
        for target, rows, pop, yr, key in f.lookups:
            p, k = pop_index.get_indexer(pop), key_index.get_indexer(key)
            known = (p >= 0) & (k >= 0) & (yr >= y0) & (yr < y0 + ny)
            code = (p.astype(np.int64) * ny + (yr - y0)) * nk + k
            lo = np.where(known, np.searchsorted(sorted_code, code, "left"), 0)
            n_found = np.where(known, np.searchsorted(sorted_code, code, "right") - lo, 0)
            self.unresolved += int((n_found == 0).sum())
            offset = np.arange(int(n_found.sum())) - np.repeat(np.cumsum(n_found) - n_found, n_found)
            pair = (np.repeat(rows, n_found).astype(np.int64), by_code[np.repeat(lo, n_found) + offset])
            table, col = target
            store, name = (self.rows, table) if col is None else (self.lookups, target)
            old = store.get(name, (EMPTY, EMPTY))
            store[name] = (np.r_[old[0], pair[0]], np.r_[old[1], pair[1]])
        self.figures = Figures()  # numbered: what they held is in the cells and the row maps

    def problem(self) -> Problem:
        """The cells and relations as the solver takes them. What only describing needed is dropped after: the
        relations (now the problem's coefficients), the indicator keys the copies were looked up in and the
        lookups' cells (≈ 30 MB at scale 1 that the solver's forked workers would otherwise share)."""
        c = self.cells
        coef, sense = relation_arrays(*self.relations, len(c))
        self.relations = (EMPTY, np.array([], dtype=np.int8), EMPTY, EMPTY)
        self.iv_keys, self.lookups = None, {}
        # a stable hash of each label from its columns (pandas' SipHash; repr of 10^6 labels takes seconds)
        label_hash = pd.util.hash_pandas_object(c[["population", "year", "key", "value"]], index=False)
        return Problem(
            value=c["value"].to_numpy(float),
            threshold=c["threshold"].to_numpy(float),
            places=c["places"].to_numpy(float),
            coef=coef,
            sense=sense,
            labels=CellLabels(c),
            label_hash=label_hash.to_numpy(np.uint64),
        )


def _numbered(code: np.ndarray, value: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows with equal (code, value) as groups numbered in the order of their first row (what pandas'
    groupby(sort=False).ngroup() gives, with less memory: one sort), and the first row of each group."""
    order = np.lexsort((value, code))  # stable: within a group, the rows in their order
    code, value = code[order], value[order]
    change = np.r_[True, (code[1:] != code[:-1]) | (value[1:] != value[:-1])]
    del code, value
    group = np.cumsum(change) - 1
    first = order[change]
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first)] = np.arange(len(first))
    cid = np.empty(len(order), dtype=np.int64)
    cid[order] = rank[group]
    return cid, np.sort(first)


class CellLabels(Sequence):
    """The label (population, year, key, value) of each cell of `cells`, made when it is asked for: a release
    reads few of them (the audit's failures), and a list of 10^6 tuples would hold about 180 MB at scale 1 in
    the process the solver workers fork from."""

    def __init__(self, cells: pd.DataFrame):
        self._columns = [cells[c].to_numpy() for c in ("population", "year", "key", "value")]

    def __len__(self) -> int:
        return len(self._columns[0])

    @overload
    def __getitem__(self, i: int) -> tuple: ...
    @overload
    def __getitem__(self, i: slice) -> list[tuple]: ...
    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return tuple(col[i] if col.dtype == object else col[i].item() for col in self._columns)


def _figure(frame: pd.DataFrame, figure: str) -> np.ndarray:
    if figure == "numerator+denominator":
        return (frame["numerator"].astype("float64") + frame["denominator"].astype("float64")).to_numpy()
    col = "_persons" if figure == "persons" else figure
    return frame[col].astype("float64").to_numpy()


def describe_indicator_values(out: Described, table: str, frame: pd.DataFrame) -> None:
    """`frame`: marts.indicator_values with `_persons` (the teacher persons behind each cell, from
    the helper mart) beside its columns."""
    frame = frame.reset_index(drop=True)
    dims = iv_dims(frame)
    years = frame["schooljaar"].to_numpy(np.int64)
    n = len(frame)
    full = keys(dims, n)
    out.iv_keys = pd.Series(
        np.arange(n),
        index=pd.MultiIndex.from_arrays([_objects(frame["indicator_id"]), _objects(frame["unit"]), years, full]),
    )
    groups = frame.groupby(["indicator_id", "unit"], sort=False).indices
    for (indicator, unit), idx in groups.items():
        sub = _subset(dims, idx)
        for count in out.catalog.counts_of(indicator, unit):
            values = None if count.figure == "rests_on" else _figure(frame.iloc[idx], count.figure)
            out.gather((table, None), count, sub, years[idx], values, idx)


def _mart_dims(frame: pd.DataFrame, mart: Mart) -> dict[str, np.ndarray]:
    n = len(frame)
    paired_cols = {c for p in mart.paired for c in p}
    dims = {d: _objects(frame[c]) for c, d in mart.key if c in frame.columns and c not in paired_cols}
    for name_col, value_col in mart.paired:
        names = _objects(frame[name_col])
        values = _objects(frame[value_col])
        for name in pd.unique(names[names != None]):  # noqa: E711
            rows = (names == name) & (values != None) & (values != mart.total_value)  # noqa: E711
            col = dims.setdefault(str(name), np.full(n, None, dtype=object))
            col[rows] = values[rows]
    return dims


def describe_mart(out: Described, table: str, frame: pd.DataFrame, mart: Mart) -> None:
    frame = frame.reset_index(drop=True)
    n = len(frame)
    dims = _mart_dims(frame, mart)
    years = (
        frame[mart.year].fillna(-1).to_numpy(np.int64)
        if mart.year and mart.year in frame.columns
        else np.zeros(n, np.int64)
    )
    rows = np.arange(n)
    for col, count in mart.counts.items():
        if col in frame.columns:
            out.gather((table, col), count, dims, years, frame[col].astype("float64").to_numpy(), rows)
    for col, looked in mart.lookups.items():
        for count in looked:
            out.gather((table, col), count, dims, years, None, rows)
    for col, copy in mart.copies.items():
        if col not in frame.columns:
            continue
        keep = np.ones(n, dtype=bool)
        for c, v in copy.when:
            keep &= _objects(frame[c]).astype(str) == v
        yr = frame[copy.year].to_numpy(dtype=float, na_value=np.nan)
        keep &= ~np.isnan(yr)
        sel = np.flatnonzero(keep)
        key = keys({d: _objects(frame[c])[sel] for d, c in copy.key}, len(sel))
        wanted = pd.MultiIndex.from_arrays(
            [
                np.full(len(sel), copy.indicator, dtype=object),
                np.full(len(sel), copy.unit, dtype=object),
                yr[sel].astype(np.int64),
                key,
            ]
        )
        found = out.iv_keys.reindex(wanted).to_numpy(dtype=float)
        ok = ~np.isnan(found)
        out.copies[(table, col)] = (sel[ok], found[ok].astype(np.int64))


def find_relations(out: Described, profielgroep_of: dict[str, str]) -> None:
    """Additive structure inside each population and year (module docstring), for the populations
    and years that hold a primary cell and those tied to them: set operations in DuckDB over the
    cells' (dimension, value) pairs, then the comparison of each group's sum with its total."""
    c = out.cells
    pops = out.catalog.populations
    primary = (c["value"] > 0) & (c["value"] < c["threshold"])
    live = set(zip(c.loc[primary, "population"], c.loc[primary, "year"], strict=True))
    tied: dict[str, set[str]] = defaultdict(set)
    for p in pops.values():
        for other in (p.breakdown_of, p.subset_of):
            if other is not None:
                tied[p.name].add(other)
                tied[other].add(p.name)
    todo = list(live)
    while todo:
        pop, year = todo.pop()
        for other in tied[pop]:
            if (other, year) not in live:
                live.add((other, year))
                todo.append((other, year))
    # a value's group: profiel -> profielgroep (in its own dimension), 50-59 -> 50+ (the same dimension)
    ups = [(child, v, parent, g) for child, parent in PROFILE_DIMS for v, g in profielgroep_of.items()]
    ups += [(dim, str(v), dim, str(g)) for dim, members in out.catalog.groups.items() for v, g in members.items()]
    frames = {
        "cells": pd.DataFrame(
            {
                "cid": np.arange(len(c)),
                # object columns, as DuckDB reads them: not converted to pandas' Arrow strings first (0.3 s)
                "pop": pd.Series(c["population"].to_numpy(), dtype=object),
                "year": c["year"].to_numpy(),
                "ckey": pd.Series(c["key"].to_numpy(), dtype=object),
                "places": c["places"].to_numpy(),
            }
        ),
        "live": pd.DataFrame(list(live) or [("", -1)], columns=["pop", "year"]),
        "ups": pd.DataFrame(ups or [("", "", "", "")], columns=["dim", "val", "gdim", "gval"]),
        "wider": pd.DataFrame(
            [(p.name, p.breakdown_of) for p in pops.values() if p.breakdown_of is not None] or [("", "")],
            columns=["pop", "total_pop"],
        ),
        "subsets": pd.DataFrame(
            [(p.name, p.subset_of) for p in pops.values() if p.subset_of is not None] or [("", "")],
            columns=["pop", "sup"],
        ),
    }
    con = connect_duckdb()
    try:
        for name, frame in frames.items():
            con.register(f"_{name}", frame)
        con.execute(
            f"""CREATE TEMP TABLE u AS  -- the cells of the live populations and years, one per key
            SELECT c.cid, c.pop, c.year, c.ckey,
                   list_filter(string_split(c.ckey, '{END}'), lambda x: x <> '') AS parts
            FROM _cells c JOIN _live l USING (pop, year)
            -- a clash (two values for one population, year and key): the cell most figures show
            QUALIFY row_number() OVER (PARTITION BY c.pop, c.year, c.ckey ORDER BY c.places DESC, c.cid) = 1"""
        )
        members = con.execute(
            f"""WITH e AS (
                SELECT cid, pop, year, parts, unnest(parts) AS part FROM u
            ), m AS (  -- each cell is a member of the total without one of its pairs ...
                SELECT cid, pop, year, split_part(part, '{SEP}', 1) AS grp,
                       list_filter(parts, lambda x: x <> part) AS rest
                FROM e
                UNION ALL  -- ... and of the total with that pair's value replaced by its group's
                SELECT e.cid, e.pop, e.year, split_part(e.part, '{SEP}', 1) || '>' AS grp,
                       list_sort(list_append(list_filter(e.parts, lambda x: x <> e.part), g.gdim || '{SEP}' || g.gval))
                FROM e JOIN _ups g
                  ON split_part(e.part, '{SEP}', 1) = g.dim AND substr(e.part, length(g.dim) + 2) = g.val
            ), k AS (
                SELECT cid, pop, year, grp,
                       CASE WHEN len(rest) = 0 THEN '' ELSE array_to_string(rest, '{END}') || '{END}' END AS tkey
                FROM m
            ), t AS (  -- the total: the same population, else the one it is a breakdown of
                SELECT k.*, coalesce(own.cid, wide.cid) AS total
                FROM k
                LEFT JOIN u own ON own.pop = k.pop AND own.year = k.year AND own.ckey = k.tkey
                LEFT JOIN _wider w ON w.pop = k.pop
                LEFT JOIN u wide ON wide.pop = w.total_pop AND wide.year = k.year AND wide.ckey = k.tkey
            ), p AS (  -- the populations, numbered in their order
                SELECT pop, row_number() OVER (ORDER BY pop) - 1 AS pi FROM (SELECT DISTINCT pop FROM _live)
            )
            -- the groups numbered within each population (a window over all of them at once ran out of a
            -- 300 MB cap at five times national scale); _group_numbers numbers them across populations
            SELECT p.pi, dense_rank() OVER (PARTITION BY p.pi ORDER BY t.year, t.tkey, t.grp) - 1 AS r,
                   t.total, t.cid
            FROM t JOIN p USING (pop) WHERE t.total IS NOT NULL ORDER BY p.pi, r, t.cid"""
        ).df()
        members["grp"] = _group_numbers(members["pi"].to_numpy(np.int64), members["r"].to_numpy(np.int64))
        subsets = con.execute(  # ordered: the same relations, in the same order, every run
            """SELECT t.cid AS total, u.cid FROM u JOIN _subsets s ON s.pop = u.pop
               JOIN u t ON t.pop = s.sup AND t.year = u.year AND t.ckey = u.ckey ORDER BY total, u.cid"""
        ).df()
    finally:
        con.close()
    out.relations = _relations(c["value"].to_numpy(float), members, subsets)


def _group_numbers(population: np.ndarray, within: np.ndarray) -> np.ndarray:
    """The group of each member numbered across populations, in the order of (population, group number
    within it): what dense_rank() over (population, year, total's key, group) gives, from the numbers
    within each population (0, 1, ...), the rows ordered by population."""
    if not len(population):
        return within
    sizes = np.zeros(int(population.max()) + 1, dtype=np.int64)
    np.maximum.at(sizes, population, within + 1)
    return np.concatenate([[0], np.cumsum(sizes)[:-1]])[population] + within


def _relations(value: np.ndarray, members: pd.DataFrame, subsets: pd.DataFrame) -> tuple[np.ndarray, ...]:
    """(total, members) groups -> relations as arrays (relation of each total, its sense; relation and
    cell of each member): the members add up to the total (=); all but one member do, the one the total
    leaves out (=, without it); they add up to more (<=, distinct persons; then each member <= total);
    to less (>=). A subset cell is at most its superset's cell (>=)."""
    grp = members["grp"].to_numpy(np.int64)
    cid = members["cid"].to_numpy(np.int64)
    n_groups = int(grp.max()) + 1 if len(grp) else 0
    total = np.zeros(n_groups, dtype=np.int64)
    total[grp] = members["total"].to_numpy(np.int64)
    vals = value[cid]
    s = np.bincount(grp, weights=vals, minlength=n_groups)
    size = np.bincount(grp, minlength=n_groups)
    t = value[total]
    tol = TOL * np.maximum(1.0, np.abs(t))
    eq = np.abs(s - t) <= tol
    outsider = np.abs(s[grp] - vals - t[grp]) <= tol[grp]
    one_out = (np.bincount(grp, weights=outsider, minlength=n_groups) == 1) & (size > 1) & ~eq
    le = ~eq & ~one_out & (s > t)
    sense = np.where(eq | one_out, EQ, np.where(le, LE, GE)).astype(np.int8)
    keep = ~(one_out[grp] & outsider)  # the member the total leaves out
    rel_total, rel_sense = [total], [sense]
    mem_rel, mem_cell = [grp[keep]], [cid[keep]]
    # each member <= its total, for the distinct-person groups
    single = le[grp] & (vals <= t[grp] + tol[grp])
    n = n_groups
    k = int(single.sum())
    rel_total.append(total[grp[single]])
    rel_sense.append(np.full(k, GE, dtype=np.int8))
    mem_rel.append(np.arange(n, n + k))
    mem_cell.append(cid[single])
    n += k
    k = len(subsets)
    rel_total.append(subsets["total"].to_numpy(np.int64))
    rel_sense.append(np.full(k, GE, dtype=np.int8))
    mem_rel.append(np.arange(n, n + k))
    mem_cell.append(subsets["cid"].to_numpy(np.int64))
    return (np.concatenate(rel_total), np.concatenate(rel_sense), np.concatenate(mem_rel), np.concatenate(mem_cell))
