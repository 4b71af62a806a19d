"""The one disclosure step of a release: describe every table, choose the hidden cells once, audit
them as an attacker would, and withhold them in every table (docs/release.md, "Disclosure control")."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from orchestration.disclosure.catalog import MARTS, NOT_RELEASED, THRESHOLDS
from orchestration.disclosure.describe import (
    IV_KEY,
    Described,
    default_mart,
    describe_indicator_values,
    describe_mart,
    find_relations,
)
from orchestration.disclosure.solve import choose_hidden

LONG_TABLES = ("indicator_values",)
SUPPRESSED_COLUMNS = "suppressed_columns"


@dataclass
class Outcome:
    frames: dict[str, pd.DataFrame]
    hidden: set[Hashable]
    audit: dict
    shares: dict[str, dict] = field(default_factory=dict)  # utility: per table and per indicator

    @property
    def passed(self) -> bool:
        return self.audit["result"] == "pass"


def teacher_persons(con: duckdb.DuckDBPyConnection) -> dict[tuple, float]:
    """The persons behind every teacher cell of indicator_values, from the working warehouse only."""
    found = con.execute(
        "SELECT table_schema FROM information_schema.tables WHERE table_name = 'int_indicator_values__teachers' "
        "ORDER BY table_schema = 'intermediate' DESC LIMIT 1"
    ).fetchall()
    if not found:
        return {}
    table = f'"{found[0][0]}".int_indicator_values__teachers'
    have = {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()}
    cols = ", ".join(c if c in have else f"NULL AS {c}" for c in IV_KEY)
    rows = con.execute(f"SELECT {cols}, n_persons FROM {table}").fetchall()
    return {tuple(r[:-1]): float(r[-1]) for r in rows if r[-1] is not None}


def released_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows if r[0] not in NOT_RELEASED]


def disclose(
    con: duckdb.DuckDBPyConnection,
    indicator_kinds: dict[str, str | None],
    column_kinds: dict[str, dict[str, str | None]],
    log=None,
) -> Outcome:
    started = time.monotonic()
    tables = released_tables(con)
    frames = {t: con.sql(f'SELECT * FROM marts."{t}"').df() for t in tables}
    profielgroep_of = {}
    if "dim_profiel" in frames:
        profielgroep_of = dict(
            zip(frames["dim_profiel"]["profiel"], frames["dim_profiel"]["profielgroep"], strict=True)
        )
    described = Described()
    persons = teacher_persons(con)
    marts = {}
    for t, frame in frames.items():
        if t in LONG_TABLES:
            describe_indicator_values(described, t, frame, indicator_kinds, persons)
        elif t.startswith("dim_") or t == "indicator_catalog":
            continue
        else:
            marts[t] = MARTS.get(t) or default_mart(frame, column_kinds.get(t, {}))
            describe_mart(described, t, frame, marts[t])
    find_relations(described, profielgroep_of)
    problem = described.problem
    hidden: set[Hashable] = set()
    failures, intervals, rounds, comps, biggest = [], {}, 0, 0, 0
    for part in problem.components():
        if not part.primary:
            continue
        comps += 1
        biggest = max(biggest, len(part.cells))
        t0 = time.monotonic()
        result = choose_hidden(part)
        if log is not None and time.monotonic() - t0 > 1:
            first = next(iter(part.primary))
            log.write(
                f"disclosure: component of {first[0]} {first[1]}: {len(part.cells)} cells, {len(part.primary)} primary,"
                f" {len(result.hidden)} hidden, {result.rounds} rounds, {len(result.failures)} failing,"
                f" {time.monotonic() - t0:.1f} s\n"
            )
            log.flush()
        hidden |= result.hidden
        failures += result.failures
        intervals.update(result.intervals)
        rounds = max(rounds, result.rounds)
    primary = problem.primary
    out = {t: apply(t, frames[t], described, hidden, marts.get(t)) for t in tables}
    audit = {
        "method": "MILP (HiGHS) with cover cuts from the attacker's LP; loss = sum of places x (1 + log10(1 + count))",
        "protection": "each primary cell: attacker's interval reaches 0 and the threshold "
        + ", ".join(f"{k} {v}" for k, v in THRESHOLDS.items()),
        "cells": len(problem.cells),
        "relations": len(problem.relations),
        "components_with_primary_cells": comps,
        "largest_component": biggest,
        "max_rounds": rounds,
        "primary": len(primary),
        "complementary": len(hidden - primary),
        "information_loss": round(sum(problem.cells[c].weight for c in hidden), 3),
        "exactly_derivable_complementary": sum(
            1 for c in hidden - primary if c in intervals and intervals[c].hi - intervals[c].lo <= 1e-6
        ),
        "failures": [_label(c, intervals.get(c)) for c in failures[:50]],
        "n_failures": len(failures),
        "seconds": round(time.monotonic() - started, 1),
        "result": "pass" if not failures else "fail",
    }
    if log is not None:
        log.write(f"disclosure: {audit}\n")
    return Outcome(out, hidden, audit, shares(out))


def _label(cell: Hashable, iv) -> str:
    family, year, key, value = cell
    where = ", ".join(f"{k}={v}" for k, v in key)
    span = f"[{iv.lo:g}, {iv.hi:g}]" if iv is not None else "?"
    return f"{family} {year} ({where}) = {value:g}: attacker interval {span}"


def apply(table: str, frame: pd.DataFrame, described: Described, hidden: set, mart) -> pd.DataFrame:
    """Withhold the hidden cells: a long-table row loses value, numerator and denominator together
    (is_suppressed true); a topic-mart row loses each hidden count and every figure computed from it,
    and names them in `suppressed_columns` (is_suppressed: at least one withheld)."""
    frame = frame.reset_index(drop=True).copy()
    if table in described.row_cells:
        rows = described.row_cells[table]
        mask = pd.Series([any(c in hidden for c in cells) for cells in rows], index=frame.index, dtype=bool)
        for col in ("value", "numerator", "denominator"):
            frame[col] = frame[col].astype("float64").mask(mask)
        frame["is_suppressed"] = mask
        return frame
    if mart is None:
        return frame
    for col in mart.drop:
        if col in frame.columns:
            frame = frame.drop(columns=col)
    cols = described.col_cells.get(table, {})
    withheld: dict[str, pd.Series] = {}
    for col, cells in cols.items():
        withheld[col] = pd.Series([c is not None and c in hidden for c in cells], index=frame.index, dtype=bool)
    for col, counts in described.reveals.get(table, {}).items():
        mask = pd.Series(False, index=frame.index)
        for c in counts:
            mask |= withheld[c]
        withheld[col] = mask
    names = [[] for _ in range(len(frame))]
    for col, mask in withheld.items():
        if not mask.any():
            continue
        frame[col] = frame[col].mask(mask) if frame[col].dtype != object else frame[col].where(~mask, None)
        for i in mask[mask].index:
            names[i].append(col)
    if withheld:
        frame["is_suppressed"] = pd.Series([bool(n) for n in names], index=frame.index, dtype=bool)
        frame[SUPPRESSED_COLUMNS] = pd.Series([",".join(n) if n else None for n in names], index=frame.index)
    return frame


def shares(frames: dict[str, pd.DataFrame]) -> dict[str, dict]:
    """Utility: the share of rows with a withheld figure, per table and per indicator."""
    per_table = {}
    for t, f in frames.items():
        if "is_suppressed" in f.columns and len(f):
            per_table[t] = {"rows": len(f), "suppressed_rows": int(f["is_suppressed"].sum())}
    per_indicator = {}
    iv = frames.get("indicator_values")
    if iv is not None and len(iv):
        counts = Counter(iv["indicator_id"])
        hidden = Counter(iv.loc[iv["is_suppressed"], "indicator_id"])
        per_indicator = {
            i: {"cells": n, "suppressed": hidden.get(i, 0), "share": round(hidden.get(i, 0) / n, 4)}
            for i, n in sorted(counts.items())
        }
    per_family: dict[str, int] = defaultdict(int)
    return {"tables": per_table, "indicators": per_indicator, **({"families": per_family} if per_family else {})}
