"""The survey tables (docs/surveys.md) from marts.survey_item_results. Which tables the report shows,
and how, is read from the seed survey_tables: its title, population, grouping and waves, plus the
report's columns `report_layout` (empty = not in the report), `report_measures`, `top_label_nl` and
`report_note_nl`:

- categories: one row per answer category of the table's item, plus the top share (`top_label_nl`);
- item_categories: the categories of every item of the table (item › category);
- items: one row per item with a value in one of `report_measures` ('|'-separated: mean, pct_top,
  pct_not_applicable; count_category adds the number of answers per category of the latest wave);
- profile: one row per item with a top share (% ja), the answer categories of the other items;
- crosstab: one row per answer of the grouping item (group_dimension item:<id>) plus Totaal, one
  column per answer of the item, with each row's n.

Columns: 'alle' and the groups of the table's group dimension; else one per wave; else the measure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.sources.reference import seed_rows
from orchestration.report.formatting import Cell, Column, Table
from orchestration.report.page import Context, Footer, Heading, Note, Section
from orchestration.report.suppression import value_cell

MART = "survey_item_results"
SURVEYS = {"PL": "Enquête programmaleiders STO", "LG": "Enquête lesgevenden", "LL": "Leerlingenvragenlijst"}
CHAPTERS = [
    ("enquetes", "Enquêtes: programmaleiders en lesgevenden", ("PL", "LG")),
    ("enquete_leerlingen", "Enquête leerlingen (Leerlingenvragenlijst)", ("LL",)),
]
# The groups of a group dimension (group_value, heading), in the report's order; 'all' comes first.
GROUPS = {
    "toedelingswijze": [("verdeelsleutel", "verdeelsleutel"), ("regionaal_beheer", "regionaal beheer")],
    "technisch_vak": [("wel", "technisch vak"), ("niet", "geen technisch vak")],
    "bouw_groep": [
        ("onderbouw", "onderbouw"),
        ("bovenbouw_zonder_techniek", "bovenbouw zonder technisch profiel/keuzevak"),
        ("bovenbouw_met_techniek", "bovenbouw met technisch profiel/keuzevak"),
    ],
}
MEASURE_LABELS = {"mean": "gemiddelde", "pct_not_applicable": "% niet van invloed", "pct_category": "%"}
SUPPRESSION_NOTE = "* = onderdrukt (minder dan 5 respondenten)."


@dataclass(frozen=True)
class SurveyTable:
    """One row of the seed survey_tables that the report shows."""

    survey_id: str
    table_id: str
    title: str
    population: str
    group_dimension: str
    waves: list[int]
    layout: str
    measures: list[str]
    top_label: str
    note: str

    @property
    def key(self) -> str:
        return f"{self.survey_id}_{self.table_id.replace('.', '_')}".lower()

    def measure_label(self, measure: str) -> str:
        if measure == "pct_top":
            return self.top_label or "% top"
        return MEASURE_LABELS.get(measure, measure)


@dataclass(frozen=True)
class SurveyColumn:
    heading: str
    wave: int
    group: str
    measure: str | None = None  # None: a category line's pct_category, an item line's pct_top
    answer_code: str | None = None  # count_category: the category counted


@dataclass(frozen=True)
class Line:
    label: str
    item: str
    answer_code: str | None = None  # None: the item's own value


def report_tables() -> list[SurveyTable]:
    """The tables of seed survey_tables with a report_layout, per survey (PL, LG, LL), chapter tables
    before appendix tables (B...), in the order of their numbers."""
    tables = [
        SurveyTable(
            survey_id=r["survey_id"],
            table_id=r["table_id"],
            title=r["title_nl"],
            population=r["population"],
            group_dimension=r["group_dimension"],
            waves=sorted(int(w) for w in r["waves"].split("|") if w),
            layout=r["report_layout"],
            measures=[m for m in r["report_measures"].split("|") if m],
            top_label=r["top_label_nl"],
            note=r["report_note_nl"],
        )
        for r in seed_rows("survey_tables")
        if r["report_layout"]
    ]
    order = list(SURVEYS)
    return sorted(
        tables,
        key=lambda t: (
            order.index(t.survey_id),
            t.table_id[0].isalpha(),
            [int(n) for n in re.findall(r"\d+", t.table_id)],
        ),
    )


def sections(ctx: Context) -> list[Heading | Section]:
    tables = report_tables()
    out: list[Heading | Section] = []
    for key, title, surveys in CHAPTERS:
        out.append(Heading(key, title))
        out += [survey_section(ctx, t) for t in tables if t.survey_id in surveys]
    return out


def survey_section(ctx: Context, t: SurveyTable) -> Section:
    if not ctx.release.has_rows(MART):
        return Section(t.key, f"Tabel {t.table_id} — {t.title}", missing=f"marts.{MART}")
    rows = ctx.release.rows(f'SELECT * FROM "{MART}" WHERE survey_id = ? AND table_id = ?', [t.survey_id, t.table_id])
    if not rows:
        return Section(t.key, f"Tabel {t.table_id} — {t.title}", missing=f"tabel {t.table_id}")
    table = crosstab(ctx, t, rows) if t.layout == "crosstab" else line_table(t, rows)
    return Section(
        t.key,
        f"Tabel {t.table_id} — {rows[0]['table_title_nl'] or t.title}",
        footer=footer(ctx, t),
        blocks=[table, Note(f"{t.note} {SUPPRESSION_NOTE}".strip())],
    )


def footer(ctx: Context, t: SurveyTable) -> Footer:
    waves = ", ".join(str(w) for w in t.waves)
    detail = f"survey_id {t.survey_id}, table_id {t.table_id}, {'golven' if len(t.waves) > 1 else 'golf'} {waves}"
    return Footer(
        release_id=ctx.release_id,
        mart=MART,
        lineage_href=ctx.lineage_href(MART),
        source=SURVEYS.get(t.survey_id, t.survey_id),
        detail=detail + (", panel" if t.population == "panel" else ""),
    )


def survey_cell(row: dict | None, measure: str) -> Cell:
    """A mart value: a count as a whole number, a mean with one decimal, a share with one decimal and
    ' %'; '†' when significant; '*' when suppressed; '—' when the mart has no such cell."""
    if row is None:
        return Cell()
    if measure == "count_category":
        return value_cell(row)
    return value_cell(
        row,
        decimals=1,
        unit="" if measure == "mean" else " %",
        mark="†" if row.get("significance_flag") == "*" else "",
    )


def columns(t: SurveyTable, rows: list[dict]) -> list[SurveyColumn]:
    latest = max(r["wave"] for r in rows)
    groups = [("all", "alle"), *GROUPS[t.group_dimension]] if t.group_dimension in GROUPS else []
    if t.layout != "items":
        if groups:
            return [SurveyColumn(label, latest, g) for g, label in groups]
        if len(t.waves) > 1:
            return [SurveyColumn(str(w), w, "all") for w in t.waves]
        return [SurveyColumn(t.measure_label("pct_category"), latest, "all")]
    measures = [m for m in t.measures if m != "count_category"]
    if groups:
        out = [
            SurveyColumn(label if len(measures) == 1 else f"{t.measure_label(m)} {label}", latest, g, m)
            for m in measures
            for g, label in groups
        ]
    elif len(t.waves) > 1:
        out = [SurveyColumn(f"{t.measure_label(m)} {w}", w, "all", m) for w in reversed(t.waves) for m in measures]
    else:
        out = [SurveyColumn(t.measure_label(m), latest, "all", m) for m in measures]
    if "count_category" in t.measures:
        suffix = f" (n, {latest})" if len(t.waves) > 1 else " (n)"
        categories = sorted(
            {(r["sort_order"], r["answer_code"], r["answer_label"]) for r in rows if r["measure"] == "count_category"}
        )
        out += [SurveyColumn(f"{label}{suffix}", latest, "all", "count_category", c) for _o, c, label in categories]
    return out


def items(rows: list[dict]) -> list[tuple[str, str]]:
    """(item_id, text) of the table's items in the report's order (source line)."""
    found = {(r["source_line"], r["item_id"], r["item_text_nl"]) for r in rows}
    return [(item, text) for _line, item, text in sorted(found)]


def categories(rows: list[dict], item: str) -> list[tuple[str, str]]:
    """(answer_code, label) of an item's answer categories, in the scale's order."""
    found = {(r["sort_order"], r["answer_code"], r["answer_label"]) for r in rows if r["item_id"] == item}
    return [(code, label) for _o, code, label in sorted(found)]


def lines(t: SurveyTable, rows: list[dict]) -> list[Line]:
    shares = [r for r in rows if r["measure"] == "pct_category"]
    with_top = {r["item_id"] for r in rows if r["measure"] == "pct_top"}
    if t.layout == "items":
        shown = {r["item_id"] for r in rows if r["measure"] in t.measures}
        return [Line(text, item) for item, text in items(rows) if item in shown]
    if t.layout == "categories":
        item = items(rows)[0][0]
        out = [Line(label, item, code) for code, label in categories(shares, item)]
        return out + ([Line(t.measure_label("pct_top"), item)] if item in with_top else [])
    out = []
    for item, text in items(rows):
        if t.layout == "profile" and item in with_top:
            out.append(Line(text, item))
        else:
            out += [Line(f"{text} › {label}", item, code) for code, label in categories(shares, item)]
    return out


def line_table(t: SurveyTable, rows: list[dict]) -> Table:
    cols = columns(t, rows)
    cells = {(r["item_id"], r["answer_code"], r["wave"], r["group_value"], r["measure"]): r for r in rows}
    table = Table([Column("", numeric=False), *(Column(c.heading) for c in cols)])
    for line in lines(t, rows):
        row = [Cell(line.label)]
        for c in cols:
            measure = c.measure or ("pct_category" if line.answer_code is not None else "pct_top")
            code = c.answer_code if c.answer_code is not None else line.answer_code
            row.append(survey_cell(cells.get((line.item, code, c.wave, c.group, measure)), measure))
        table.rows.append(row)
    n_row = [Cell("n (respondenten, grootste basis)", style="em")]
    for c in cols:
        ns = [r["n_respondents"] for r in rows if r["wave"] == c.wave and r["group_value"] == c.group]
        n_row.append(Cell(max((n for n in ns if n is not None), default=None), suppressed=True))
    table.rows.append(n_row)
    return table


def crosstab(ctx: Context, t: SurveyTable, rows: list[dict]) -> Table:
    """Rows: the answers of the grouping item (labels and order from its own rows in the mart) plus
    Totaal; columns: the answers of the table's item, then the row's n."""
    wave = max(r["wave"] for r in rows)
    item = items(rows)[0][0]
    group_item = t.group_dimension.removeprefix("item:")
    answers = categories([r for r in rows if r["measure"] == "pct_category"], item)
    labels = {
        r["answer_code"]: (r["sort_order"], r["answer_label"])
        for r in ctx.release.rows(
            f'SELECT DISTINCT answer_code, answer_label, sort_order FROM "{MART}" '
            "WHERE survey_id = ? AND item_id = ? AND measure = 'pct_category'",
            [t.survey_id, group_item],
        )
    }
    present = {r["group_value"] for r in rows if r["group_value"] != "all"}
    groups = sorted(present, key=lambda g: labels.get(g, (999, g)))
    shares = [r for r in rows if r["measure"] == "pct_category" and r["wave"] == wave]
    cells = {(r["answer_code"], r["group_value"]): r for r in shares}
    table = Table([Column("", numeric=False), *(Column(label) for _c, label in answers), Column("n")])
    for g in [*groups, "all"]:
        row = [Cell("Totaal" if g == "all" else labels.get(g, (0, g))[1])]
        row += [survey_cell(cells.get((code, g)), "pct_category") for code, _label in answers]
        ns = [r["n_respondents"] for r in rows if r["group_value"] == g and r["measure"] == "pct_category"]
        row.append(Cell(max((n for n in ns if n is not None), default=None), suppressed=True))
        table.rows.append(row)
    return table
