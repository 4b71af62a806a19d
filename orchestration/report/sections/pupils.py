"""Pupils in leerjaar 3 (catalog A): Tabel B3.12/B3.1 with the trend per profile and the technical share
per leerweg, and Tabel B3.13 (girls)."""

from __future__ import annotations

from orchestration.report.charts import line_chart
from orchestration.report.formatting import LEERWEG_ORDER, sort_key
from orchestration.report.page import Context, Section
from orchestration.report.sections import table_section


def sections(ctx: Context) -> list[Section]:
    return [
        table_section(
            ctx,
            "b3_12",
            lambda _data: [
                line_chart(pupils_per_profile_series(ctx), "Leerlingen leerjaar 3 per profiel"),
                line_chart(tech_share_per_leerweg_series(ctx), "Aandeel techniek per leerweg (%)", unit=" %"),
            ],
        ),
        table_section(ctx, "b3_13"),
    ]


def pupils_per_profile_series(ctx: Context) -> dict[str, list[tuple[int, float | None]]]:
    """Leerjaar-3 pupils per profile (summed over bb, kb, gl) per schooljaar, profiles in report order."""
    rows = ctx.release.rows(
        "SELECT schooljaar, profiel, sum(n_pupils) AS n FROM pupils_lj3_by_profiel WHERE profiel IS NOT NULL "
        "AND leerweg IS NOT NULL GROUP BY 1, 2"
    )
    series: dict[str, list[tuple[int, float | None]]] = {}
    for r in sorted(rows, key=sort_key):
        series.setdefault(r["profiel"], []).append((r["schooljaar"], r["n"]))
    return series


def tech_share_per_leerweg_series(ctx: Context) -> dict[str, list[tuple[int, float | None]]]:
    """tech_share_lj3 nationally ('totaal') and per leerweg, per schooljaar."""
    if "indicator_values" not in ctx.release.marts:
        return {}
    rows = ctx.release.rows(
        "SELECT schooljaar, coalesce(leerweg, 'totaal') AS leerweg, value FROM indicator_values "
        "WHERE indicator_id = 'tech_share_lj3' AND profiel IS NULL AND sto_regio_id IS NULL "
        "AND vestiging_id IS NULL AND breakdown IS NULL ORDER BY schooljaar"
    )
    order = ["totaal", *LEERWEG_ORDER]
    series: dict[str, list[tuple[int, float | None]]] = {}
    for r in sorted(rows, key=lambda r: order.index(r["leerweg"]) if r["leerweg"] in order else len(order)):
        series.setdefault(r["leerweg"], []).append((r["schooljaar"], r["value"]))
    return series
