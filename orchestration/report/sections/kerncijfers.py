"""Kerncijfers (chapter 7): the national value of a few indicators in the latest schooljaar that has
one, labelled with the indicator's name from the release's catalog."""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.report.formatting import Cell
from orchestration.report.page import Context, Kerncijfer


@dataclass(frozen=True)
class KerncijferSpec:
    indicator_id: str
    percent: bool = False  # shown with one decimal and ' %'


KERNCIJFERS = [
    KerncijferSpec("tech_share_lj3", percent=True),
    KerncijferSpec("pupils_lj3_count"),
    KerncijferSpec("reach_10km_share", percent=True),
    KerncijferSpec("tech_to_tech_mbo_rate", percent=True),
    KerncijferSpec("teachers_tech_persons"),
]


def kerncijfers(ctx: Context, specs: list[KerncijferSpec] = KERNCIJFERS) -> list[Kerncijfer]:
    """The national cell (no leerweg, profiel, region, vestiging or breakdown) of each indicator in its
    latest schooljaar; indicators without such a cell are left out."""
    if "indicator_values" not in ctx.release.marts:
        return []
    out = []
    for spec in specs:
        rows = ctx.release.rows(
            "SELECT schooljaar, value, is_suppressed FROM indicator_values WHERE indicator_id = ? "
            "AND leerweg IS NULL AND profiel IS NULL AND sto_regio_id IS NULL AND vestiging_id IS NULL "
            "AND breakdown IS NULL ORDER BY schooljaar DESC LIMIT 1",
            [spec.indicator_id],
        )
        if rows:
            r = rows[0]
            value = Cell(
                r["value"],
                suppressed=bool(r["is_suppressed"]),
                decimals=1 if spec.percent else None,
                unit=" %" if spec.percent else "",
            )
            label = ctx.indicator_name(spec.indicator_id) or spec.indicator_id
            out.append(Kerncijfer(spec.indicator_id, label, r["schooljaar"], value))
    return out
