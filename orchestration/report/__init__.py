""" "STO in cijfers": the monitor report as one self-contained static HTML page, rendered from a release.

Standard library only: the release's Parquet files are read with DuckDB (in memory, no warehouse),
tables are built with html.escape, charts are inline SVG. No JavaScript, no CDN: the page works offline.
Each table/figure shows its indicator id(s), the release id, suppression markers ("*" = suppressed small
cell, "—" = no value) and links to the lineage of its mart (the release's dbt docs) plus the
`sto-monitor trace` command for its cells.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import duckdb

PROFIEL_ORDER = ["BWI", "PIE", "MVI", "M&T", "MaT", "D&P", "E&O", "HBR", "Z&W", "Groen"]
LEERWEG_ORDER = ["bb", "kb", "gl", "tl"]
COLORS = ["#1f5fa8", "#e07b00", "#2a9d3a", "#c0392b", "#7b4fa0", "#8c564b", "#d6619e", "#555555", "#9aa51c", "#17a2b8"]

LABELS = {
    "schooljaar": "Schooljaar",
    "leerweg": "Leerweg",
    "profiel": "Profiel",
    "profielgroep": "Profielgroep",
    "n_pupils": "Leerlingen",
    "n_female": "Meisjes",
    "female_share": "% meisjes",
    "change_pct": "% verandering t.o.v. vorig jaar",
    "regio_naam": "STO-regio",
    "n_tech": "Technische leerlingen",
    "tech_share": "% techniek",
    "n_vestigingen": "Vestigingen",
    "n_vestigingen_bb": "Vestigingen bb",
    "n_vestigingen_kb": "Vestigingen kb",
    "n_vestigingen_gl": "Vestigingen gl",
    "n_pupils_placed": "Leerlingen (geplaatst)",
    "n_pupils_within_10km": "Binnen 10 km",
    "share_within_10km": "% binnen 10 km",
    "keuzevak_profiel": "Profiel keuzevak",
    "leerling_profiel": "Profiel leerling",
    "n_exams": "Examens",
    "n_by_nontech_pupils": "Door niet-technische leerlingen",
    "nontech_pupils_share": "% door niet-technische leerlingen",
    "own_profile_share": "% binnen eigen profiel",
    "tech_keuzevakken_share": "% in technische keuzevakken",
    "n_mbo_entrants": "Instroom mbo",
    "techniek_indicatie_share": "% techniek (indicatie)",
    "techniek_sectorkamer_share": "% techniek (sectorkamer)",
    "bestemming": "Bestemming",
    "share": "%",
    "n_cohort": "Cohort",
    "n_persons": "Personen",
    "fte": "Fte",
    "share_bevoegd": "% bevoegd",
    "share_vast_contract": "% vast contract",
    "share_vrouw": "% vrouw",
    "mean_age": "Gem. leeftijd",
    "share_50_plus": "% 50+",
    "meting": "Meting",
    "item": "Item",
    "positive_share": "% positief",
    "n_respondents": "Respondenten",
    "planperiode": "Planperiode",
    "regio_type": "Soort regio",
    "verdeling_middelen": "Verdeling middelen",
    "subsidie_per_jaar_eur": "Subsidie per jaar (€)",
    "subsidie_eur": "Subsidie (€)",
    "cofinanciering_aandeel": "% cofinanciering",
    "n_partners": "Partners",
    "n_techniek_lj3": "Technische leerlingen lj3",
    "techniek_aandeel_lj3": "% techniek lj3",
    "n_vestigingen_techniek": "Vestigingen met techniek",
    "n_lesgevenden_techniek": "Lesgevenden techniek",
    "subsidie_per_jaar_per_techniekleerling_lj3": "Subsidie per jaar per techniekleerling lj3 (€)",
}


def nl_number(value, decimals: int | None = None) -> str:
    """Dutch number formatting: thousands with '.', decimal comma; counts without decimals."""
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int) or (decimals is None and float(value).is_integer()):
        text = f"{round(float(value)):,.0f}"
    else:
        text = f"{float(value):,.{1 if decimals is None else decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


TEXT_ATTRIBUTES = {"planperiode", "regio_type", "verdeling_middelen", "regio_naam"}
DIMENSIONS = {"leerweg", "profiel", "profielgroep", "keuzevak_profiel", "leerling_profiel", "item", "bestemming"}


@dataclass
class Section:
    key: str
    title: str
    mart: str
    dbt_model: str
    indicators: list[str]
    columns: list[str]
    chart: str | None = None  # trend | region_bars | bars
    intro: str = ""
    latest_only: bool = True
    extra: dict = field(default_factory=dict)


SECTIONS = [
    Section(
        "b3_12",
        "Tabel B3.12/B3.1 — Derdejaarsleerlingen per profiel en leerweg",
        "pupils_lj3_by_profiel",
        "pupils_lj3_by_profiel",
        ["pupils_lj3_count", "tech_share_lj3", "pupils_lj3_yoy_change_pct"],
        ["leerweg", "profielgroep", "profiel", "n_pupils", "change_pct"],
        chart="trend",
        intro="Leerlingen in leerjaar 3 (bb, kb, gl) per profiel; grafiek: ontwikkeling per profiel en het "
        "aandeel techniek per leerweg.",
    ),
    Section(
        "b3_13",
        "Tabel B3.13 — Aandeel meisjes per profiel en leerweg",
        "pupils_lj3_by_profiel",
        "pupils_lj3_by_profiel",
        ["female_share_lj3"],
        ["leerweg", "profiel", "n_pupils", "n_female", "female_share"],
    ),
    Section(
        "b2",
        "Figuur B3.3/B3.4 — Aandeel techniek per STO-regio",
        "regio_techniek_lj3",
        "regio_techniek_lj3",
        ["region_tech_share_lj3", "region_tech_pupils_lj3"],
        ["regio_naam", "n_tech", "n_pupils", "tech_share"],
        chart="region_bars",
        intro="Regio's gesorteerd op het aandeel technische leerlingen in leerjaar 3.",
    ),
    Section(
        "b3_5",
        "Tabel B3.5 — Vestigingen per profiel",
        "vestigingen_per_profiel",
        "vestigingen_per_profiel",
        ["vestigingen_offering_profile"],
        ["profiel", "n_vestigingen", "n_vestigingen_bb", "n_vestigingen_kb", "n_vestigingen_gl"],
        chart="bars:n_vestigingen",
    ),
    Section(
        "b3_6",
        "Tabel B3.6 — Bereikbaarheid: leerlingen binnen 10 km van het profiel",
        "bereikbaarheid_10km",
        "bereikbaarheid_10km",
        ["reach_10km_share"],
        ["leerweg", "profiel", "n_pupils_placed", "n_pupils_within_10km", "share_within_10km"],
        chart="bars:share_within_10km",
    ),
    Section(
        "b3_7",
        "Tabel B3.7 — Keuzevakexamens per profiel van het keuzevak",
        "keuzevak_exams_by_offering_profile",
        "keuzevak_exams_by_offering_profile",
        ["keuzevak_exam_count", "tech_keuzevak_exams_by_nontech_share"],
        ["keuzevak_profiel", "n_exams", "n_by_nontech_pupils", "nontech_pupils_share"],
    ),
    Section(
        "b3_8",
        "Tabel B3.8 — Keuzevakexamens per profiel van de leerling",
        "keuzevak_exams_by_pupil_profile",
        "keuzevak_exams_by_pupil_profile",
        ["keuzevak_exam_tech_share", "keuzevak_own_profile_share"],
        ["leerling_profiel", "n_exams", "tech_keuzevakken_share", "own_profile_share"],
    ),
    Section(
        "b3_18",
        "Tabel B3.18 — Bestemming na leerjaar 4",
        "doorstroom_destinations",
        "doorstroom_destinations",
        ["destination_after_lj4"],
        ["profiel", "leerweg", "bestemming", "n_pupils", "n_cohort", "share"],
    ),
    Section(
        "b3_19",
        "Tabel B3.19 — Doorstroom naar technisch mbo",
        "doorstroom_tech_mbo",
        "doorstroom_tech_mbo",
        ["mbo_entrants_tech_indicatie_share", "tech_to_tech_mbo_rate", "doorstroom_sectorkamer_share"],
        ["profiel", "n_mbo_entrants", "techniek_indicatie_share", "techniek_sectorkamer_share"],
        chart="bars:techniek_indicatie_share",
    ),
    Section(
        "b4_1",
        "Figuur B4.1/B4.11 — Lesgevenden per profiel (personen en fte)",
        "lesgevenden_per_profiel",
        "lesgevenden_per_profiel",
        ["teachers_tech_persons", "teachers_tech_fte", "teachers_nontech_persons_fte"],
        ["profielgroep", "profiel", "n_persons", "fte"],
        chart="trend_teachers",
    ),
    Section(
        "b4_6",
        "Figuur B4.5/B4.6 — Kenmerken van lesgevenden",
        "lesgevenden_kenmerken",
        "lesgevenden_kenmerken",
        ["teachers_bevoegd_share", "teachers_permanent_contract_share", "teachers_female_share"],
        ["profielgroep", "profiel", "n_persons", "share_bevoegd", "share_vast_contract", "share_vrouw"],
    ),
    Section(
        "b3_10",
        "Tabel B3.10/B3.11 — Oordelen van schoolverlaters",
        "schoolverlaters_oordelen",
        "schoolverlaters_oordelen",
        ["svo_attractive", "svo_topical", "svo_challenging"],
        ["item", "profielgroep", "leerweg", "n_respondents", "positive_share"],
        extra={"year_column": "meting"},
    ),
    Section(
        "programma",
        "Programma en samenwerking — budget en partners per STO-regio naast de registerindicatoren",
        "regio_portret",
        "regio_portret",
        ["region_subsidy_amount", "region_partner_counts", "budget_allocation_mode", "region_type"],
        [
            "regio_naam",
            "planperiode",
            "regio_type",
            "verdeling_middelen",
            "subsidie_per_jaar_eur",
            "cofinanciering_aandeel",
            "n_partners",
            "n_vestigingen_techniek",
            "n_techniek_lj3",
            "techniek_aandeel_lj3",
            "n_lesgevenden_techniek",
            "subsidie_per_jaar_per_techniekleerling_lj3",
        ],
        intro="Programma-administratie (regioplannen, samenwerkingsovereenkomsten; catalogus H1-H5) per "
        "STO-regio, in het laatste schooljaar met zowel registergegevens als een lopende planperiode. "
        "Bedragen en partners zijn geen persoonsaantallen en worden niet onderdrukt.",
        extra={"where": "planperiode IS NOT NULL AND n_leerlingen_lj3 IS NOT NULL", "summary": "programme"},
    ),
]


class Release:
    """The marts of one release folder, read from its Parquet files (never the working warehouse)."""

    def __init__(self, folder: Path, release_id: str | None = None):
        self.folder = folder
        self.release_id = release_id or folder.name
        manifest = folder / "manifest.json"
        if manifest.exists() and release_id is None:
            self.release_id = json.loads(manifest.read_text(encoding="utf-8")).get("release_id", folder.name)
        self.docs_href = "../docs/index.html"
        self.catalog: set[str] = set()
        self.con = duckdb.connect(":memory:")
        self.marts = {p.stem: p for p in sorted((folder / "marts").glob("*.parquet"))}
        for name, path in self.marts.items():
            self.con.execute(f"CREATE VIEW \"{name}\" AS SELECT * FROM read_parquet('{path.as_posix()}')")

    def rows(self, sql: str, params: list | None = None) -> list[dict]:
        cur = self.con.execute(sql, params or [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

    def columns(self, mart: str) -> list[str]:
        return [r[0] for r in self.con.execute(f'DESCRIBE "{mart}"').fetchall()]

    def has_rows(self, mart: str) -> bool:
        return mart in self.marts and self.con.execute(f'SELECT count(*) FROM "{mart}"').fetchall()[0][0] > 0


# ---------------------------------------------------------------- SVG charts


def _svg_frame(width: int, height: int, body: str, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(label)}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">'
        f"{body}</svg>"
    )


def line_chart(series: dict[str, list[tuple[int, float | None]]], title: str, unit: str = "") -> str:
    """One line per series over schooljaren; gaps for missing/suppressed values."""
    points = [(x, y) for s in series.values() for x, y in s if y is not None]
    if not points:
        return ""
    width, height, left, right, top, bottom = 720, 280, 60, 150, 20, 30
    xs = sorted({x for s in series.values() for x, _ in s})
    ymax = max(y for _, y in points) or 1
    ymax *= 1.1

    def px(x):
        return left + (0 if len(xs) == 1 else (xs.index(x) / (len(xs) - 1)) * (width - left - right))

    def py(y):
        return top + (1 - y / ymax) * (height - top - bottom)

    body = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="#999"/>']
    for i in range(5):
        v = ymax * i / 4
        body.append(f'<text x="{left - 6}" y="{py(v) + 4:.1f}" text-anchor="end">{nl_number(v, 0)}{unit}</text>')
        body.append(f'<line x1="{left}" y1="{py(v):.1f}" x2="{width - right}" y2="{py(v):.1f}" stroke="#eee"/>')
    for x in xs:
        body.append(f'<text x="{px(x):.1f}" y="{height - 10}" text-anchor="middle">{x}</text>')
    for i, (name, values) in enumerate(series.items()):
        color = COLORS[i % len(COLORS)]
        segment: list[str] = []
        segments = []
        for x, y in sorted(values):
            if y is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{px(x):.1f},{py(y):.1f}")
        if segment:
            segments.append(segment)
        for seg in segments:
            if len(seg) > 1:
                body.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{" ".join(seg)}"/>')
            for p in seg:
                cx, cy = p.split(",")
                body.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="{color}"/>')
        ly = top + 14 * i
        body.append(f'<rect x="{width - right + 10}" y="{ly}" width="10" height="10" fill="{color}"/>')
        body.append(f'<text x="{width - right + 24}" y="{ly + 9}">{escape(str(name))}</text>')
    return _svg_frame(width, height, "".join(body), title)


def bar_chart(bars: list[tuple[str, float | None]], title: str, unit: str = "") -> str:
    """Horizontal bars, one per label; suppressed/missing values drawn as '*'."""
    if not any(v is not None for _, v in bars):
        return ""
    row, left, width = 18, 190, 720
    height = row * len(bars) + 10
    vmax = max(v for _, v in bars if v is not None) or 1
    body = []
    for i, (label, v) in enumerate(bars):
        y = 5 + i * row
        body.append(f'<text x="{left - 6}" y="{y + 12}" text-anchor="end">{escape(str(label))}</text>')
        if v is None:
            body.append(f'<text x="{left + 4}" y="{y + 12}">*</text>')
            continue
        w = (width - left - 80) * v / vmax
        body.append(f'<rect x="{left}" y="{y + 2}" width="{w:.1f}" height="{row - 5}" fill="{COLORS[0]}"/>')
        body.append(f'<text x="{left + w + 4:.1f}" y="{y + 12}">{nl_number(v)}{unit}</text>')
    return _svg_frame(width, height, "".join(body), title)


# ---------------------------------------------------------------- sections


def _sort_key(row: dict):
    return (
        LEERWEG_ORDER.index(row["leerweg"]) if row.get("leerweg") in LEERWEG_ORDER else 9,
        str(row.get("profielgroep") or ""),
        PROFIEL_ORDER.index(row["profiel"]) if row.get("profiel") in PROFIEL_ORDER else 99,
        str(row.get("profiel") or ""),
    )


def cell(row: dict, column: str) -> str:
    value = row.get(column)
    if value is None and column in DIMENSIONS:
        return "totaal"
    if value is None and column in TEXT_ATTRIBUTES:
        return "—"  # an unknown attribute (e.g. allocation mode), never a suppressed count
    if value is None or (isinstance(value, float) and value != value):
        return "*" if row.get("is_suppressed") or row.get("is_below_cbs_threshold") else "—"
    if isinstance(value, str):
        return escape(value)
    share = "share" in column or "pct" in column or "aandeel" in column
    return nl_number(value, 1 if share else None)


def html_table(rows: list[dict], columns: list[str]) -> str:
    head = "".join(f"<th>{escape(LABELS.get(c, c))}</th>" for c in columns)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="{"num" if not isinstance(r.get(c), str) else ""}">{cell(r, c)}</td>' for c in columns)
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def lineage(release: Release, section: Section, year) -> str:
    ids = [i for i in section.indicators if i in release.catalog] or section.indicators
    trace = " ".join(
        f"<code>sto-monitor trace {escape(i)} --schooljaar {year} --release {release.release_id}</code>"
        for i in ids[:1]
    )
    return (
        f'<p class="meta">Indicator: {", ".join(f"<code>{escape(i)}</code>" for i in ids)} · release '
        f"<code>{escape(release.release_id)}</code> · mart <code>marts.{escape(section.mart)}</code> · "
        f'<a href="{release.docs_href}#!/model/model.sto_monitor.{escape(section.dbt_model)}">herkomst (lineage)</a>'
        f" · {trace}</p>"
    )


def render_section(release: Release, section: Section) -> str:
    title = f'<h2 id="{section.key}">{escape(section.title)}</h2>'
    if not release.has_rows(section.mart):
        return (
            title + f'<p class="missing">Geen gegevens in release {escape(release.release_id)} '
            f"(marts.{escape(section.mart)}).</p>"
        )
    year_col = section.extra.get("year_column", "schooljaar")
    where = section.extra.get("where", "TRUE")
    cols = release.columns(section.mart)
    year = release.con.execute(f'SELECT max({year_col}) FROM "{section.mart}" WHERE {where}').fetchall()[0][0]
    rows = release.rows(f'SELECT * FROM "{section.mart}" WHERE {year_col} = ? AND {where}', [year])
    rows.sort(key=_sort_key)
    shown = [c for c in section.columns if c in cols]
    out = [title, f"<p>{escape(section.intro)}</p>" if section.intro else "", lineage(release, section, year)]
    if section.extra.get("summary") == "programme":
        out.append(programme_summary(release))
        rows.sort(key=lambda r: str(r.get("regio_naam") or r.get("sto_regio_id")))
    chart = ""
    if section.chart == "trend":
        chart = trend_charts(release)
    elif section.chart == "trend_teachers":
        data = release.rows(f'SELECT schooljaar, profiel, n_persons FROM "{section.mart}" WHERE profiel IS NOT NULL')
        series: dict[str, list] = {}
        for r in data:
            series.setdefault(r["profiel"], []).append((r["schooljaar"], r["n_persons"]))
        chart = line_chart(
            dict(sorted(series.items(), key=lambda kv: _sort_key({"profiel": kv[0]}))),
            "Lesgevenden per profiel (personen)",
        )
    elif section.chart == "region_bars":
        ordered = sorted(rows, key=lambda r: (r.get("tech_share") is None, -(r.get("tech_share") or 0)))
        chart = bar_chart(
            [(r.get("regio_naam") or r["sto_regio_id"], r.get("tech_share")) for r in ordered], section.title, " %"
        )
        rows = ordered
    elif section.chart and section.chart.startswith("bars:"):
        column = section.chart.split(":", 1)[1]
        label_of = (
            (lambda r: f"{r['profiel']} {r['leerweg'] or ''}".strip())
            if "leerweg" in cols
            else (lambda r: r.get("profiel") or "totaal")
        )
        unit = " %" if "share" in column else ""
        chart = bar_chart([(label_of(r), r.get(column)) for r in rows if r.get("profiel")], section.title, unit)
    if chart:
        out.append(
            f"<figure>{chart}<figcaption>{escape(section.title)} ({year_col} {year}; "
            f"release {escape(release.release_id)})</figcaption></figure>"
        )
    out.append(f'<p class="meta">{escape(LABELS.get(year_col, year_col))} {year}</p>')
    out.append(html_table(rows, shown))
    return "\n".join(out)


PROGRAMME_TOTALS = [
    ("regio_s", "Regio's"),
    ("regio_s_goedgekeurd", "Goedgekeurd"),
    ("subsidie", "Subsidie (mln €)"),
    ("cofinanciering", "Cofinanciering (mln €)"),
    ("partners_excl_po", "Partners (excl. po)"),
]


def programme_summary(release: Release) -> str:
    """Per plan period: the programme totals (H5), the mean cofinancing share (H2), the region types
    (H4) and the allocation modes (H3), from marts.indicator_values."""
    if "indicator_values" not in release.marts:
        return ""
    data = release.rows(
        "SELECT indicator_id, schooljaar, breakdown, breakdown_value, value FROM indicator_values "
        "WHERE sto_regio_id IS NULL AND indicator_id IN ('sto_programme_totals', 'region_cofinancing_share', "
        "'region_type', 'budget_allocation_mode') ORDER BY schooljaar"
    )
    if not data:
        return ""
    periods: dict[int, dict[str, float]] = {}
    types: set[str] = set()
    for r in data:
        cell_of = periods.setdefault(r["schooljaar"], {})
        if r["indicator_id"] == "sto_programme_totals":
            cell_of[r["breakdown_value"]] = r["value"]
        elif r["indicator_id"] == "region_cofinancing_share" and r["breakdown_value"] == "gemiddelde":
            cell_of["share"] = r["value"]
        elif r["indicator_id"] == "region_type" and r["breakdown"] == "regio_type":
            cell_of[f"type:{r['breakdown_value']}"] = r["value"]
            types.add(r["breakdown_value"])
        elif r["indicator_id"] == "budget_allocation_mode":
            cell_of[f"mode:{r['breakdown_value']}"] = r["value"]
    head = ["Planperiode vanaf", *(label for _, label in PROGRAMME_TOTALS), "% cofinanciering (gem.)"]
    head += [f"Regio's {t}" for t in sorted(types)] + ["% verdeelsleutel", "% regionaal beheer"]
    body = []
    for year, v in sorted(periods.items()):
        cells = [str(year)]
        for key, _ in PROGRAMME_TOTALS:
            value = v.get(key)
            cells.append(nl_number(value / 1e6, 1) if value is not None and key in ("subsidie", "cofinanciering")
                         else nl_number(value))  # fmt: skip
        cells.append(nl_number(v.get("share"), 1))
        cells += [nl_number(v.get(f"type:{t}", 0)) for t in sorted(types)]
        cells += [nl_number(v.get("mode:verdeelsleutel"), 1), nl_number(v.get("mode:regionaal beheer"), 1)]
        body.append("<tr>" + "".join(f'<td class="num">{escape(c)}</td>' for c in cells) + "</tr>")
    header = "".join(f"<th>{escape(h)}</th>" for h in head)
    return (
        '<p class="meta">Programmatotalen per planperiode (<code>sto_programme_totals</code>, '
        "<code>region_cofinancing_share</code>, <code>region_type</code>, <code>budget_allocation_mode</code>)</p>"
        f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def trend_charts(release: Release) -> str:
    data = release.rows(
        "SELECT schooljaar, profiel, sum(n_pupils) AS n FROM pupils_lj3_by_profiel WHERE profiel IS NOT NULL "
        "AND leerweg IS NOT NULL GROUP BY 1, 2"
    )
    series: dict[str, list] = {}
    for r in sorted(data, key=_sort_key):
        series.setdefault(r["profiel"], []).append((r["schooljaar"], r["n"]))
    out = line_chart(series, "Leerlingen leerjaar 3 per profiel")
    if "indicator_values" in release.marts:
        share = release.rows(
            "SELECT schooljaar, coalesce(leerweg, 'totaal') AS leerweg, value FROM indicator_values "
            "WHERE indicator_id = 'tech_share_lj3' AND profiel IS NOT DISTINCT FROM NULL "
            "AND sto_regio_id IS NULL AND vestiging_id IS NULL AND breakdown IS NULL ORDER BY 1"
        )
        by_leerweg: dict[str, list] = {}
        for r in share:
            by_leerweg.setdefault(r["leerweg"], []).append((r["schooljaar"], r["value"]))
        out += line_chart(by_leerweg, "Aandeel techniek per leerweg (%)", " %")
    return out


def kerncijfers(release: Release) -> str:
    items = []

    def latest(indicator, label, unit=""):
        if "indicator_values" not in release.marts:
            return
        rows = release.rows(
            "SELECT schooljaar, value, is_suppressed FROM indicator_values WHERE indicator_id = ? AND leerweg IS NULL "
            "AND profiel IS NULL AND sto_regio_id IS NULL AND vestiging_id IS NULL AND breakdown IS NULL "
            "ORDER BY schooljaar DESC LIMIT 1",
            [indicator],
        )
        if rows:
            r = rows[0]
            value = "*" if r["value"] is None and r["is_suppressed"] else nl_number(r["value"], 1 if unit else None)
            items.append(
                f'<div class="kc"><div class="v">{value}{unit}</div><div>{escape(label)} ({r["schooljaar"]})</div>'
                f"<code>{escape(indicator)}</code></div>"
            )

    latest("tech_share_lj3", "Aandeel techniek leerjaar 3", " %")
    latest("pupils_lj3_count", "Leerlingen leerjaar 3 (bb, kb, gl)")
    latest("reach_10km_share", "Leerlingen binnen 10 km van een technisch profiel", " %")
    latest("tech_to_tech_mbo_rate", "Doorstroom techniek vmbo naar technisch mbo", " %")
    latest("teachers_tech_persons", "Lesgevenden technische profielen")
    if not items:
        return '<p class="missing">Geen kerncijfers in deze release.</p>'
    return '<div class="kerncijfers">' + "".join(items) + "</div>"


# ---------------------------------------------------------------- surveys (docs/surveys.md)


@dataclass
class SurveyTable:
    key: str
    table_id: str
    survey_id: str
    title: str
    # (heading, wave or None = latest, group_value, measure[, answer_code for count_category / pct_category])
    columns: list[tuple]
    by_category: bool = False  # rows = answer categories of one item (else rows = items)
    note: str = ""
    profile: bool = False  # rows = items with a top share (% ja) and the answer categories of the others
    all_items: bool = False  # by_category: the categories of every item of the table (item › category)
    item_prefix: str = ""  # rows = items: only the items whose id starts with this
    crosstab: bool = False  # rows = the groups of a cross-tab (group_dimension item:<id>) plus Totaal


PL_GROUPS = [("alle", "all"), ("verdeelsleutel", "verdeelsleutel"), ("regionaal beheer", "regionaal_beheer")]
LG_GROUPS = [("alle", "all"), ("technisch vak", "wel"), ("geen technisch vak", "niet")]
SURVEY_TABLES = [
    SurveyTable(
        "pl_4_1",
        "4.1",
        "PL",
        "Tabel 4.1 — Tevredenheid over de stand van de regio t.o.v. het plan (panel 2021, 2024 en 2025)",
        [(str(w), w, "all", "pct_category") for w in (2021, 2024, 2025)],
        by_category=True,
        note="† bij % (zeer) tevreden: significant verschil met 2021 (McNemar, zelfde respondenten).",
    ),
    SurveyTable(
        "pl_b1_1",
        "B1.1",
        "PL",
        "Tabel B1.1 — Tevredenheid over de stand van de regio, naar toedelingswijze (2025)",
        [(h, None, g, "pct_category") for h, g in PL_GROUPS],
        by_category=True,
    ),
    SurveyTable(
        "pl_4_4",
        "4.4",
        "PL",
        "Tabel 4.4 — Rapportcijfers voor de impact van STO (panel 2021 en 2025)",
        [
            ("gem. 2025", 2025, "all", "mean"),
            ("% voldoende 2025", 2025, "all", "pct_top"),
            ("gem. 2021", 2021, "all", "mean"),
            ("% voldoende 2021", 2021, "all", "pct_top"),
        ],
        note="† = significant verschil met 2021 (gemiddelde: gepaarde t-toets; % voldoende: McNemar).",
    ),
    SurveyTable(
        "pl_4_2",
        "4.2",
        "PL",
        "Tabel 4.2 — Urgentie van aandachtspunten 2025-2029 (panel 2021 en 2025)",
        [
            ("% (heel) urgent 2025", 2025, "all", "pct_top"),
            ("% (heel) urgent 2021", 2021, "all", "pct_top"),
            ("helemaal niet urgent (n, 2025)", 2025, "all", "count_category", "1"),
            ("niet urgent (n)", 2025, "all", "count_category", "2"),
            ("noch urgent/ noch niet urgent (n)", 2025, "all", "count_category", "3"),
            ("urgent (n)", 2025, "all", "count_category", "4"),
            ("heel urgent (n)", 2025, "all", "count_category", "5"),
        ],
        note="† = significant verschil met 2021 (McNemar, zelfde respondenten); aantallen = antwoorden 2025.",
    ),
    SurveyTable(
        "pl_4_6",
        "4.6",
        "PL",
        "Tabel 4.6 — Succesfactoren (0 = zeer belemmerend … 10 = zeer veel bijgedragen, 2025)",
        [
            ("gemiddelde", None, "all", "mean"),
            ("% voldoende", None, "all", "pct_top"),
            ("% niet van invloed", None, "all", "pct_not_applicable"),
        ],
    ),
    SurveyTable(
        "lg_5_1",
        "5.1",
        "LG",
        "Tabel 5.1 — Lesgevenden: bekendheid met STO-activiteiten (2025)",
        [(h, None, g, "pct_category") for h, g in LG_GROUPS],
        by_category=True,
    ),
    SurveyTable(
        "lg_5_4",
        "5.4",
        "LG",
        "Tabel 5.4 — Lesgevenden: concrete veranderingen (% ja, 2025)",
        [(h, None, g, "pct_top") for h, g in LG_GROUPS],
        note="† = significant verschil tussen lesgevenden met en zonder technisch vak (z-toets voor twee proporties).",
    ),
    SurveyTable(
        "lg_5_5",
        "5.5",
        "LG",
        "Tabel 5.5 — Lesgevenden: impact op de docent (% (helemaal) mee eens, 2025)",
        [(h, None, g, "pct_top") for h, g in LG_GROUPS],
        note="† = significant verschil tussen lesgevenden met en zonder technisch vak (z-toets voor twee proporties).",
    ),
    SurveyTable(
        "lg_b2_1",
        "B2.1",
        "LG",
        "Tabel B2.1 — Lesgevenden naar kenmerken (2025)",
        [(h, None, g, "pct_top") for h, g in LG_GROUPS],
        profile=True,
        note="Leerwegen en profielen: meer antwoorden mogelijk (% ja per optie).",
    ),
]


BOUW_GROEPEN = [
    ("onderbouw", "onderbouw"),
    ("bovenbouw zonder technisch profiel/keuzevak", "bovenbouw_zonder_techniek"),
    ("bovenbouw met technisch profiel/keuzevak", "bovenbouw_met_techniek"),
]
PUPIL_TABLES = [
    SurveyTable(
        "ll_6_1",
        "6.1",
        "LL",
        "Tabel 6.1 — Leerlingen: kenmerken (2025)",
        [("%", None, "all", "pct_category")],
        by_category=True,
        all_items=True,
    ),
    SurveyTable(
        "ll_6_2",
        "6.2",
        "LL",
        "Tabel 6.2 — Leerlingen: techniekactiviteiten georganiseerd door de basisschool (% ja, 2025)",
        [("% ja", None, "all", "pct_top")],
        item_prefix="ll_",
        note="Deelname aan tenminste één activiteit: wie niet 'geen techniek-activiteit' antwoordde.",
    ),
    SurveyTable(
        "ll_6_3",
        "6.3",
        "LL",
        "Tabel 6.3 — Leerlingen: techniekactiviteiten georganiseerd door de vo-school (% ja, 2025)",
        [("% ja", None, "all", "pct_top")],
        item_prefix="ll_",
        note="Deelname aan tenminste één activiteit: wie niet 'geen techniek-activiteit' antwoordde.",
    ),
    SurveyTable(
        "ll_6_4",
        "6.4",
        "LL",
        "Tabel 6.4 — Leerlingen: fasen van interesseontwikkeling (2025)",
        [("alle", None, "all", "pct_category"), *[(h, None, g, "pct_category") for h, g in BOUW_GROEPEN]],
        by_category=True,
        note="Fase = de fase met het hoogste gemiddelde van haar drie stellingen (gelijk: de latere fase); "
        "geen interesse als elk gemiddelde onder 2,5 ligt (docs/surveys.md).",
    ),
    SurveyTable(
        "ll_6_5",
        "6.5",
        "LL",
        "Tabel 6.5 — Verwachte profielkeuze van onderbouwleerlingen naar fase van interesseontwikkeling (2025)",
        [],
        crosstab=True,
        note="Rijpercentages per fase; Totaal = onderbouwleerlingen met een fase en een verwachte profielkeuze.",
    ),
    SurveyTable(
        "ll_6_6",
        "6.6",
        "LL",
        "Tabel 6.6 — Verwachte profielkeuze van onderbouwleerlingen naar deelname aan een technische activiteit "
        "op de basisschool (2025)",
        [],
        crosstab=True,
    ),
    SurveyTable(
        "ll_6_7",
        "6.7",
        "LL",
        "Tabel 6.7 — Verwachte profielkeuze van onderbouwleerlingen naar deelname aan een technische activiteit "
        "in het vo (2025)",
        [],
        crosstab=True,
    ),
    SurveyTable(
        "ll_6_8",
        "6.8",
        "LL",
        "Tabel 6.8 — Verwachte vervolgopleiding naar fase van interesseontwikkeling (2025)",
        [],
        crosstab=True,
        note="Rijpercentages per fase; Totaal = leerlingen met een fase en een antwoord.",
    ),
]
SURVEY_SOURCES = {"PL": "Enquête programmaleiders STO", "LG": "Enquête lesgevenden", "LL": "Leerlingenvragenlijst"}


def _survey_value(row: dict | None, measure: str) -> str:
    if row is None:
        return "—"
    if row["value"] is None or row["value"] != row["value"]:
        return "*" if row.get("is_suppressed") else "—"
    if measure == "count_category":
        return nl_number(row["value"])
    text = nl_number(row["value"], 1) + ("" if measure == "mean" else " %")
    return text + ("†" if row.get("significance_flag") == "*" else "")


def render_survey_table(release: Release, t: SurveyTable) -> str:
    title = f'<h2 id="{t.key}">{escape(t.title)}</h2>'
    mart = "survey_item_results"
    if not release.has_rows(mart):
        return title + f'<p class="missing">Geen gegevens in release {escape(release.release_id)} (marts.{mart}).</p>'
    rows = release.rows(f'SELECT * FROM "{mart}" WHERE survey_id = ? AND table_id = ?', [t.survey_id, t.table_id])
    if not rows:
        return (
            title
            + f'<p class="missing">Geen gegevens in release {escape(release.release_id)} (tabel {t.table_id}).</p>'
        )
    latest = max(r["wave"] for r in rows)
    cells = {(r["item_id"], r["answer_code"], r["wave"], r["group_value"], r["measure"]): r for r in rows}
    if t.crosstab:
        return _render_survey_crosstab(release, t, rows, cells, latest, title)
    head_cols = [(c[0], latest if c[1] is None else c[1], c[2], c[3], c[4] if len(c) > 4 else None) for c in t.columns]
    if t.profile:
        items = sorted({(r["source_line"], r["item_id"], r["item_text_nl"]) for r in rows})
        with_top = {r["item_id"] for r in rows if r["measure"] == "pct_top"}
        lines = []
        for _l, item, text in items:
            if item in with_top:
                lines.append((text, (item, None)))
                continue
            keys = sorted(
                {
                    (r["sort_order"], r["answer_code"], r["answer_label"])
                    for r in rows
                    if r["item_id"] == item and r["measure"] == "pct_category"
                }
            )
            lines += [(f"{text} › {label}", (item, code)) for _o, code, label in keys]
    elif t.by_category:
        items = sorted({(r["source_line"], r["item_id"], r["item_text_nl"]) for r in rows})
        if not t.all_items:
            items = [i for i in items if i[1] == rows[0]["item_id"]]
        lines = []
        for _l, item, text in items:
            keys = sorted(
                {
                    (r["sort_order"], r["answer_code"], r["answer_label"])
                    for r in rows
                    if r["measure"] == "pct_category" and r["item_id"] == item
                }
            )
            lines += [(f"{text} › {label}" if t.all_items else label, (item, code)) for _o, code, label in keys]
        first = items[0][1]
        top = [("% top (o.a. (zeer) tevreden)", (first, None))] if any(r["measure"] == "pct_top" for r in rows) else []
        lines += [] if t.all_items else top
    else:
        items = sorted(
            {
                (r["source_line"], r["item_id"], r["item_text_nl"])
                for r in rows
                if r["item_id"].startswith(t.item_prefix)
            }
        )
        if t.item_prefix:  # only items with a value in the table's measures (e.g. % ja, not the effect items)
            measures = {c[3] for c in t.columns}
            items = [i for i in items if any(r["item_id"] == i[1] and r["measure"] in measures for r in rows)]
        lines = [(text, (item, None)) for _l, item, text in items]
    body = []
    for label, (item, code) in lines:
        tds = []
        for _h, wave, group, measure, col_code in head_cols:
            m = measure if code is not None or not t.by_category else "pct_top"
            if t.profile and code is not None:
                m = "pct_category"
            key_code = col_code if col_code is not None else code
            tds.append(f'<td class="num">{_survey_value(cells.get((item, key_code, wave, group, m)), m)}</td>')
        body.append(f"<tr><td>{escape(label)}</td>{''.join(tds)}</tr>")
    ns = []
    for _h, wave, group, _m, _c in head_cols:
        candidates = [r["n_respondents"] for r in rows if r["wave"] == wave and r["group_value"] == group]
        candidates = [n for n in candidates if n is not None and n == n]
        ns.append(f'<td class="num">{nl_number(max(candidates)) if candidates else "*"}</td>')
    body.append(f"<tr><td><em>n (respondenten, grootste basis)</em></td>{''.join(ns)}</tr>")
    head = "".join(f"<th>{escape(h)}</th>" for h, *_ in head_cols)
    table = f"<table><thead><tr><th></th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    return "\n".join([title, _survey_meta(release, t), table, _survey_note(t)])


def _survey_meta(release: Release, t: SurveyTable) -> str:
    mart = "survey_item_results"
    return (
        f'<p class="meta">Bron: {SURVEY_SOURCES.get(t.survey_id, t.survey_id)}'
        f" · release <code>{escape(release.release_id)}</code> · mart <code>marts.{mart}</code> "
        f"(survey_id {t.survey_id}, table_id {escape(t.table_id)}) · "
        f'<a href="{release.docs_href}#!/model/model.sto_monitor.{mart}">herkomst (lineage)</a></p>'
    )


def _survey_note(t: SurveyTable) -> str:
    return f'<p class="meta">{escape(t.note)} * = onderdrukt (minder dan 5 respondenten).</p>'


def _render_survey_crosstab(
    release: Release, t: SurveyTable, rows: list[dict], cells: dict, wave: int, title: str
) -> str:
    """A cross-tab (group_dimension item:<id>, e.g. Tabel 6.5): one row per answer of the grouping item
    (labels and order from its own rows in the mart) plus Totaal, one column per answer of the item, with
    the row's n."""
    item = rows[0]["item_id"]
    dimension = next((r["group_dimension"] for r in rows if r["group_dimension"] != "all"), "all")
    codes = sorted(
        {(r["sort_order"], r["answer_code"], r["answer_label"]) for r in rows if r["measure"] == "pct_category"}
    )
    group_item = dimension.removeprefix("item:")
    labels = {
        r["answer_code"]: (r["sort_order"], r["answer_label"])
        for r in release.rows(
            'SELECT DISTINCT answer_code, answer_label, sort_order FROM "survey_item_results" '
            "WHERE survey_id = ? AND item_id = ? AND measure = 'pct_category'",
            [t.survey_id, group_item],
        )
    }
    present = {r["group_value"] for r in rows if r["group_value"] != "all"}
    groups = sorted(present, key=lambda g: labels.get(g, (999, g)))
    body = []
    for g in [*groups, "all"]:
        label = "Totaal" if g == "all" else labels.get(g, (0, g))[1]
        tds = [
            f'<td class="num">{_survey_value(cells.get((item, code, wave, g, "pct_category")), "pct_category")}</td>'
            for _o, code, _label in codes
        ]
        ns = [r["n_respondents"] for r in rows if r["group_value"] == g and r["measure"] == "pct_category"]
        ns = [n for n in ns if n is not None and n == n]
        tds.append(f'<td class="num">{nl_number(max(ns)) if ns else "*"}</td>')
        body.append(f"<tr><td>{escape(label)}</td>{''.join(tds)}</tr>")
    head = "".join(f"<th>{escape(label)}</th>" for _o, _c, label in codes) + "<th>n</th>"
    table = f"<table><thead><tr><th></th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    return "\n".join([title, _survey_meta(release, t), table, _survey_note(t)])


