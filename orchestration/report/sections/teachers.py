"""Lesgevenden (catalog G): persons and fte per profile with the trend (Figuur B4.1/B4.11) and their
characteristics (Figuur B4.5/B4.6)."""

from __future__ import annotations

from orchestration.report.charts import line_chart
from orchestration.report.formatting import sort_key
from orchestration.report.page import Context, Section
from orchestration.report.sections import declared_table, table_section


def sections(ctx: Context) -> list[Section]:
    return [
        table_section(
            ctx,
            "b4_1",
            lambda _data: [line_chart(teachers_per_profile_series(ctx), "Lesgevenden per profiel (personen)")],
        ),
        table_section(ctx, "b4_6"),
    ]


def teachers_per_profile_series(ctx: Context) -> dict[str, list[tuple[int, float | None]]]:
    """Persons per profile per schooljaar, profiles in report order."""
    rows = ctx.release.rows(
        f'SELECT schooljaar, profiel, n_persons FROM "{declared_table("b4_1").mart}" WHERE profiel IS NOT NULL'
    )
    series: dict[str, list[tuple[int, float | None]]] = {}
    for r in rows:
        series.setdefault(r["profiel"], []).append((r["schooljaar"], r["n_persons"]))
    return dict(sorted(series.items(), key=lambda kv: sort_key({"profiel": kv[0]})))
