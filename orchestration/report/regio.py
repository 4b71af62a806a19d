"""The regioportretten of a release: report/regio/index.html (every STO region in one sortable table and
on a map of the Netherlands drawn from the vestigingen' PC4 centroids) and report/regio/<sto_regio_id>.html
for every region of dim_sto_regio (templates regio_index.html.j2 and regio.html.j2)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from orchestration.report import charts
from orchestration.report.data import ReleaseData
from orchestration.report.formatting import Cell, Column, Table, nl_number
from orchestration.report.page import Context, Figure, Kerncijfer, Note, Section, render_page
from orchestration.report.sections import regio as regio_sections
from orchestration.report.sections.regio import Regio
from orchestration.report.suppression import value_cell

FOLDER = "regio"


def regio_docs_href(docs_href: str) -> str:
    """The dbt docs link seen from report/regio/ (one folder deeper than the national page)."""
    return docs_href if "://" in docs_href or docs_href.startswith("/") else f"../{docs_href}"


def render_all(release: ReleaseData, report_dir: Path, docs_href: str) -> list[Path]:
    """report_dir/regio/index.html and one page per region of dim_sto_regio; return the paths."""
    ctx = Context(release, regio_docs_href(docs_href))
    regions = regio_sections.regions(ctx)
    summaries = {r.sto_regio_id: regio_sections.regio_kerncijfers(ctx, r) for r in regions}
    dots = vestiging_dots(ctx, regions, summaries)
    paths = [render_index(ctx, regions, summaries, dots, report_dir / FOLDER / "index.html")]
    for r in regions:
        target = report_dir / FOLDER / f"{r.sto_regio_id}.html"
        paths.append(render_regio(ctx, r, summaries[r.sto_regio_id], dots, target))
    return paths


def render_one(release: ReleaseData, sto_regio_id: str, target: Path, docs_href: str) -> Path | None:
    """The page of one region into `target`; None when the release has no such region."""
    ctx = Context(release, docs_href)
    regions = regio_sections.regions(ctx)
    found = [r for r in regions if r.sto_regio_id == sto_regio_id]
    if not found:
        return None
    kerncijfers = regio_sections.regio_kerncijfers(ctx, found[0])
    return render_regio(ctx, found[0], kerncijfers, vestiging_dots(ctx, regions, {}), target)


def render_regio(
    ctx: Context, regio: Regio, kerncijfers: dict[str, Kerncijfer], dots: list[dict], target: Path
) -> Path:
    own = charts.COLORS[1]
    highlighted = [
        (d["lat"], d["lon"], own if d["sto_regio_id"] == regio.sto_regio_id else "#cccccc", d["title"], d["href"])
        for d in dots
    ]
    kaart = charts.dot_map(
        highlighted,
        f"Vestigingen van {regio.naam}",
        legend=[(own, regio.naam), ("#cccccc", "andere STO-regio's")],
        width=300,
    )
    return render_page(
        "regio.html.j2",
        target,
        release_id=ctx.release_id,
        regio=regio,
        kerncijfers=list(kerncijfers.values()),
        kaart=kaart,
        sections=regio_sections.sections(ctx, regio),
    )


def render_index(
    ctx: Context, regions: list[Regio], summaries: dict[str, dict[str, Kerncijfer]], dots: list[dict], target: Path
) -> Path:
    return render_page(
        "regio_index.html.j2",
        target,
        release_id=ctx.release_id,
        n_regions=len(regions),
        n_illustrative=sum(r.is_illustrative for r in regions),
        overview=overview(ctx, regions, summaries),
        maps=maps(dots),
    )


# The index table's columns: key of the region's kerncijfers and heading.
OVERVIEW = [
    ("share", "% techniek lj3"),
    ("change", "Verandering (procentpunt)"),
    ("pupils", "Techniekleerlingen lj3"),
    ("vestigingen", "Vestigingen met techniekprofiel"),
    ("doorstroom", "% doorstroom techniek → mbo-techniek"),
]


def overview(ctx: Context, regions: list[Regio], summaries: dict[str, dict[str, Kerncijfer]]) -> Section:
    """Every region in one table: its kerncijfers (a column is headed by its most common schooljaar; a
    cell of another schooljaar says which) and the subsidy per technical pupil; each region links to
    its page."""
    years = {}
    for key, _ in OVERVIEW:
        found = Counter(ks[key].schooljaar for ks in summaries.values() if key in ks and ks[key].schooljaar)
        years[key] = found.most_common(1)[0][0] if found else None
    budget = budget_per_pupil(ctx)
    rows = []
    for r in regions:
        ks = summaries[r.sto_regio_id]
        line = [Cell(r.naam, text=True, href=f"{r.sto_regio_id}.html"), Cell(r.sto_regio_id, text=True, style="code")]
        for key, _ in OVERVIEW:
            k = ks.get(key)
            if k is None:
                line.append(Cell())
                continue
            mark = f" ({k.schooljaar})" if k.schooljaar not in (None, years[key]) else ""
            line.append(Cell(k.value.value, k.value.suppressed, k.value.decimals, k.value.unit, mark))
        line.append(value_cell(budget.get(r.sto_regio_id), "subsidie_per_jaar_per_techniekleerling_lj3", decimals=0))
        rows.append(line)
    headings = [Column("STO-regio", numeric=False), Column("Code", numeric=False)]
    headings += [Column(f"{h} ({years[key]})" if years[key] else h) for key, h in OVERVIEW]
    headings.append(Column("Subsidie per jaar per techniekleerling lj3 (€)"))
    indicators = list(dict.fromkeys(spec.indicator_id for spec in regio_sections.REGIO_KERNCIJFERS.values()))
    return Section(
        "overzicht",
        "Alle STO-regio's",
        intro="Klik op een kolomkop om te sorteren (zonder JavaScript staat de tabel op code). Een cel uit een "
        "ander schooljaar dan de kolom noemt dat jaar. Elke regio linkt naar haar regioportret.",
        footer=ctx.footer(
            "indicator_values",
            [*indicators, "region_subsidy_amount"],
            years["share"],
            cell={"sto_regio_id": regions[0].sto_regio_id} if regions else None,
        ),
        blocks=[
            Note(
                "Subsidie per jaar per techniekleerling: subsidie per jaar van het lopende regioplan gedeeld door de "
                "techniekleerlingen in leerjaar 3, in het laatste schooljaar met beide (marts.regio_portret).",
                ["region_subsidy_amount", "region_tech_pupils_lj3"],
            ),
            Table(headings, rows),
        ],
    )


def budget_per_pupil(ctx: Context) -> dict[str, dict]:
    """Per region the latest regio_portret row with both a plan in force and registry figures."""
    if not ctx.release.has_rows("regio_portret"):
        return {}
    rows = ctx.release.rows(
        "SELECT * FROM regio_portret WHERE planperiode IS NOT NULL AND n_techniek_lj3 IS NOT NULL "
        "QUALIFY row_number() OVER (PARTITION BY sto_regio_id ORDER BY schooljaar DESC) = 1"
    )
    return {r["sto_regio_id"]: r for r in rows}


def vestiging_dots(ctx: Context, regions: list[Regio], summaries: dict[str, dict[str, Kerncijfer]]) -> list[dict]:
    """The member vestigingen placed at their PC4 centroid, with their region (dim_vestiging)."""
    if "dim_vestiging" not in ctx.release.marts:
        return []
    names = {r.sto_regio_id: r.naam for r in regions}
    share = {rid: ks["share"].value.value if "share" in ks else None for rid, ks in summaries.items()}
    rows = ctx.release.rows(
        "SELECT vestiging_id, naam, plaatsnaam, sto_regio_id, latitude, longitude FROM dim_vestiging "
        "WHERE sto_regio_id IS NOT NULL AND latitude IS NOT NULL AND longitude IS NOT NULL ORDER BY vestiging_id"
    )
    return [
        {
            "lat": r["latitude"],
            "lon": r["longitude"],
            "sto_regio_id": r["sto_regio_id"],
            "share": share.get(r["sto_regio_id"]),
            "title": f"{r['naam'] or r['vestiging_id']} ({r['plaatsnaam'] or ''}) — "
            f"{names.get(r['sto_regio_id'], r['sto_regio_id'])}",
            "href": f"{r['sto_regio_id']}.html" if r["sto_regio_id"] in names else "",
        }
        for r in rows
    ]


def maps(dots: list[dict]) -> Figure | None:
    """Two maps of the member vestigingen: coloured by region and by the region's technical share."""
    if not dots:
        return None
    colors = charts.region_colors(sorted({d["sto_regio_id"] for d in dots}))
    shares = [d["share"] for d in dots if d["share"] is not None]
    low, high = (min(shares), max(shares)) if shares else (0.0, 0.0)
    bands = [low + (high - low) * i / 4 for i in range(5)]
    legend = [(charts.share_color(b, low, high), f"{nl_number(b, 1)} %") for b in bands] + [
        (charts.share_color(None, low, high), "onderdrukt of geen waarde")
    ]
    return Figure(
        [
            charts.dot_map(
                [(d["lat"], d["lon"], colors[d["sto_regio_id"]], d["title"], d["href"]) for d in dots],
                "Vestigingen naar STO-regio",
            ),
            charts.dot_map(
                [(d["lat"], d["lon"], charts.share_color(d["share"], low, high), d["title"], d["href"]) for d in dots],
                "Vestigingen naar aandeel techniek in leerjaar 3 van hun regio",
                legend=legend,
            ),
        ],
        "Vestigingen van de STO-regio's op de centroïde van hun postcode (PC4; marts.dim_vestiging); klik een "
        "stip voor de regio. Links: kleur per regio; rechts: aandeel techniek in leerjaar 3 van de regio "
        "(region_tech_share_lj3, laatste schooljaar; de trace-opdracht staat in de tabel hieronder).",
    )
