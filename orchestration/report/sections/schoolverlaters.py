"""The school-leaver survey (catalog F): Tabel B3.10/B3.11, judgements of former vmbo pupils."""

from __future__ import annotations

from orchestration.report.page import Context, Section
from orchestration.report.sections import MartTable, table_section

B3_10 = MartTable(
    key="b3_10",
    title="Tabel B3.10/B3.11 — Oordelen van schoolverlaters",
    mart="schoolverlaters_oordelen",
    indicators=["svo_attractive", "svo_topical", "svo_challenging"],
    columns=["item", "profielgroep", "leerweg", "n_respondents", "positive_share"],
    year_column="meting",
)


def sections(ctx: Context) -> list[Section]:
    return [table_section(ctx, B3_10)]
