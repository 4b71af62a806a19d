"""Doorstroom (catalog E): destination after leerjaar 4 (Tabel B3.18) and the flow to technical mbo
(Tabel B3.19)."""

from __future__ import annotations

from orchestration.report.charts import bar_chart
from orchestration.report.page import Context, Section
from orchestration.report.sections import MartTable, latest, mart_section, missing_section, profile_bars

B3_18 = MartTable(
    key="b3_18",
    title="Tabel B3.18 — Bestemming na leerjaar 4",
    mart="doorstroom_destinations",
    indicators=["destination_after_lj4"],
    columns=["profiel", "leerweg", "bestemming", "n_pupils", "n_cohort", "share"],
)
B3_19 = MartTable(
    key="b3_19",
    title="Tabel B3.19 — Doorstroom naar technisch mbo",
    mart="doorstroom_tech_mbo",
    indicators=["mbo_entrants_tech_indicatie_share", "tech_to_tech_mbo_rate", "doorstroom_sectorkamer_share"],
    columns=["profiel", "n_mbo_entrants", "techniek_indicatie_share", "techniek_sectorkamer_share"],
)


def sections(ctx: Context) -> list[Section]:
    return [destinations(ctx), tech_mbo(ctx)]


def destinations(ctx: Context) -> Section:
    data = latest(ctx, B3_18)
    return missing_section(B3_18) if data is None else mart_section(ctx, B3_18, data)


def tech_mbo(ctx: Context) -> Section:
    data = latest(ctx, B3_19)
    if data is None:
        return missing_section(B3_19)
    bars = profile_bars(data, "techniek_indicatie_share")
    return mart_section(ctx, B3_19, data, charts=[bar_chart(bars, B3_19.title, unit=" %")])
