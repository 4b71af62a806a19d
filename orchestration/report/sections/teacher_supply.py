"""Lesgevenden, the deliveries of issue 22 (catalog G5, G13, G14, G17): the vakken technical teachers
also teach (Figuur B4.2), their education level and field (Figuur B4.7/B4.8, CBS) and the future
technical teachers (Figuur B4.10: first-year students and graduates of the technical teacher-training
programmes, with the forecast of graduates)."""

from __future__ import annotations

from collections.abc import Callable

from orchestration.report.charts import line_chart
from orchestration.report.formatting import Cell, Column, Table, sort_key
from orchestration.report.page import Block, Context, Figure, Note, Section
from orchestration.report.suppression import shown, value_cell

G5_IDS = ["teachers_also_avo_share", "teachers_also_other_share"]
G13_G14_IDS = ["teachers_education_level", "teachers_education_field"]
G17_IDS = [
    "teacher_pipeline_first_year_students",
    "teacher_pipeline_graduates",
    "teacher_pipeline_graduates_forecast",
]
MAATEN = {"eerstejaars": "Eerstejaars", "ingeschrevenen": "Ingeschrevenen", "gediplomeerden": "Gediplomeerden"}


def sections(ctx: Context) -> list[Section]:
    return [other_vakken(ctx), education(ctx), future_teachers(ctx)]


def _latest_cells(ctx: Context, ids: list[str]) -> tuple[int, list[dict]] | None:
    """The indicator_values rows of `ids` in their latest schooljaar, or None when there are none."""
    if "indicator_values" not in ctx.release.marts:
        return None
    marks = ", ".join("?" for _ in ids)
    rows = ctx.release.rows(
        f"SELECT * FROM indicator_values WHERE indicator_id IN ({marks}) AND schooljaar = "
        f"(SELECT max(schooljaar) FROM indicator_values WHERE indicator_id IN ({marks}))",
        [*ids, *ids],
    )
    return (rows[0]["schooljaar"], rows) if rows else None


def _group(row: dict) -> tuple[str | None, str | None]:
    """(profielgroep, profiel) of a teacher cell: profile rows carry profiel, profielgroep rows the group
    as (the first part of) breakdown_value, the total neither."""
    if row.get("profiel"):
        return None, row["profiel"]
    if (row.get("breakdown") or "").startswith("profielgroep"):
        return str(row["breakdown_value"]).split("|")[0], None
    return None, None


def _order(row: dict) -> tuple:
    group, profiel = _group(row)
    return sort_key({"profielgroep": group, "profiel": profiel})


def _group_cells(row: dict) -> list[Cell]:
    """The profielgroep and profiel cells of a teacher cell ('totaal' for all of them)."""
    group, profiel = _group(row)
    return [Cell(group, missing="" if profiel else "totaal", text=True), Cell(profiel, missing="totaal", text=True)]


def _cells_section(
    ctx: Context, key: str, title: str, ids: list[str], intro: str, table: Callable[[list[dict]], Table]
) -> Section:
    """A section of the indicator_values cells of `ids` in their latest schooljaar, as the `table` of them."""
    latest = _latest_cells(ctx, ids)
    if latest is None:
        return Section(key, title, missing=f"marts.indicator_values ({ids[0]})")
    year, rows = latest
    return Section(
        key,
        title,
        intro=intro,
        footer=ctx.footer("indicator_values", ids, year),
        blocks=[Note(f"Schooljaar {year}"), table(rows)],
    )


def other_vakken(ctx: Context) -> Section:
    return _cells_section(
        ctx,
        "b4_2",
        "Figuur B4.2 — Lesgevenden die naast hun profielvak ook een avo-vak of ander vak geven",
        G5_IDS,
        "Aandeel van de lesgevenden van een profielvak dat ook een avo-vak of een ander vak geeft (IPTO).",
        other_vakken_table,
    )


def other_vakken_table(rows: list[dict]) -> Table:
    """Per profielgroep / profiel: the persons and the shares that also teach an avo-vak or another vak."""
    cells: dict[tuple[str | None, str | None], dict[str, dict]] = {}
    for row in rows:
        cells.setdefault(_group(row), {})[row["indicator_id"]] = row
    ordered = sorted((by_id for by_id in cells.values()), key=lambda by_id: _order(next(iter(by_id.values()))))
    return Table(
        [
            Column("Profielgroep", numeric=False),
            Column("Profiel", numeric=False),
            Column("Lesgevenden"),
            Column("Ook avo-vak (%)"),
            Column("Ook ander vak (%)"),
        ],  # fmt: skip
        [
            [
                *_group_cells(next(iter(by_id.values()))),
                value_cell(next(iter(by_id.values())), "denominator"),
                value_cell(by_id.get(G5_IDS[0]), decimals=1),
                value_cell(by_id.get(G5_IDS[1]), decimals=1),
            ]
            for by_id in ordered
        ],
    )


