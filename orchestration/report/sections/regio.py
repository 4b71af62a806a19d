"""The sections of one STO region's page (regioportret): kerncijfers, pupils per vestiging, the trend
against the national line, profiles offered and their reachability, keuzevakken, the stroomdiagram,
teachers and the programme facts. Every figure reads the release's own marts and names its indicators,
mart and `sto-monitor trace` command (the region is one more dimension of the cell)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from orchestration.report import charts
from orchestration.report.formatting import LEERWEG_ORDER, PROFIEL_ORDER, Cell, Column, Table, nl_number
from orchestration.report.page import Block, Context, Figure, Kerncijfer, Note, Section, trace_command
from orchestration.report.sections.doorstroom import TECH_MBO_CELL, stroomdiagram
from orchestration.report.sections.kerncijfers import KerncijferSpec, cell_rows, kerncijfer
from orchestration.report.suppression import shown, value_cell

TECH_PROFIELEN = ["BWI", "MaT", "MVI", "M&T", "PIE"]
LEERWEGEN = ["bb", "kb", "gl"]


@dataclass(frozen=True)
class Regio:
    """A region of dim_sto_regio."""

    sto_regio_id: str
    naam: str
    is_illustrative: bool
    is_techniekluw: bool
    n_vestigingen: Cell  # member vestigingen on the latest peildatum
    geldig_tot: date | None = None  # set when the region ended (e.g. merged into another)

    @property
    def title(self) -> str:
        return f"{self.naam} ({self.sto_regio_id})"


# The region's kerncijfers by key (the index table's columns use the same keys).
REGIO_KERNCIJFERS = {
    "share": KerncijferSpec("region_tech_share_lj3", percent=True),
    "pupils": KerncijferSpec("region_tech_pupils_lj3"),
    "vestigingen": KerncijferSpec(
        "vestigingen_any_tech_profile_share", column="numerator", detail="aantal met een techniekprofiel"
    ),
    "doorstroom": KerncijferSpec(
        "tech_to_tech_mbo_rate",
        percent=True,
        cell=TECH_MBO_CELL,
        detail="vanuit een techniekprofiel, DUO-techniekindicatie",
    ),
}


def regions(ctx: Context) -> list[Regio]:
    """Every region of dim_sto_regio, by id."""
    if "dim_sto_regio" not in ctx.release.marts:
        return []
    return [
        Regio(
            r["sto_regio_id"],
            r["naam"] or r["sto_regio_id"],
            bool(r["is_illustrative"]),
            bool(r["is_techniekluw"]),
            value_cell(r, "n_vestigingen"),
            r["geldig_tot"],
        )
        for r in ctx.release.rows("SELECT * FROM dim_sto_regio ORDER BY sto_regio_id")
    ]


def regio_kerncijfers(ctx: Context, regio: Regio) -> dict[str, Kerncijfer]:
    """The region's kerncijfers by key, each in the latest schooljaar that has it; "change" (of the
    technical share against the previous schooljaar) follows the share."""
    out: dict[str, Kerncijfer] = {}
    for key, spec in REGIO_KERNCIJFERS.items():
        k = kerncijfer(ctx, spec, regio.sto_regio_id)
        if k is None:  # the release has no such cell for the region: '—'
            label = ctx.indicator_name(spec.indicator_id) or spec.indicator_id
            out[key] = Kerncijfer(spec.indicator_id, label, None, Cell(), detail=spec.detail)
            continue
        out[key] = k
        if key == "share":
            out["change"] = share_change(ctx, spec, regio, k.schooljaar)
    return out


def share_change(ctx: Context, spec: KerncijferSpec, regio: Regio, year: int) -> Kerncijfer:
    """The technical share's change against the previous schooljaar in percentage points ('*' when
    either year's share is withheld, '—' without a previous year)."""
    rows = {r["schooljaar"]: r for r in cell_rows(ctx, spec, regio.sto_regio_id)}
    now, before = rows.get(year), rows.get(year - 1)
    a, b = shown(now), shown(before)
    value = None if a is None or b is None else a - b
    withheld = value is None and before is not None and (a is None or b is None)
    return Kerncijfer(
        spec.indicator_id,
        "Verandering aandeel techniek t.o.v. vorig schooljaar",
        year,
        Cell(value, suppressed=withheld, decimals=1, unit=" procentpunt"),
        detail=f"{year} t.o.v. {year - 1}",
        trace=trace_command(spec.indicator_id, year - 1, ctx.release_id, {"sto_regio_id": regio.sto_regio_id}),
    )


