"""Small-cell suppression for releases (docs/release.md, "Suppression").

Primary: a count cell with 0 < n < threshold is suppressed; a share/mean cell is suppressed when
0 < its denominator < threshold. Thresholds: pupils 6, teachers 10, respondents 5, none = never; they
are the dbt vars `pupil_suppression_threshold`, `teacher_suppression_threshold` and
`respondent_suppression_threshold` of dbt_project.yml, the one place SQL and Python read them from.

Complementary: cells that add up to a published total form a group: the cells that differ from the
total only in one dimension which is NULL in the total (leerweg, profiel, region, vestiging, a
breakdown value), plus explicit hierarchies (profiel -> profielgroep subtotal). A group whose
members do not add up to its total but do so without one member (e.g. the legacy programmes that
the total leaves out) is taken without that member. When exactly one cell of a group (members and
total) is suppressed, the smallest other non-zero member is suppressed too (the total when there is
none); this repeats over all groups until nothing changes, so no suppressed cell can be recomputed
from its row or column totals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence

import pandas as pd

from orchestration.dbt_manifest import project_vars

THRESHOLD_VARS = {
    "pupils": "pupil_suppression_threshold",
    "teachers": "teacher_suppression_threshold",
    "respondents": "respondent_suppression_threshold",
}
THRESHOLDS: dict[str, int | None] = {
    **{kind: int(project_vars()[var]) for kind, var in THRESHOLD_VARS.items()},
    "none": None,
}
DEFAULT_KIND = "pupils"


def threshold_of(kind: str | None) -> int | None:
    if kind is None:
        kind = DEFAULT_KIND
    if kind not in THRESHOLDS:
        raise ValueError(f"unknown suppression kind {kind!r} (expected one of {sorted(THRESHOLDS)})")
    return THRESHOLDS[kind]


def _na(v) -> bool:
    return v is None or (isinstance(v, float) and v != v) or v is pd.NA or v is pd.NaT


def _key(values) -> tuple:
    return tuple(None if _na(v) else v for v in values)


def complementary(
    frame: pd.DataFrame,
    suppressed: pd.Series,
    *,
    value: str,
    fixed: Sequence[str],
    dims: Sequence[str],
    paired: dict[str, str] | None = None,
    hierarchies: Sequence[tuple[str, str, str, dict[Hashable, Hashable]]] = (),
    eligible: pd.Series | None = None,
) -> pd.Series:
    """Extend the boolean `suppressed` (index-aligned with frame) until every additive group has
    zero or at least two suppressed cells. Only rows where `eligible` is true take part.

    fixed: columns equal within a group (e.g. indicator_id, schooljaar). dims: dimension columns,
    NULL = total over that dimension. paired: dim -> a column that is NULL in the total too (the
    breakdown name for breakdown_value). hierarchies: (child_dim, label_col, label, mapping), e.g.
    ('profiel', 'breakdown', 'profielgroep', {'BWI': 'techniek', ...}): the cells with a profiel p
    (and no breakdown) add up to the cell with profiel NULL, breakdown 'profielgroep' and
    breakdown_value mapping[p].
    """
    paired = paired or {}
    suppressed = suppressed.copy()
    rows = frame.index[eligible] if eligible is not None else frame.index
    columns = [*fixed, *dims, *paired.values()]
    sub = frame.loc[rows, columns].astype(object)
    keyed = {
        idx: dict(zip(columns, _key(vals), strict=True))
        for idx, vals in zip(sub.index, sub.itertuples(index=False, name=None), strict=True)
    }
    # Work in the order of the cells' keys, not of the frame's rows: DuckDB returns rows in no fixed
    # order, and the complementary cell picked among equals must not depend on it.
    order = {i: repr(tuple(keyed[i][c] for c in columns)) for i in rows}
    rows = sorted(rows, key=order.__getitem__)
    lookup = {_key(keyed[i][c] for c in columns): i for i in rows}
    values = {i: (0.0 if _na(v) else float(v)) for i, v in frame.loc[rows, value].items()}

    groups: dict[tuple, list] = defaultdict(list)
    totals: dict[tuple, Hashable] = {}
    for i in rows:
        cell = keyed[i]
        for d in dims:
            if cell[d] is None:
                continue
            total = dict(cell)
            total[d] = None
            if d in paired:
                total[paired[d]] = None
            t = lookup.get(_key(total[c] for c in columns))
            if t is None:
                continue
            gkey = (d, _key(total[c] for c in columns), cell.get(paired.get(d, d)) if d in paired else None)
            groups[gkey].append(i)
            totals[gkey] = t
        for child, label_col, label, mapping in hierarchies:
            parent_value = mapping.get(cell.get(child)) if cell.get(child) is not None else None
            if parent_value is None or cell.get(label_col) is not None:
                continue
            total = dict(cell)
            total[child] = None
            total[label_col] = label
            total[_parent_dim(paired, label_col)] = parent_value
            t = lookup.get(_key(total[c] for c in columns))
            if t is None:
                continue
            gkey = ("h:" + child, _key(total[c] for c in columns), None)
            groups[gkey].append(i)
            totals[gkey] = t

    # Only additive groups protect anything; drop a member the total leaves out (e.g. legacy).
    resolved: list[tuple[list, Hashable]] = []
    for gkey, members in groups.items():
        t = totals[gkey]
        s = sum(values[m] for m in members)
        tv = values[t]
        if abs(s - tv) > 1e-6 * max(1.0, abs(tv)):
            outsider = [m for m in members if abs(s - values[m] - tv) <= 1e-6 * max(1.0, abs(tv))]
            if len(outsider) == 1:
                members = [m for m in members if m != outsider[0]]
        resolved.append((members, t))

    changed = True
    while changed:
        changed = False
        for members, t in resolved:
            cells = [*members, t]
            hidden = [c for c in cells if suppressed[c]]
            if len(hidden) != 1:
                continue
            candidates = sorted((values[m], order[m], m) for m in members if not suppressed[m] and values[m] > 0)
            pick = candidates[0][2] if candidates else (t if not suppressed[t] else None)
            if pick is None:
                continue
            suppressed[pick] = True
            changed = True
    return suppressed


def _parent_dim(paired: dict[str, str], label_col: str) -> str:
    for dim, label in paired.items():
        if label == label_col:
            return dim
    raise ValueError(f"{label_col} is not paired with a dimension")


INDICATOR_FIXED = ["indicator_id", "schooljaar"]
INDICATOR_DIMS = ["sto_regio_id", "vestiging_id", "leerweg", "profiel", "breakdown_value"]
INDICATOR_PAIRED = {"breakdown_value": "breakdown"}


def suppress_indicator_values(
    frame: pd.DataFrame, kinds: dict[str, str | None], profielgroep_of: dict[str, str] | None = None
) -> pd.DataFrame:
    """marts.indicator_values with small cells withheld (value, numerator, denominator NULL and
    is_suppressed true). kinds: indicator_id -> pupils | teachers | respondents | none."""
    frame = frame.reset_index(drop=True).copy()
    if frame.empty:
        return frame
    threshold = frame["indicator_id"].map(lambda i: threshold_of(kinds.get(i)))
    threshold = threshold.astype("float64")
    is_count = frame["unit"].eq("count")
    n = frame["value"].where(is_count, frame["denominator"]).astype("float64")
    primary = threshold.notna() & n.notna() & (n > 0) & (n < threshold)
    hierarchies = []
    if profielgroep_of:
        hierarchies.append(("profiel", "breakdown", "profielgroep", profielgroep_of))
    suppressed = complementary(
        frame,
        primary.fillna(False).astype(bool),
        value="value",
        fixed=INDICATOR_FIXED,
        dims=INDICATOR_DIMS,
        paired=INDICATOR_PAIRED,
        hierarchies=hierarchies,
        eligible=(is_count & threshold.notna()).astype(bool),
    )
    suppressed = suppressed | frame["is_suppressed"].fillna(False).astype(bool)
    for col in ("value", "numerator", "denominator"):
        frame[col] = frame[col].astype("float64").mask(suppressed)
    frame["is_suppressed"] = suppressed
    return frame


def suppress_topic_mart(
    frame: pd.DataFrame, count_columns: dict[str, str | None], derived_columns: Sequence[str]
) -> pd.DataFrame:
    """A wide topic mart: each count column is suppressed like a count indicator (dimensions are
    the text columns, NULL = total; the other columns are fixed); every derived numeric column of a
    row with a suppressed count is withheld too. Adds `is_suppressed` (any cell of the row)."""
    frame = frame.reset_index(drop=True).copy()
    if frame.empty or not count_columns:
        return frame
    dims = [c for c in frame.columns if frame[c].dtype == object or str(frame[c].dtype).startswith("str")]
    dims = [c for c in dims if c not in count_columns and c not in derived_columns]
    fixed = [c for c in frame.columns if c not in dims and c not in count_columns and c not in derived_columns]
    any_row = pd.Series(False, index=frame.index)
    for col, kind in count_columns.items():
        t = threshold_of(kind)
        if t is None:
            continue
        n = frame[col].astype("float64")
        primary = (n.notna() & (n > 0) & (n < t)).astype(bool)
        hidden = complementary(frame, primary, value=col, fixed=fixed, dims=dims)
        frame[col] = n.mask(hidden)
        any_row |= hidden
    for col in derived_columns:
        frame[col] = frame[col].mask(any_row)
    frame["is_suppressed"] = any_row
    return frame


SURVEY_FIXED = ["survey_id", "table_id", "wave", "item_id", "population", "measure", "answer_code", "_change_ref"]
SURVEY_CHANGE_MEASURES = ("pct_up_2plus", "pct_down_2plus")


def suppress_survey_mart(
    frame: pd.DataFrame, kind: str | None, derived_columns: Sequence[str], count_column: str = "n_respondents"
) -> pd.DataFrame:
    """A long survey mart (marts.survey_item_results, docs/surveys.md "Suppression"): a row whose base
    `n_respondents` is below the threshold of `kind` (respondents: 5) is withheld (its count and every
    derived column), and the group rows of one table cell add up to the cell's total row: within
    (survey, table, wave, item, population, measure, answer code, compared wave of a change measure) the
    rows of a group_dimension (technisch_vak wel/niet, toedelingswijze ...) sum to the row of group 'all'.
    `complementary` pairs them as it pairs breakdown_value with breakdown: on a working copy the 'all'
    row gets group_dimension and group_value NULL, so when exactly one group row is withheld the smallest
    other group row is withheld too. Adds `is_suppressed`."""
    frame = frame.reset_index(drop=True).copy()
    threshold = threshold_of(kind)
    if frame.empty or threshold is None:
        return frame
    n = frame[count_column].astype("float64")
    primary = (n.notna() & (n > 0) & (n < threshold)).astype(bool)
    work = frame[[c for c in SURVEY_FIXED if c in frame.columns] + ["group_dimension", "group_value", count_column]]
    work = work.astype(object).copy()
    if {"measure", "compared_with"} <= set(frame.columns):
        work["_change_ref"] = frame["compared_with"].where(frame["measure"].isin(SURVEY_CHANGE_MEASURES), None)
    else:
        work["_change_ref"] = None
    total = frame["group_value"].eq("all")
    work.loc[total, "group_dimension"] = None
    work.loc[total, "group_value"] = None
    hidden = complementary(
        work,
        primary,
        value=count_column,
        fixed=[c for c in SURVEY_FIXED if c in work.columns],
        dims=["group_value"],
        paired={"group_value": "group_dimension"},
    )
    frame[count_column] = n.mask(hidden)
    for col in derived_columns:
        frame[col] = frame[col].mask(hidden)
    frame["is_suppressed"] = hidden
    return frame
