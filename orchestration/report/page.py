"""The plain data a report page is made of (sections of blocks: tables, figures, notes), what every
section states about its provenance (the footer), and rendering a page with the Jinja2 templates in
templates/ (autoescaped; no HTML is written in Python)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

import jinja2

from orchestration.report.charts import Chart
from orchestration.report.data import ReleaseData
from orchestration.report.formatting import Cell, Table, nl_number


@dataclass(frozen=True)
class Footer:
    """Where a figure comes from: its indicators (id and catalog name), the release, the mart, the link
    to the mart's lineage in the release's dbt docs and the `sto-monitor trace` command of its cells
    (surveys: the survey and the table in the mart instead of indicators)."""

    release_id: str
    mart: str
    lineage_href: str
    indicators: list[tuple[str, str]] = field(default_factory=list)
    trace: str = ""
    source: str = ""
    detail: str = ""


@dataclass
class Figure:
    """Charts with a caption; charts that have nothing to draw (None) are left out."""

    kind: ClassVar[str] = "figure"
    charts: list[Chart]
    caption: str

    def __post_init__(self) -> None:
        self.charts = [c for c in self.charts if c is not None]


@dataclass
class Note:
    """A line of text, optionally followed by indicator ids in parentheses."""

    kind: ClassVar[str] = "note"
    text: str
    codes: list[str] = field(default_factory=list)


Block = Table | Figure | Note


@dataclass
class Section:
    """One titled part of a page. `missing` names what the release lacks (e.g. 'marts.x') when there
    is nothing to show; then the page says so instead of showing empty tables."""

    kind: ClassVar[str] = "section"
    key: str
    title: str
    intro: str = ""
    footer: Footer | None = None
    blocks: list[Block] = field(default_factory=list)
    missing: str = ""


@dataclass
class Heading:
    """A chapter heading between sections (not in the table of contents)."""

    kind: ClassVar[str] = "heading"
    key: str
    title: str


@dataclass(frozen=True)
class Kerncijfer:
    indicator_id: str
    label: str
    schooljaar: int | None  # None: the release has no such cell
    value: Cell
    detail: str = ""  # which cell, when not the indicator's total
    trace: str = ""  # the `sto-monitor trace` command of the cell


# `sto-monitor trace` options of the cell dimensions (breakdown and breakdown_value form one option).
TRACE_OPTIONS = {
    "sto_regio_id": "--regio",
    "vestiging_id": "--vestiging",
    "leerweg": "--leerweg",
    "profiel": "--profiel",
}


def trace_command(indicator_id: str, schooljaar: int | None, release_id: str, cell: dict | None = None) -> str:
    """The `sto-monitor trace` command of one cell of marts.indicator_values in a release; `cell` gives
    its dimensions (absent = all)."""
    cell = cell or {}
    parts = ["sto-monitor trace", indicator_id]
    if schooljaar is not None:
        parts += ["--schooljaar", str(schooljaar)]
    for dim, option in TRACE_OPTIONS.items():
        if cell.get(dim) is not None:
            value = str(cell[dim])
            parts += [option, value if value.replace("_", "").isalnum() else f"'{value}'"]
    if cell.get("breakdown") is not None:
        parts += ["--breakdown", f"'{cell['breakdown']}={cell['breakdown_value']}'"]
    return " ".join([*parts, "--release", release_id])


@dataclass
class Context:
    """What a section module needs besides its own queries: the release and where its dbt docs are
    (relative to the page being rendered)."""

    release: ReleaseData
    docs_href: str = "../docs/index.html"

    @property
    def release_id(self) -> str:
        return self.release.release_id

    def lineage_href(self, dbt_model: str) -> str:
        return f"{self.docs_href}#!/model/model.sto_monitor.{dbt_model}"

    def indicator_name(self, indicator_id: str) -> str:
        return self.release.indicator_names.get(indicator_id, "")

    def footer(
        self,
        mart: str,
        indicators: list[str],
        schooljaar: int | None,
        dbt_model: str | None = None,
        cell: dict | None = None,
    ) -> Footer:
        """The footer of a figure of indicators (those in the release's catalog, or all when none is)
        read from `mart`; the trace command names the first indicator in `schooljaar` (and the cell's
        dimensions in `cell`, e.g. its region)."""
        ids = [i for i in indicators if i in self.release.indicator_names] or indicators
        trace = trace_command(ids[0], schooljaar, self.release_id, cell) if ids else ""
        return Footer(
            release_id=self.release_id,
            mart=mart,
            lineage_href=self.lineage_href(dbt_model or mart),
            indicators=[(i, self.indicator_name(i)) for i in ids],
            trace=trace,
        )


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("orchestration.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["nl_number"] = nl_number
    return env


def render_page(template: str, target: Path, **context: Any) -> Path:
    """Render one template into `target` (folders created); return the path."""
    html = environment().get_template(template).render(**context)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")
    return target