def warnings_section(folder: Path) -> str:
    path = folder / "checks.json"
    if not path.exists():
        return "<p>Geen checks.json in deze release.</p>"
    checks = json.loads(path.read_text(encoding="utf-8")).get("checks", [])
    warns = [c for c in checks if c.get("status") == "warn"]
    if not warns:
        return "<p>Geen waarschuwingen: alle controles zijn geslaagd.</p>"
    rows = "".join(
        f"<tr><td><code>{escape(c.get('name', ''))}</code></td><td>{escape(c.get('target', ''))}</td>"
        f"<td>{escape(c.get('detail', ''))}</td></tr>"
        for c in warns
    )
    return (
        f"<p>{len(warns)} waarschuwing(en) uit checks.json (niet blokkerend):</p>"
        f"<table><thead><tr><th>Controle</th><th>Doel</th><th>Melding</th></tr></thead><tbody>{rows}</tbody></table>"
    )


CSS = """
body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{color:#1f5fa8}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.5em 0;font-size:13px}th,td{border:1px solid #ddd;padding:2px 6px}
th{background:#f0f4fa;text-align:left}td.num{text-align:right}.meta{font-size:12px;color:#555}
.missing{color:#a00}.kerncijfers{display:flex;flex-wrap:wrap;gap:1em}
.kc{border:1px solid #ccc;border-radius:6px;padding:.6em 1em;min-width:180px}.kc .v{font-size:26px;color:#1f5fa8}
figure{margin:1em 0}figcaption{font-size:12px;color:#555}code{font-size:12px}
"""