def vestigingen(ctx: Context, regio: Regio) -> Section:
    """ "Leerlingen per vestiging": per vestiging of the region its leerjaar-3 and leerjaar-4 pupils per
    technical profile and leerweg, its technical total and all profiles (latest schooljaar)."""
    title = "Leerlingen per vestiging — leerjaar 3 en 4 per techniekprofiel en leerweg"
    mart = "pupils_per_vestiging"
    if not ctx.release.has_rows(mart):
        return Section("vestigingen", title, missing=f"marts.{mart}")
    year = ctx.release.rows(f"SELECT max(schooljaar) AS y FROM {mart}")[0]["y"]
    rows = ctx.release.rows_for(
        f"SELECT p.*, v.naam, v.plaatsnaam FROM {mart} AS p LEFT JOIN dim_vestiging AS v USING (vestiging_id) "
        "WHERE p.schooljaar = ? ORDER BY v.plaatsnaam, v.naam, p.vestiging_id",
        ("sto_regio_id",),
        (regio.sto_regio_id,),
        [year],
    )
    if not rows:
        return Section("vestigingen", title, missing=f"marts.{mart}, schooljaar {year}, regio {regio.sto_regio_id}")
    cells = {(r["vestiging_id"], r["leerjaar"], r["leerweg"], r["profielgroep"], r["profiel"]): r for r in rows}
    names = {r["vestiging_id"]: (r["naam"] or r["vestiging_id"], r["plaatsnaam"] or "") for r in rows}
    lines: list[list[Cell]] = []
    for vestiging_id, (naam, plaats) in names.items():
        profiles = [p for p in TECH_PROFIELEN if any(k[0] == vestiging_id and k[4] == p for k in cells)]
        kinds = [(p, "techniek", p) for p in profiles]
        if profiles:
            kinds.append(("Totaal techniek", "techniek", None))
        kinds.append(("Alle profielen", None, None))
        for label, groep, profiel in kinds:
            lines.append(
                [
                    Cell(f"{naam}, {plaats}".strip(", "), text=True),
                    Cell(vestiging_id, text=True, style="code"),
                    Cell(label, text=True, style="" if profiel else "em"),
                    *(
                        pupils_cell(cells.get((vestiging_id, leerjaar, lw, groep, profiel)))
                        for leerjaar in (3, 4)
                        for lw in [*LEERWEGEN, None]
                    ),
                ]
            )
    columns = [Column("Vestiging", numeric=False), Column("Code", numeric=False), Column("Profiel", numeric=False)]
    columns += [Column(f"lj{j} {lw or 'totaal'}") for j in (3, 4) for lw in [*LEERWEGEN, None]]
    return Section(
        "vestigingen",
        title,
        intro="Per vestiging van de regio (op de peildatum) de leerlingen in leerjaar 3 en 4 per techniekprofiel "
        "en leerweg, het totaal van de techniekprofielen en van alle profielen (bb/kb/gl). — = geen leerlingen; "
        "~ = met DUO-cellen '<5' uit het openbare bestand, elk geteld als 2,5.",
        footer=ctx.footer(
            mart, ["region_tech_pupils_lj3", "tech_share_lj4"], year, cell={"sto_regio_id": regio.sto_regio_id}
        ),
        blocks=[Note(f"Schooljaar {year}"), Table(columns, lines)],
    )