def education(ctx: Context) -> Section:
    return _cells_section(
        ctx,
        "b4_7",
        "Figuur B4.7/B4.8 — Opleidingsniveau en -richting van lesgevenden (CBS)",
        G13_G14_IDS,
        "Aandeel van de lesgevenden per hoogst behaald opleidingsniveau en per opleidingsrichting, uit de "
        "geaggregeerde levering van CBS (cellen onder 10 personen heeft CBS zelf afgeschermd).",
        education_table,
    )


def education_table(rows: list[dict]) -> Table:
    """Per kenmerk, profielgroep / profiel and categorie: the persons and their share."""
    rows = sorted(rows, key=lambda r: (r["indicator_id"], _order(r), str(r["breakdown_value"])))
    kenmerk = {"teachers_education_level": "Opleidingsniveau", "teachers_education_field": "Opleidingsrichting"}
    return Table(
        [
            Column("Kenmerk", numeric=False),
            Column("Profielgroep", numeric=False),
            Column("Profiel", numeric=False),
            Column("Categorie", numeric=False),
            Column("Lesgevenden"),
            Column("Aandeel (%)"),
        ],  # fmt: skip
        [
            [
                Cell(kenmerk[r["indicator_id"]], text=True),
                *_group_cells(r),
                Cell(str(r["breakdown_value"]).split("|")[-1], text=True),
                value_cell(r, "numerator"),
                value_cell(r, decimals=1),
            ]
            for r in rows
        ],
    )


def future_teachers(ctx: Context) -> Section:
    """Totals of the technical teacher-training programmes per year (first-year students, graduates) and
    the forecast of graduates per method, as lines; the latest year per programme as a table."""
    title = "Figuur B4.10 — Toekomstige techniekdocenten"
    if not ctx.release.has_rows("lerarenopleidingen_studenten"):
        return Section("b4_10", title, missing="marts.lerarenopleidingen_studenten")
    totals = ctx.release.rows(
        "SELECT schooljaar, maat, n_studenten, is_suppressed_at_source FROM lerarenopleidingen_studenten "
        "WHERE opleidingscode = 'totaal' ORDER BY schooljaar"
    )
    series: dict[str, list[tuple[int, float | None]]] = {}
    for r in totals:
        if r["maat"] in ("eerstejaars", "gediplomeerden"):
            series.setdefault(MAATEN[r["maat"]], []).append((r["schooljaar"], shown(r, "n_studenten")))
    if ctx.release.has_rows("lerarenopleidingen_prognose"):
        forecast = ctx.release.rows(
            "SELECT schooljaar, methode, prognose FROM lerarenopleidingen_prognose "
            "WHERE prognose IS NOT NULL ORDER BY schooljaar"
        )
        for r in forecast:
            series.setdefault(f"Prognose ({r['methode']})", []).append((r["schooljaar"], r["prognose"]))
    year = max(r["schooljaar"] for r in totals)
    latest = ctx.release.rows(
        "SELECT * FROM lerarenopleidingen_studenten WHERE schooljaar = ? ORDER BY opleidingscode = 'totaal', "
        "opleidingscode, maat",
        [year],
    )
    table = Table(
        [
            Column("Opleiding", numeric=False),
            Column("CROHO", numeric=False),
            Column("Maat", numeric=False),
            Column("Studenten"),
        ],  # fmt: skip
        [
            [
                Cell(r.get("opleidingsnaam"), missing="totaal", text=True),
                Cell(r["opleidingscode"], text=True),
                Cell(MAATEN.get(r["maat"], r["maat"]), text=True),
                value_cell(r, "n_studenten", mark="†" if r.get("is_suppressed_at_source") else ""),
            ]
            for r in latest
        ],
    )
    chart = line_chart(series, "Technische lerarenopleidingen: eerstejaars, gediplomeerden en prognose")
    blocks: list[Block] = []
    if chart is not None:
        blocks.append(Figure([chart], f"{title} (release {ctx.release_id})"))
    blocks += [Note(f"Studiejaar {year}; † bevat door DUO afgeschermde aantallen (1-4), geteld als 2,5"), table]
    return Section(
        "b4_10",
        title,
        intro="Eerstejaars en gediplomeerden van de technische tweedegraads lerarenopleidingen (DUO, hbo), met "
        "de prognose van het aantal gediplomeerden (cohortrendement en LassoCV).",
        footer=ctx.footer("lerarenopleidingen_studenten", G17_IDS, year),
        blocks=blocks,
    )