def render_report(
    folder: Path, out_dir: Path, docs_href: str = "../docs/index.html", release_id: str | None = None
) -> Path:
    """Render <out_dir>/index.html from the release in <folder> (release id from its manifest unless
    given, as while the release is being built); return the path."""
    release = Release(folder, release_id)
    release.docs_href = docs_href
    release.catalog = set()
    if "indicator_catalog" in release.marts:
        release.catalog = {r["indicator_id"] for r in release.rows("SELECT indicator_id FROM indicator_catalog")}
    try:
        sections = [render_section(release, s) for s in SECTIONS]
        sections.append('<h2 id="enquetes">Enquêtes: programmaleiders en lesgevenden</h2>')
        sections += [render_survey_table(release, t) for t in SURVEY_TABLES]
        sections.append('<h2 id="enquete_leerlingen">Enquête leerlingen (Leerlingenvragenlijst)</h2>')
        sections += [render_survey_table(release, t) for t in PUPIL_TABLES]
        toc = "".join(
            f'<li><a href="#{s.key}">{escape(s.title)}</a></li>' for s in [*SECTIONS, *SURVEY_TABLES, *PUPIL_TABLES]
        )
        page = f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>STO in cijfers — release {escape(release.release_id)}</title>
<style>{CSS}</style></head><body>
<h1>STO in cijfers</h1>
<p>Kwantitatieve monitor Sterk Techniekonderwijs, gegenereerd uit release <strong>{escape(release.release_id)}</strong>.
Alle tabellen en figuren komen uit de Parquet-bestanden van deze release (marts/*.parquet).</p>
<p class="meta">Legenda: <strong>*</strong> = onderdrukt (te kleine aantallen, privacyregel);
<strong>—</strong> = geen waarde. Percentages 0-100, decimale komma.</p>
<h2 id="kerncijfers">Kerncijfers (hoofdstuk 7)</h2>
{kerncijfers(release)}
<h2>Inhoud</h2><ul>{toc}<li><a href="#waarschuwingen">Waarschuwingen</a></li></ul>
{"".join(sections)}
<h2 id="waarschuwingen">Waarschuwingen (checks.json)</h2>
{warnings_section(folder)}
</body></html>
"""
    finally:
        release.con.close()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "index.html"
    target.write_text(page, encoding="utf-8")
    return target