def pupils_cell(row: dict | None) -> Cell:
    """Pupils of a pupils_per_vestiging row; '~' when it counts DUO `<5` cells as 2.5."""
    return value_cell(row, "n_pupils", mark="~" if row and row.get("is_estimated") and shown(row, "n_pupils") else "")


def trend(ctx: Context, regio: Regio) -> Section:
    """Technical pupils of the region and its technical share against the national line, every schooljaar."""
    title = "Ontwikkeling — techniekleerlingen en aandeel techniek in leerjaar 3"
    if "indicator_values" not in ctx.release.marts:
        return Section("trend", title, missing="marts.indicator_values")
    region_rows = ctx.release.rows_for(
        "SELECT * FROM indicator_values WHERE indicator_id IN ('region_tech_share_lj3', 'region_tech_pupils_lj3') "
        "AND leerweg IS NULL AND profiel IS NULL AND breakdown IS NULL ORDER BY schooljaar",
        ("sto_regio_id",),
        (regio.sto_regio_id,),
    )
    national = ctx.release.rows(
        "SELECT * FROM indicator_values WHERE indicator_id = 'tech_share_lj3' AND sto_regio_id IS NULL "
        "AND vestiging_id IS NULL AND leerweg IS NULL AND profiel IS NULL AND breakdown IS NULL ORDER BY schooljaar"
    )
    if not region_rows:
        return Section("trend", title, missing=f"marts.indicator_values (regio {regio.sto_regio_id})")
    share = {r["schooljaar"]: r for r in region_rows if r["indicator_id"] == "region_tech_share_lj3"}
    pupils = {r["schooljaar"]: r for r in region_rows if r["indicator_id"] == "region_tech_pupils_lj3"}
    nat = {r["schooljaar"]: r for r in national}
    years = sorted(set(share) | set(pupils))
    figure = Figure(
        [
            charts.line_chart(
                {
                    regio.naam: [(y, shown(share.get(y))) for y in years],
                    "Nederland": [(y, shown(nat.get(y))) for y in years],
                },
                "Aandeel techniek leerjaar 3 (%)",
                unit=" %",
            ),
            charts.line_chart(
                {regio.naam: [(y, shown(pupils.get(y))) for y in years]}, "Techniekleerlingen leerjaar 3"
            ),
        ],
        f"{title} ({regio.sto_regio_id}; release {ctx.release_id})",
    )
    table = Table(
        [
            Column("Schooljaar", numeric=False),
            Column("Techniekleerlingen"),
            Column("% techniek"),
            Column("% techniek Nederland"),
        ],
        [
            [
                Cell(f"{y}/{str(y + 1)[2:]}", text=True),
                value_cell(pupils.get(y)),
                value_cell(share.get(y), decimals=1, unit=" %"),
                value_cell(nat.get(y), decimals=1, unit=" %"),
            ]
            for y in years
        ],
    )
    note = Note(
        "Landelijke lijn: tech_share_lj3 (in de noemer ook de oude afdelingsprogramma's, zoals gepubliceerd); "
        "de regio: leerlingen met een profiel in bb/kb/gl van de vestigingen van de regio op de peildatum.",
        ["tech_share_lj3"],
    )
    return Section(
        "trend",
        title,
        footer=ctx.footer(
            "indicator_values",
            ["region_tech_share_lj3", "region_tech_pupils_lj3", "tech_share_lj3"],
            years[-1],
            cell={"sto_regio_id": regio.sto_regio_id},
        ),
        blocks=[figure, note, table],
    )


