"""STO regions (catalog B): Figuur B3.3/B3.4, the technical share of leerjaar 3 per region."""

from __future__ import annotations

from orchestration.report.charts import Chart, bar_chart
from orchestration.report.page import Context, Section
from orchestration.report.sections import MartRows, declared_table, table_section


def sections(ctx: Context) -> list[Section]:
    """Regions by technical share, highest first (suppressed shares last), in the chart and the table."""
    return [
        table_section(
            ctx, "b2", tech_share_bars, order=lambda r: (r.get("tech_share") is None, -(r.get("tech_share") or 0))
        )
    ]


def tech_share_bars(data: MartRows) -> list[Chart | None]:
    bars = [(r.get("regio_naam") or r["sto_regio_id"], r.get("tech_share")) for r in data.rows]
    return [bar_chart(bars, declared_table("b2").title, unit=" %")]
