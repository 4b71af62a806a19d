"""STO regions (catalog B): Figuur B3.3/B3.4, the technical share of leerjaar 3 per region."""

from __future__ import annotations

from orchestration.report.charts import Chart, bar_chart
from orchestration.report.page import Context, Section
from orchestration.report.sections import MartRows, MartTable, table_section

B3_3 = MartTable(
    key="b2",
    title="Figuur B3.3/B3.4 — Aandeel techniek per STO-regio",
    mart="regio_techniek_lj3",
    indicators=["region_tech_share_lj3", "region_tech_pupils_lj3"],
    columns=["regio_naam", "n_tech", "n_pupils", "tech_share"],
    intro="Regio's gesorteerd op het aandeel technische leerlingen in leerjaar 3.",
    # highest share first, suppressed shares last (chart and table)
    order=lambda r: (r.get("tech_share") is None, -(r.get("tech_share") or 0)),
)


def sections(ctx: Context) -> list[Section]:
    return [table_section(ctx, B3_3, tech_share_bars)]


def tech_share_bars(data: MartRows) -> list[Chart | None]:
    bars = [(r.get("regio_naam") or r["sto_regio_id"], r.get("tech_share")) for r in data.rows]
    return [bar_chart(bars, B3_3.title, unit=" %")]