def aanbod(ctx: Context, regio: Regio) -> Section:
    """The technical profiles offered in the region per leerweg and the share of the region's pupils
    within 10 km of an offering vestiging (latest schooljaar with reachability)."""
    title = "Aanbod en bereikbaarheid van de techniekprofielen"
    mart = "regio_aanbod_bereikbaarheid"
    if not ctx.release.has_rows(mart):
        return Section("aanbod", title, missing=f"marts.{mart}")
    latest = ctx.release.rows_for(
        f"SELECT sto_regio_id, coalesce(max(schooljaar) FILTER (WHERE n_pupils_leerweg_placed IS NOT NULL "
        f"OR share_within_10km IS NOT NULL), max(schooljaar)) AS y FROM {mart} GROUP BY 1",
        ("sto_regio_id",),
        (regio.sto_regio_id,),
    )
    year = latest[0]["y"] if latest else None
    rows = ctx.release.rows_for(
        f"SELECT * FROM {mart} WHERE profielgroep = 'techniek'",
        ("sto_regio_id", "schooljaar"),
        (regio.sto_regio_id, year),
    )
    if not rows:
        return Section("aanbod", title, missing=f"marts.{mart} (regio {regio.sto_regio_id})")
    rows.sort(key=lambda r: (PROFIEL_ORDER.index(r["profiel"]), LEERWEG_ORDER.index(r["leerweg"])))
    table = Table(
        [
            Column("Profiel", numeric=False),
            Column("Leerweg", numeric=False),
            Column("Vestigingen in de regio"),
            Column("Leerlingen lj3"),
            Column("% leerlingen van de leerweg binnen 10 km"),
        ],
        [
            [
                Cell(r["profiel"], text=True),
                Cell(r["leerweg"], text=True),
                value_cell(r, "n_vestigingen"),
                value_cell(r, "n_pupils"),
                value_cell(r, "share_within_10km", decimals=1, unit=" %"),
            ]
            for r in rows
        ],
    )
    offered = sorted({r["profiel"] for r in rows if (r["n_vestigingen"] or 0) > 0}, key=PROFIEL_ORDER.index)
    first = rows[0]
    return Section(
        "aanbod",
        title,
        intro="Vestigingen van de regio met leerlingen in leerjaar 3 per techniekprofiel en leerweg, en het "
        "aandeel van de derdejaars van die leerweg in de regio dat binnen 10 km (hemelsbreed, tussen "
        "postcodecentroïden) van een vestiging woont die het profiel in die leerweg aanbiedt, ook buiten de regio.",
        footer=ctx.footer(
            mart,
            ["reach_10km_share", "vestigingen_offering_profile", "avg_pupils_per_vestiging_profile"],
            year,
            cell={"sto_regio_id": regio.sto_regio_id, "leerweg": first["leerweg"], "profiel": first["profiel"]},
        ),
        blocks=[
            Note(f"Schooljaar {year}; aangeboden techniekprofielen: {', '.join(offered) or 'geen'}"),
            table,
        ],
    )


def keuzevakken(ctx: Context, regio: Regio) -> Section:
    """Keuzevakken examined by the region's leerjaar-4 pupils (latest schooljaar), by name."""
    title = "Keuzevakken van de leerlingen in de regio"
    mart = "keuzevak_exams_regio"
    if not ctx.release.has_rows(mart):
        return Section("keuzevakken", title, missing=f"marts.{mart}")
    latest = ctx.release.rows_for(
        f"SELECT sto_regio_id, max(schooljaar) AS y FROM {mart} GROUP BY 1", ("sto_regio_id",), (regio.sto_regio_id,)
    )
    year = latest[0]["y"] if latest else None
    if year is None:
        return Section("keuzevakken", title, missing=f"marts.{mart} (regio {regio.sto_regio_id})")
    # the technical keuzevakken one by one; the other groups and all keuzevakken as totals
    rows = ctx.release.rows_for(
        f"SELECT e.*, k.vaknaam, k.keuzevak_profiel FROM {mart} AS e LEFT JOIN dim_keuzevak AS k USING (vakcode) "
        "WHERE e.vakcode IS NULL OR e.keuzevak_profielgroep = 'techniek'",
        ("sto_regio_id", "schooljaar"),
        (regio.sto_regio_id, year),
    )
    groups = {"techniek": 0, "niet-techniek": 1, "onbekend": 2, None: 3}
    # Ordered by group and name, never by a count (a withheld count must not show through the order).
    rows.sort(
        key=lambda r: (
            groups.get(r["keuzevak_profielgroep"], 3),
            r["vakcode"] is None,
            str(r["vaknaam"] or r["vakcode"] or ""),
        )
    )
    table = Table(
        [
            Column("Keuzevak", numeric=False),
            Column("Profiel", numeric=False),
            Column("Groep", numeric=False),
            Column("Examens"),
        ],
        [
            [
                Cell(keuzevak_name(r), text=True, style="" if r["vakcode"] else "em"),
                Cell(r["keuzevak_profiel"], text=True),
                Cell(r["keuzevak_profielgroep"], text=True, missing="alle"),
                value_cell(r, "n_exams"),
            ]
            for r in rows
        ],
    )
    share = kerncijfer(ctx, KerncijferSpec("keuzevak_exam_tech_share", percent=True), regio.sto_regio_id)
    blocks: list[Block] = [Note(f"Examenjaar {year}")]
    if share is not None:
        blocks.append(Note(f"{share.label} ({share.schooljaar}): {share_text(share.value)}", [share.indicator_id]))
    blocks.append(table)
    return Section(
        "keuzevakken",
        title,
        intro="Examens in beroepsgerichte keuzevakken en profielmodules van leerlingen in leerjaar 4 (bb/kb/gl, "
        "met profiel) van de vestigingen van de regio: de technische keuzevakken per keuzevak, de andere als totaal.",
        footer=ctx.footer(
            mart, ["keuzevak_exam_count", "keuzevak_exam_tech_share"], year, cell={"sto_regio_id": regio.sto_regio_id}
        ),
        blocks=blocks,
    )


