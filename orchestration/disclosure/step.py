"""The one disclosure step of a release: describe every table, choose the hidden cells once, audit
them as an attacker would, and withhold them in every table (docs/release.md, "Disclosure control")."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TextIO

import duckdb
import numpy as np
import pandas as pd

from orchestration.allocators import return_large_blocks
from orchestration.disclosure.catalog import INDICATOR_TABLE, Catalog
from orchestration.disclosure.describe import (
    IV_KEY,
    Described,
    describe_indicator_values,
    describe_mart,
    find_relations,
    key_pairs,
)
from orchestration.disclosure.previous import Previous, published_before, sorted_unique
from orchestration.disclosure.solve import choose_hidden
from orchestration.errors import UserError
from orchestration.progress import progress
from orchestration.warehouse import hand_back_memory

SUPPRESSED_COLUMNS = "suppressed_columns"
PERSONS_TABLE = "lesgevenden_indicator_personen"  # the teacher persons behind each indicator cell
METHOD = (
    "MILP (HiGHS) per independent part: least information loss = sum over hidden cells of the figures "
    "showing them x (1 + log10(1 + count)); capacity rows per additive relation and capacity cuts from the "
    "attacker's LP dual until he fails, then a repair by the cheapest cells of his cuts"
)


@dataclass
class Outcome:
    frames: dict[str, pd.DataFrame]
    audit: dict
    shares: dict[str, dict] = field(default_factory=dict)  # utility: per table and per indicator
    parts: dict[str, list[int]] = field(default_factory=dict)  # the pattern per part, for the next release
    published: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))  # label hashes shown

    @property
    def passed(self) -> bool:
        return self.audit["result"] == "pass"


def _read_indicator_values(con: duckdb.DuckDBPyConnection, tables: list[str]) -> pd.DataFrame:
    if PERSONS_TABLE not in tables:
        return con.sql(f"SELECT *, CAST(NULL AS DOUBLE) AS _persons FROM marts.{INDICATOR_TABLE}").df()
    on = " AND ".join(f"p.{k} IS NOT DISTINCT FROM v.{k}" for k in IV_KEY)
    return con.sql(
        f"SELECT v.*, CAST(p.n_persons AS DOUBLE) AS _persons FROM marts.{INDICATOR_TABLE} AS v "
        f"LEFT JOIN marts.{PERSONS_TABLE} AS p ON {on} ORDER BY v.rowid"  # the table's order, not the join's
    ).df()


def disclose(
    con: duckdb.DuckDBPyConnection,
    catalog: Catalog,
    log: TextIO | None = None,
    previous: Previous | None = None,
) -> Outcome:
    """The released tables with the hidden cells withheld, and the audit. `previous`: the pattern per part of
    the last release, whose unchanged parts keep it, and the cells earlier releases published, which stay
    published and are known to the attacker (orchestration/disclosure/previous.py)."""
    previous = previous or Previous()
    started = time.monotonic()
    return_large_blocks()  # before the describing fills the heap that the solver's workers will share
    tables = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' ORDER BY 1"
        ).fetchall()
    ]
    undeclared = [t for t in tables if t not in catalog.marts]
    if undeclared:
        raise UserError(
            f"marts.{undeclared[0]} has no disclosure declaration (model meta.disclosure)"
            + (f" (and {len(undeclared) - 1} more)" if len(undeclared) > 1 else "")
        )
    released = [t for t in tables if catalog.marts[t].released]
    frames: dict[str, pd.DataFrame] = {}
    for t in released:
        if t == INDICATOR_TABLE:
            frames[t] = _read_indicator_values(con, tables)
        else:
            frames[t] = con.sql(f'SELECT * FROM marts."{t}"').df()
    hand_back_memory(con)  # con is not queried again until the tables are written
    profielgroep_of = {}
    if "dim_profiel" in frames:
        profielgroep_of = dict(
            zip(frames["dim_profiel"]["profiel"], frames["dim_profiel"]["profielgroep"], strict=True)
        )
    described = Described(catalog)
    if INDICATOR_TABLE in frames:
        describe_indicator_values(described, INDICATOR_TABLE, frames[INDICATOR_TABLE])
    for t in released:
        mart = catalog.marts[t]
        if t != INDICATOR_TABLE and not mart.none:
            _check_columns(t, frames[t], mart)
            describe_mart(described, t, frames[t], mart)
    described.number()
    find_relations(described, profielgroep_of)
    problem = described.problem()
    problem.shown = published_before(problem.label_hash, previous.published)
    described_at = time.monotonic()
    progress(
        f"  disclosure: {problem.n:,} cells, {len(problem.sense):,} relations, {int(problem.primary.sum()):,} "
        f"below their threshold ({described_at - started:.0f} s); choosing the cells to hide and auditing them ..."
    )
    if log is not None:
        log.write(
            f"disclosure: {problem.n} cells, {len(problem.sense)} relations, {int(problem.primary.sum())} primary"
            f" ({described_at - started:.1f} s)\n"
        )
    hand_back_memory(con)  # what find_relations' DuckDB freed too: the solver's workers fork from this process
    pattern = choose_hidden(problem, log=log, previous=previous.parts)
    hidden = pattern.hidden
    primary = problem.primary
    order = sorted(released, key=lambda t: t != INDICATOR_TABLE)  # copies of its figures need it first
    applied = {t: apply(t, frames[t], described, hidden, catalog) for t in order}
    out = {t: applied[t] for t in released}
    failures = [_label(problem.labels[f.cell], pattern.intervals.get(f.cell)) for f in pattern.failures]
    audit = {
        "method": METHOD,
        "protection": "every primary cell: the attacker's interval (LP min and max over everything published, "
        "counts >= 0) reaches 0 and the threshold ("
        + ", ".join(f"{k} {v}" for k, v in catalog.thresholds.items())
        + ")",
        "cells": problem.n,
        "relations": len(problem.sense),
        "clashes": described.clashes,
        "unresolved_lookups": described.unresolved,
        "primary": int(primary.sum()),
        "complementary": int((hidden & ~primary).sum()),
        "information_loss": round(float(problem.weight[hidden].sum()), 3),
        "milp_rounds": pattern.rounds,
        "cuts": pattern.cuts,
        "repaired_cells": pattern.repaired_cells,
        "attacker_lps": pattern.lps,
        "parts": len(pattern.parts),
        "parts_as_in_previous_release": pattern.reused_parts,
        "cells_published_before": int(problem.known.sum()),
        "failures": failures[:50],
        "n_failures": len(pattern.failures),
        "seconds": round(time.monotonic() - started, 1),
        "result": "pass" if pattern.ok else "fail",
    }
    progress(
        f"  disclosure: {audit['primary']:,} cells below their threshold and {audit['complementary']:,} more hidden,"
        f" audit {audit['result']} ({audit['seconds']:.0f} s; {pattern.reused_parts:,} of {len(pattern.parts):,} parts"
        " as in the last release)"
    )
    if log is not None:
        log.write(f"disclosure: { ({k: v for k, v in audit.items() if k not in ('method', 'protection')}) }\n")
        if described.clash_examples:
            log.write("disclosure: clashes: " + "; ".join(described.clash_examples[:5]) + "\n")
    published = sorted_unique(problem.label_hash[~hidden])
    return Outcome(out, audit, shares(out, catalog), pattern.parts, published)


def _check_columns(table: str, frame: pd.DataFrame, mart) -> None:
    declared = (
        {c for c, _ in mart.key}
        | set(mart.withheld)
        | {c for p in mart.paired for c in p}
        | {mart.year}
        | set(mart.counts)
        | set(mart.rests_on)
        | set(mart.copies)
        | mart.shown
    )
    missing = [c for c in frame.columns if c not in declared]
    if missing:
        raise UserError(f"marts.{table}.{missing[0]} has no disclosure declaration (column meta)")


def _label(cell: tuple, iv) -> str:
    population, year, key, value = cell
    where = ", ".join(f"{k}={v}" for k, v in key_pairs(key))
    span = f"[{iv.lo:g}, {iv.hi:g}]" if iv is not None else "?"
    return f"{population} {year} ({where}) = {value:g}: attacker interval {span}"


def apply(table: str, frame: pd.DataFrame, described: Described, hidden: np.ndarray, catalog: Catalog) -> pd.DataFrame:
    """Withhold the hidden cells: an indicator_values row loses value, numerator and denominator
    together (is_suppressed true); a topic-mart row loses each hidden count and every figure computed
    from it, and names them in `suppressed_columns` (is_suppressed: at least one withheld)."""
    # _persons (the persons behind a teacher cell, read for the description) never leaves the warehouse
    frame = frame.reset_index(drop=True).drop(columns=["_persons"], errors="ignore")
    n = len(frame)
    if table in described.rows:
        rows, cells = described.rows[table]
        mask = np.zeros(n, dtype=bool)
        mask[rows[hidden[cells]]] = True
        if "is_suppressed" in frame.columns:
            mask |= frame["is_suppressed"].fillna(False).astype(bool).to_numpy()
        for col in ("value", "numerator", "denominator"):
            frame[col] = frame[col].astype("float64").mask(mask)
        frame["is_suppressed"] = mask
        described.iv_hidden = mask
        return frame
    mart = catalog.marts[table]
    if mart.none:
        return frame
    frame = frame.drop(columns=[c for c in mart.withheld if c in frame.columns])
    withheld: dict[str, np.ndarray] = {}
    for col in mart.counts:
        mask = np.zeros(n, dtype=bool)
        if (table, col) in described.columns:
            rows, cells = described.columns[(table, col)]
            mask[rows[hidden[cells]]] = True
        withheld[col] = mask
    iv_hidden = described.iv_hidden
    for col in mart.copies:
        mask = np.zeros(n, dtype=bool)
        if (table, col) in described.copies and iv_hidden is not None:
            rows, iv_rows = described.copies[(table, col)]
            mask[rows[iv_hidden[iv_rows]]] = True
        withheld[col] = mask
    for col in dict.fromkeys([*mart.rests_on, *mart.lookups]):  # declared order: the same names every run
        mask = withheld.get(col, np.zeros(n, dtype=bool)).copy()
        for c in mart.rests_on.get(col, ()):
            mask |= withheld[c]
        if (table, col) in described.lookups:
            rows, cells = described.lookups[(table, col)]
            mask[rows[hidden[cells]]] = True
        withheld[col] = mask
    names = np.full(n, "", dtype=object)  # per row the withheld columns, comma-separated, in this order
    for col, mask in withheld.items():
        if col not in frame.columns or not mask.any():
            continue
        frame[col] = frame[col].mask(mask) if frame[col].dtype != object else frame[col].where(~mask, None)
        named = names[mask]
        names[mask] = np.where(named == "", col, named + ("," + col))
    if withheld:
        frame["is_suppressed"] = names != ""
        frame[SUPPRESSED_COLUMNS] = pd.Series(np.where(names == "", None, names), dtype=object)
    return frame


def shares(frames: dict[str, pd.DataFrame], catalog: Catalog) -> dict[str, dict]:
    """Utility: per table the rows with a withheld figure (and per column how many), per indicator
    the cells suppressed."""
    per_table = {}
    for t, f in frames.items():
        if "is_suppressed" not in f.columns or not len(f):
            continue
        entry = {
            "rows": len(f),
            "suppressed_rows": int(f["is_suppressed"].sum()),
            "share": round(float(f["is_suppressed"].mean()), 4),
        }
        if SUPPRESSED_COLUMNS in f.columns:
            counts = _counts(f[SUPPRESSED_COLUMNS].dropna().str.split(",").explode())
            entry["columns"] = dict(sorted(counts.items()))
        per_table[t] = entry
    per_indicator = {}
    iv = frames.get(INDICATOR_TABLE)
    if iv is not None and len(iv):
        counts = _counts(iv["indicator_id"])
        hidden = _counts(iv.loc[iv["is_suppressed"], "indicator_id"])
        per_indicator = {
            i: {"cells": n, "suppressed": hidden.get(i, 0), "share": round(hidden.get(i, 0) / n, 4)}
            for i, n in sorted(counts.items())
        }
    return {"tables": per_table, "indicators": per_indicator}


def _counts(values: pd.Series) -> dict[str, int]:
    """How often each value occurs, as Python ints (checks.json and the manifest are JSON)."""
    return {str(k): int(v) for k, v in values.value_counts(sort=False).items()}
