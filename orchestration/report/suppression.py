"""Which values of a release row are withheld (suppressed small cells): the ONE place the report reads
suppression, so that a change of the release's convention is a change here only.

Two conventions are understood:
- the disclosure step's (docs/release.md): a withheld value is NULL, `is_suppressed` is true when at
  least one value of the row is withheld and `suppressed_columns` names them (comma-separated column
  names, NULL when none);
- today's: only `is_suppressed` (teacher marts also `is_below_cbs_threshold`) on the row, and a
  withheld value is NULL; a value of such a row that is present was published.

Either way a withheld value is never in the row, so the report cannot show it: these helpers only
decide between '*' (withheld) and '—' (no value) for a missing one.
"""

from __future__ import annotations

from typing import Any

from orchestration.report.formatting import Cell, is_missing


def suppressed_columns(row: dict) -> set[str] | None:
    """The columns the row names as withheld (the disclosure step's `suppressed_columns`), or None
    when the release does not name them (today's convention)."""
    if "suppressed_columns" not in row:
        return None
    names = row.get("suppressed_columns")
    return {c.strip() for c in names.split(",") if c.strip()} if isinstance(names, str) else set()


def withheld(row: dict | None, column: str) -> bool:
    """True when the release withheld `column` of this row (shown as '*')."""
    if row is None or not is_missing(row.get(column)):
        return False
    named = suppressed_columns(row)
    if named is not None:
        return column in named
    return bool(row.get("is_suppressed") or row.get("is_below_cbs_threshold"))


def value_cell(row: dict | None, column: str = "value", **fmt: Any) -> Cell:
    """The cell of `column` of a release row ('*' when withheld, '—' when the row or value is missing);
    `fmt` as Cell (decimals, unit, mark, missing, ...)."""
    return Cell(None if row is None else row.get(column), suppressed=withheld(row, column), **fmt)


def shown(row: dict | None, column: str = "value") -> float | None:
    """The published value of `column`, None when withheld or missing (never a withheld value)."""
    if row is None or withheld(row, column):
        return None
    value = row.get(column)
    return None if is_missing(value) else value