def keuzevak_name(row: dict) -> str:
    if row["vakcode"] is None:
        return "Totaal " + (row["keuzevak_profielgroep"] or "alle keuzevakken")
    return row["vaknaam"] or row["vakcode"]


def share_text(cell: Cell) -> str:
    """A value as the page prints it (for a sentence rather than a table cell)."""
    if cell.value is None:
        return "*" if cell.suppressed else "—"
    return f"{nl_number(cell.value, cell.decimals)}{cell.unit}"


def teachers(ctx: Context, regio: Regio) -> Section:
    """Persons teaching a profile at the region's schools (BRIN) per technical profile, latest year."""
    title = "Lesgevenden in de techniekprofielen"
    if "indicator_values" not in ctx.release.marts:
        return Section("lesgevenden", title, missing="marts.indicator_values")
    rows = ctx.release.rows_for(  # each region's latest schooljaar
        "SELECT * FROM indicator_values WHERE indicator_id = 'teachers_per_region' "
        "QUALIFY schooljaar = max(schooljaar) OVER (PARTITION BY sto_regio_id)",
        ("sto_regio_id",),
        (regio.sto_regio_id,),
    )
    if not rows:
        missing = f"marts.indicator_values teachers_per_region (regio {regio.sto_regio_id})"
        return Section("lesgevenden", title, missing=missing)
    year = rows[0]["schooljaar"]
    by_profile = {r["profiel"]: r for r in rows if r["profiel"] and r["breakdown"] is None}
    tech = next((r for r in rows if r["breakdown"] == "profielgroep" and r["breakdown_value"] == "techniek"), None)
    lines = [[Cell(p, text=True), value_cell(by_profile[p])] for p in TECH_PROFIELEN if p in by_profile]
    lines.append([Cell("Alle techniekprofielen", text=True, style="em"), value_cell(tech)])
    return Section(
        "lesgevenden",
        title,
        intro="Personen die een techniekprofiel geven op de scholen (BRIN) van de regio (IPTO); aantallen onder "
        "10 personen zijn onderdrukt (*).",
        footer=ctx.footer(
            "indicator_values",
            ["teachers_per_region"],
            year,
            cell={"sto_regio_id": regio.sto_regio_id, "breakdown": "profielgroep", "breakdown_value": "techniek"},
        ),
        blocks=[Note(f"Schooljaar {year}"), Table([Column("Profiel", numeric=False), Column("Personen")], lines)],
    )


