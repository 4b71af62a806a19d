"""Doorstroom (catalog E): destination after leerjaar 4 (Tabel B3.18), the flow to technical mbo
(Tabel B3.19) and the stroomdiagram (national here, per region on the region pages)."""

from __future__ import annotations

from orchestration.report.charts import sankey
from orchestration.report.formatting import Cell, Column, Table, sort_key
from orchestration.report.page import Context, Figure, Note, Section
from orchestration.report.sections import profile_bar_section, table_section
from orchestration.report.suppression import shown, value_cell


def sections(ctx: Context) -> list[Section]:
    return [
        table_section(ctx, "b3_18"),
        profile_bar_section(ctx, "b3_19", "techniek_indicatie_share", unit=" %"),
        stroomdiagram(ctx),
    ]


STROMEN_MART = "doorstroom_stromen"
# Destinations of the stroomdiagram (column `naar`): label and colour.
NAAR = {
    "mbo_techniek": ("mbo techniek", "#e07b00"),
    "mbo_overig": ("mbo overig", "#6f8fb8"),
    "havo_vwo": ("havo/vwo", "#2a9d3a"),
    "vmbo": ("blijft in vmbo", "#8c564b"),
    "overig": ("elders / onbekend", "#999999"),
}
TECH_MBO_CELL = {"breakdown": "profielgroep|definitie", "breakdown_value": "techniek|techniek_indicatie"}


def stromen_rows(ctx: Context, regio: str | None) -> tuple[int, list[dict]] | None:
    """The flows of the latest schooljaar with flows, nationally or in `regio`."""
    if not ctx.release.has_rows(STROMEN_MART):
        return None
    by = ("sto_regio_id",)
    latest = ctx.release.rows_for(
        f"SELECT sto_regio_id, max(schooljaar) AS y FROM {STROMEN_MART} GROUP BY 1", by, (regio,)
    )
    if not latest or latest[0]["y"] is None:
        return None
    year = latest[0]["y"]
    return year, ctx.release.rows_for(f"SELECT * FROM {STROMEN_MART}", ("sto_regio_id", "schooljaar"), (regio, year))


def stroomdiagram(ctx: Context, regio: str | None = None, key: str = "stroomdiagram") -> Section:
    """Doorstroom after leerjaar 4 as a stroomdiagram (inline SVG Sankey): profile -> technical mbo,
    other mbo, havo/vwo, vmbo, elsewhere; nationally also profielgroep -> mbo sectorkamer. Withheld flows
    are not drawn (a node is the sum of its drawn flows) and read '*' in the table below."""
    title = "Stroomdiagram — doorstroom na leerjaar 4" + ("" if regio else " (landelijk)")
    found = stromen_rows(ctx, regio)
    if found is None:
        return Section(key, title, missing=f"marts.{STROMEN_MART}" + (f" (regio {regio})" if regio else ""))
    year, rows = found
    detail = [r for r in rows if r["van_profiel"] and r["naar"] and r["naar_sectorkamer"] is None]
    profiles = sorted({r["van_profiel"] for r in detail}, key=lambda p: sort_key({"profiel": p}))
    groups = [
        r
        for r in rows
        if r["van_profiel"] is None and r["van_profielgroep"] and r["naar"] and not r["naar_sectorkamer"]
    ]
    targets = [label for label, _ in NAAR.values()]
    colors = {label: color for label, color in NAAR.values()}
    charts: list = []
    if regio:  # a region's flows per profile are often small: first the two profielgroepen
        charts.append(
            sankey(
                [(r["van_profielgroep"], NAAR[r["naar"]][0], shown(r, "n_pupils")) for r in groups],
                f"{title} per profielgroep, {year}",
                sources=["techniek", "niet-techniek"],
                targets=targets,
                colors=colors,
                height=220,
            )
        )
    charts.append(
        sankey(
            [(r["van_profiel"], NAAR[r["naar"]][0], shown(r, "n_pupils")) for r in detail],
            f"{title} per profiel, {year}",
            sources=profiles,
            targets=targets,
            colors=colors,
        )
    )
    sectors = [r for r in rows if r["van_profiel"] is None and r["van_profielgroep"] and r["naar_sectorkamer"]]
    if sectors:
        charts.append(
            sankey(
                [
                    (r["van_profielgroep"], r["naar_sectorkamer"], shown(r, "n_pupils"), NAAR[r["naar"]][1])
                    for r in sectors
                ],
                f"Instroom mbo naar sectorkamer, {year}",
                sources=["techniek", "niet-techniek"],
            )
        )
    drawn = [c for c in charts if c is not None]
    blocks: list = []
    if drawn:
        blocks.append(Figure(drawn, f"{title}, schooljaar {year} (release {ctx.release_id})"))
    blocks.append(
        Note(
            "Bandkleur: oranje = mbo-opleiding met DUO-techniekindicatie, blauw = overig mbo. Onderdrukte "
            "stromen (*) zijn niet getekend; een blok is de som van zijn getekende stromen."
        )
    )
    blocks.append(flow_table(rows, profiles))
    return Section(
        key,
        title,
        intro="Leerlingen in leerjaar 4 (bb/kb/gl, met profiel) van schooljaar "
        f"{year}/{str(year + 1)[2:]} en waar zij op 1 oktober van het volgende schooljaar staan ingeschreven.",
        footer=ctx.footer(
            STROMEN_MART,
            ["tech_to_tech_mbo_rate", "destination_after_lj4", "doorstroom_sectorkamer_share"],
            year,
            cell={**TECH_MBO_CELL, "sto_regio_id": regio},
        ),
        blocks=blocks,
    )


def flow_table(rows: list[dict], profiles: list[str]) -> Table:
    """Pupils per profile (then per profielgroep and all) by destination, with the cohort."""
    cells = {(r["van_profielgroep"], r["van_profiel"], r["naar"]): r for r in rows if r["naar_sectorkamer"] is None}
    groups = {r["van_profiel"]: r["van_profielgroep"] for r in rows if r["van_profiel"]}
    lines = [(groups[p], p, p) for p in profiles]
    lines += [("techniek", None, "Techniek"), ("niet-techniek", None, "Niet-techniek"), (None, None, "Totaal")]
    return Table(
        [Column("Profiel", numeric=False), *(Column(label) for label, _ in NAAR.values()), Column("Cohort")],
        [
            [
                Cell(name, text=True),
                *(value_cell(cells.get((g, p, naar)), "n_pupils") for naar in NAAR),
                value_cell(cells.get((g, p, None)), "n_pupils"),
            ]
            for g, p, name in lines
            if (g, p, None) in cells
        ],
    )
