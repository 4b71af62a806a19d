"""Lesgevenden (catalog G): persons and fte per profile with the trend (Figuur B4.1/B4.11) and their
characteristics (Figuur B4.5/B4.6)."""

from __future__ import annotations

from orchestration.report.charts import line_chart
from orchestration.report.formatting import sort_key
from orchestration.report.page import Context, Section
from orchestration.report.sections import MartTable, table_section

B4_1 = MartTable(
    key="b4_1",
    title="Figuur B4.1/B4.11 — Lesgevenden per profiel (personen en fte)",
    mart="lesgevenden_per_profiel",
    indicators=["teachers_tech_persons", "teachers_tech_fte", "teachers_nontech_persons_fte"],
    columns=["profielgroep", "profiel", "n_persons", "fte"],
)
B4_6 = MartTable(
    key="b4_6",
    title="Figuur B4.5/B4.6 — Kenmerken van lesgevenden",
    mart="lesgevenden_kenmerken",
    indicators=["teachers_bevoegd_share", "teachers_permanent_contract_share", "teachers_female_share"],
    columns=["profielgroep", "profiel", "n_persons", "share_bevoegd", "share_vast_contract", "share_vrouw"],
)


def sections(ctx: Context) -> list[Section]:
    return [
        table_section(
            ctx,
            B4_1,
            lambda _data: [line_chart(teachers_per_profile_series(ctx), "Lesgevenden per profiel (personen)")],
        ),
        table_section(ctx, B4_6),
    ]


def teachers_per_profile_series(ctx: Context) -> dict[str, list[tuple[int, float | None]]]:
    """Persons per profile per schooljaar, profiles in report order."""
    rows = ctx.release.rows(f'SELECT schooljaar, profiel, n_persons FROM "{B4_1.mart}" WHERE profiel IS NOT NULL')
    series: dict[str, list[tuple[int, float | None]]] = {}
    for r in rows:
        series.setdefault(r["profiel"], []).append((r["schooljaar"], r["n_persons"]))
    return dict(sorted(series.items(), key=lambda kv: sort_key({"profiel": kv[0]})))