PROGRAMMA_COLUMNS = [
    ("planperiode", "Planperiode", None),
    ("regio_type", "Soort regio", None),
    ("verdeling_middelen", "Verdeling middelen", None),
    ("subsidie_eur", "Subsidie (€)", 0),
    ("subsidie_per_jaar_eur", "Subsidie per jaar (€)", 0),
    ("cofinanciering_eur", "Cofinanciering (€)", 0),
    ("cofinanciering_aandeel", "% cofinanciering", 1),
    ("n_partners", "Partners", None),
    ("n_partners_vmbo", "vmbo", None),
    ("n_partners_mbo", "mbo", None),
    ("n_partners_bedrijven", "Bedrijven", None),
]


def programma(ctx: Context, regio: Regio) -> Section:
    """The region's plans (one row per plan period): type, allocation, subsidy, cofinancing, partners,
    and the subsidy per technical pupil of the latest schooljaar with both."""
    title = "Programma — regioplan, subsidie, cofinanciering en partners"
    mart = "regio_portret"
    if not ctx.release.has_rows(mart):
        return Section("programma", title, missing=f"marts.{mart}")
    plans = ctx.release.rows_for(
        f"SELECT * FROM {mart} WHERE planperiode IS NOT NULL "
        "AND schooljaar = CAST(left(planperiode, 4) AS INTEGER) ORDER BY schooljaar",
        ("sto_regio_id",),
        (regio.sto_regio_id,),
    )
    if not plans:
        return Section("programma", title, missing=f"marts.{mart} (geen regioplan voor {regio.sto_regio_id})")
    table = Table(
        [Column(label, numeric=decimals is not None or c.startswith("n_")) for c, label, decimals in PROGRAMMA_COLUMNS],
        [
            [
                value_cell(r, c, decimals=decimals)
                if decimals is not None or c.startswith("n_")
                else Cell(r[c], text=True)
                for c, _, decimals in PROGRAMMA_COLUMNS
            ]
            for r in plans
        ],
    )
    per_pupil = ctx.release.rows_for(  # each region's latest schooljaar with both
        f"SELECT sto_regio_id, schooljaar, planperiode, subsidie_per_jaar_per_techniekleerling_lj3 FROM {mart} "
        "WHERE planperiode IS NOT NULL AND n_techniek_lj3 IS NOT NULL "
        "QUALIFY row_number() OVER (PARTITION BY sto_regio_id ORDER BY schooljaar DESC) = 1",
        ("sto_regio_id",),
        (regio.sto_regio_id,),
    )
    blocks: list[Block] = [table]
    if per_pupil:
        r = per_pupil[0]
        text = share_text(value_cell(r, "subsidie_per_jaar_per_techniekleerling_lj3", decimals=0))
        blocks.insert(
            0,
            Note(
                f"Subsidie per jaar per techniekleerling in leerjaar 3 (schooljaar {r['schooljaar']}, plan "
                f"{r['planperiode']}): € {text}",
                ["region_subsidy_amount", "region_tech_pupils_lj3"],
            ),
        )
    return Section(
        "programma",
        title,
        intro="Uit de programma-administratie (regioplannen en samenwerkingsovereenkomsten); bedragen en "
        "aantallen partners zijn geen persoonsaantallen en worden niet onderdrukt.",
        footer=ctx.footer(
            mart,
            ["region_subsidy_amount", "region_cofinancing_amount", "region_partner_counts", "region_type"],
            plans[-1]["schooljaar"],
            dbt_model="regio_portret",
            cell={"sto_regio_id": regio.sto_regio_id},
        ),
        blocks=blocks,
    )


def sections(ctx: Context, regio: Regio) -> list[Section]:
    """The region page's sections, in the page's order."""
    return [
        vestigingen(ctx, regio),
        trend(ctx, regio),
        aanbod(ctx, regio),
        keuzevakken(ctx, regio),
        stroomdiagram(ctx, regio.sto_regio_id, key="stroomdiagram"),
        teachers(ctx, regio),
        programma(ctx, regio),
    ]
