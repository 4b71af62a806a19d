"""Report sections, one module per domain. Each module reads the release's Parquet (through
page.Context) and returns page.Section objects of plain data; the templates draw them.

Most register sections show one mart's rows of its latest schooljaar as a table, with the mart's
indicators in the footer and, where the module asks for one, a figure: `table_section` builds that
from a `MartTable`, declared in mart_tables.yml (`declared_table`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from orchestration.report.charts import Chart, bar_chart
from orchestration.report.formatting import DIMENSIONS, LABELS, TEXT_ATTRIBUTES, Cell, Column, Table, sort_key
from orchestration.report.page import Block, Context, Figure, Note, Section
from orchestration.report.suppression import value_cell


@dataclass(frozen=True)
class MartTable:
    """A section that shows `columns` of `mart` (those it has) for its latest year."""

    key: str
    title: str
    mart: str
    indicators: list[str]
    columns: list[str]
    intro: str = ""
    year_column: str = "schooljaar"
    where: str = "TRUE"  # rows considered (also for the latest year)
    dbt_model: str = ""  # lineage link; the mart's own model unless given


@cache
def mart_tables() -> dict[str, MartTable]:
    """The MartTable sections of mart_tables.yml by key."""
    declared = yaml.safe_load(Path(__file__).with_name("mart_tables.yml").read_text(encoding="utf-8"))
    return {key: MartTable(key=key, **fields) for key, fields in declared.items()}


def declared_table(key: str) -> MartTable:
    return mart_tables()[key]


@dataclass
class MartRows:
    """The rows a MartTable shows (already in display order) and their year."""

    year: int
    rows: list[dict]
    columns: list[str] = field(default_factory=list)  # the mart's columns


def is_share(column: str) -> bool:
    return "share" in column or "pct" in column or "aandeel" in column


def mart_cell(row: dict, column: str) -> Cell:
    """A cell of a mart row: totals of a dimension read 'totaal', an unknown text attribute '—', a
    missing count or share '*' when the release withheld it (suppression.withheld), else '—'."""
    value = row.get(column)
    if column in DIMENSIONS:
        return Cell(value, missing="totaal", text=True)
    if column in TEXT_ATTRIBUTES:
        return Cell(value, text=True)
    return value_cell(row, column, decimals=1 if is_share(column) else None)


def mart_table(rows: list[dict], columns: list[str]) -> Table:
    """Rows of a mart as a table of the given columns, headed by their LABELS."""
    return Table(
        [Column(LABELS.get(c, c), numeric=c not in DIMENSIONS | TEXT_ATTRIBUTES) for c in columns],
        [[mart_cell(r, c) for c in columns] for r in rows],
    )


def latest(ctx: Context, spec: MartTable, order: Callable[[dict], Any] | None = None) -> MartRows | None:
    """The mart's rows of its latest year in display order (leerweg, profielgroep, profiel; then by
    `order`, when given), or None when the release has no rows in the mart."""
    if not ctx.release.has_rows(spec.mart):
        return None
    year, rows = ctx.release.latest_rows(spec.mart, spec.year_column, spec.where)
    rows.sort(key=sort_key)
    if order is not None:
        rows.sort(key=order)
    return MartRows(year, rows, ctx.release.columns(spec.mart))


def missing_section(spec: MartTable) -> Section:
    return Section(spec.key, spec.title, missing=f"marts.{spec.mart}")


def mart_section(
    ctx: Context,
    spec: MartTable,
    data: MartRows,
    charts: list[Chart | None] | None = None,
    before: list[Block] | None = None,
) -> Section:
    """Intro, footer, the blocks `before` (e.g. a summary table), the figure of `charts` (left out
    when none has data), the year and the table of the latest year."""
    blocks: list[Block] = list(before or [])
    drawn = [c for c in charts or [] if c is not None]
    if drawn:
        caption = f"{spec.title} ({spec.year_column} {data.year}; release {ctx.release_id})"
        blocks.append(Figure(drawn, caption))
    blocks.append(Note(f"{LABELS.get(spec.year_column, spec.year_column)} {data.year}"))
    blocks.append(mart_table(data.rows, [c for c in spec.columns if c in data.columns]))
    return Section(
        spec.key,
        spec.title,
        intro=spec.intro,
        footer=ctx.footer(spec.mart, spec.indicators, data.year, spec.dbt_model or spec.mart),
        blocks=blocks,
    )


def table_section(
    ctx: Context,
    spec: MartTable | str,
    charts: Callable[[MartRows], list[Chart | None]] | None = None,
    before: Callable[[], list[Block]] | None = None,
    order: Callable[[dict], Any] | None = None,
) -> Section:
    """The section of `spec` (or its key in mart_tables.yml; `mart_section`) with the `charts` drawn
    from its rows (in `latest` order) and the blocks `before`; a missing section when the release has
    no rows in the mart."""
    if isinstance(spec, str):
        spec = declared_table(spec)
    data = latest(ctx, spec, order)
    if data is None:
        return missing_section(spec)
    return mart_section(
        ctx, spec, data, charts=None if charts is None else charts(data), before=None if before is None else before()
    )


def profile_bar_section(ctx: Context, key: str, column: str, unit: str = "") -> Section:
    """The section of `key` with a bar per profile (`profile_bars`) of `column`."""
    spec = declared_table(key)
    return table_section(ctx, spec, lambda data: [bar_chart(profile_bars(data, column), spec.title, unit=unit)])


def profile_bars(data: MartRows, column: str) -> list[tuple[str, float | None]]:
    """One bar per row with a profile, labelled with the profile and, when the mart has one, the
    leerweg ('BWI bb'), valued by `column`."""
    with_leerweg = "leerweg" in data.columns
    return [
        (f"{r['profiel']} {r['leerweg'] or ''}".strip() if with_leerweg else r["profiel"], r.get(column))
        for r in data.rows
        if r.get("profiel")
    ]
