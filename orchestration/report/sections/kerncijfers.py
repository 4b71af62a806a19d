"""Kerncijfers (chapter 7): one cell of a few indicators, each in the latest schooljaar that has a value
for it (saying which year), labelled with the indicator's name from the release's catalog and the cell
chosen, with its `sto-monitor trace` command. The same selection rule serves the national report and
the region pages (a region is one more dimension of the cell)."""

from __future__ import annotations

from dataclasses import dataclass, field

from orchestration.report.page import Context, Kerncijfer, trace_command
from orchestration.report.suppression import value_cell

CELL_DIMENSIONS = ("sto_regio_id", "vestiging_id", "leerweg", "profiel", "breakdown", "breakdown_value")


@dataclass(frozen=True)
class KerncijferSpec:
    """An indicator's cell: the dimensions in `cell` (all others NULL, i.e. "all"); `detail` says in
    words which cell it is when that is not the indicator's total."""

    indicator_id: str
    percent: bool = False  # shown with one decimal and ' %'
    cell: dict[str, str] = field(default_factory=dict)
    detail: str = ""
    column: str = "value"  # or "numerator" (e.g. the count behind a share)


KERNCIJFERS = [
    KerncijferSpec("tech_share_lj3", percent=True),
    KerncijferSpec("pupils_lj3_count"),
    # No national cell: reachability is per profile and leerweg; PIE in kb is the largest technical
    # profile in the largest leerweg (chapter 7: PIE and BWI reach ~90 % of bb/kb pupils).
    KerncijferSpec("reach_10km_share", percent=True, cell={"profiel": "PIE", "leerweg": "kb"}, detail="PIE, kb"),
    KerncijferSpec(
        "tech_to_tech_mbo_rate",
        percent=True,
        cell={"breakdown": "profielgroep|definitie", "breakdown_value": "techniek|techniek_indicatie"},
        detail="vanuit een techniekprofiel, DUO-techniekindicatie",
    ),
    KerncijferSpec(
        "teachers_tech_persons",
        cell={"breakdown": "profielgroep", "breakdown_value": "techniek"},
        detail="personen, alle techniekprofielen",
    ),
]


def cell_rows(ctx: Context, spec: KerncijferSpec, regio: str | None = None) -> list[dict]:
    """Every schooljaar's row of the spec's cell (in `regio` when given), latest first."""
    if "indicator_values" not in ctx.release.marts:
        return []
    cell = dict(spec.cell, **({"sto_regio_id": regio} if regio else {}))
    cells = ctx.release.indicator_cells(spec.indicator_id, CELL_DIMENSIONS)
    return [dict(r) for r in cells.get(tuple(cell.get(d) for d in CELL_DIMENSIONS), [])]


def kerncijfer(ctx: Context, spec: KerncijferSpec, regio: str | None = None) -> Kerncijfer | None:
    """The cell in the latest schooljaar that has it ('*' when the release withheld it there); None
    when the release has no such cell."""
    rows = cell_rows(ctx, spec, regio)
    if not rows:
        return None
    r = rows[0]
    label = ctx.indicator_name(spec.indicator_id) or spec.indicator_id
    cell = dict(spec.cell, **({"sto_regio_id": regio} if regio else {}))
    return Kerncijfer(
        spec.indicator_id,
        label,
        r["schooljaar"],
        value_cell(r, spec.column, decimals=1 if spec.percent else None, unit=" %" if spec.percent else ""),
        detail=spec.detail,
        trace=trace_command(spec.indicator_id, r["schooljaar"], ctx.release_id, cell),
    )


def kerncijfers(ctx: Context, specs: list[KerncijferSpec] = KERNCIJFERS) -> list[Kerncijfer]:
    """The national kerncijfers; indicators without their cell in the release are left out."""
    return [k for k in (kerncijfer(ctx, spec) for spec in specs) if k is not None]
