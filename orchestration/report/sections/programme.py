"""The STO programme (catalog H): budget and partners per region beside the registry indicators, with
the programme totals per plan period."""

from __future__ import annotations

from orchestration.report.formatting import Cell, Column, Table
from orchestration.report.page import Block, Context, Note, Section
from orchestration.report.sections import table_section

TOTALS_INDICATORS = ["sto_programme_totals", "region_cofinancing_share", "region_type", "budget_allocation_mode"]
# sto_programme_totals per breakdown_value: heading, and whether it is an amount shown in millions
PROGRAMME_TOTALS = [
    ("regio_s", "Regio's", False),
    ("regio_s_goedgekeurd", "Goedgekeurd", False),
    ("subsidie", "Subsidie (mln €)", True),
    ("cofinanciering", "Cofinanciering (mln €)", True),
    ("partners_excl_po", "Partners (excl. po)", False),
]
ALLOCATION_MODES = [("verdeelsleutel", "% verdeelsleutel"), ("regionaal beheer", "% regionaal beheer")]


def sections(ctx: Context) -> list[Section]:
    """Budget and partners per region, sorted by region name, after the programme totals."""
    return [
        table_section(
            ctx,
            "programma",
            before=lambda: programme_totals(ctx),
            order=lambda r: str(r.get("regio_naam") or r.get("sto_regio_id")),
        )
    ]


def programme_totals(ctx: Context) -> list[Block]:
    """Per plan period: the programme totals (H5), the mean cofinancing share (H2), the region types
    (H4) and the allocation modes (H3), from marts.indicator_values."""
    if "indicator_values" not in ctx.release.marts:
        return []
    rows = ctx.release.rows(
        "SELECT indicator_id, schooljaar, breakdown, breakdown_value, value FROM indicator_values "
        "WHERE sto_regio_id IS NULL AND list_contains(?, indicator_id) ORDER BY schooljaar",
        [TOTALS_INDICATORS],
    )
    if not rows:
        return []
    periods: dict[int, dict[str, float]] = {}
    types: set[str] = set()
    for r in rows:
        period = periods.setdefault(r["schooljaar"], {})
        if r["indicator_id"] == "sto_programme_totals":
            period[r["breakdown_value"]] = r["value"]
        elif r["indicator_id"] == "region_cofinancing_share" and r["breakdown_value"] == "gemiddelde":
            period["share"] = r["value"]
        elif r["indicator_id"] == "region_type" and r["breakdown"] == "regio_type":
            period[f"type:{r['breakdown_value']}"] = r["value"]
            types.add(r["breakdown_value"])
        elif r["indicator_id"] == "budget_allocation_mode":
            period[f"mode:{r['breakdown_value']}"] = r["value"]
    columns = [Column("Planperiode vanaf"), *(Column(label) for _, label, _ in PROGRAMME_TOTALS)]
    columns += [Column("% cofinanciering (gem.)"), *(Column(f"Regio's {t}") for t in sorted(types))]
    columns += [Column(label) for _, label in ALLOCATION_MODES]
    table = Table(columns)
    for year, v in sorted(periods.items()):
        cells = [Cell(str(year))]
        for key, _label, millions in PROGRAMME_TOTALS:
            value = v.get(key)
            cells.append(Cell(value / 1e6, decimals=1) if millions and value is not None else Cell(value))
        cells.append(Cell(v.get("share"), decimals=1))
        cells += [Cell(v.get(f"type:{t}", 0)) for t in sorted(types)]
        cells += [Cell(v.get(f"mode:{mode}"), decimals=1) for mode, _ in ALLOCATION_MODES]
        table.rows.append(cells)
    return [Note("Programmatotalen per planperiode", codes=TOTALS_INDICATORS), table]
