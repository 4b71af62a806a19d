"""The national report "STO in cijfers" of a release: kerncijfers, the register sections per domain,
the survey tables and the release's warnings, rendered with templates/report.html.j2."""

from __future__ import annotations

from pathlib import Path

from orchestration.report.data import ReleaseData
from orchestration.report.page import Context, Heading, Section, render_page
from orchestration.report.sections import (
    doorstroom,
    keuzevakken,
    offer,
    programme,
    pupils,
    regions,
    schoolverlaters,
    surveys,
    teacher_supply,
    teachers,
)
from orchestration.report.sections.kerncijfers import kerncijfers

# The register sections, in the report's order (catalog A-H).
DOMAINS = [pupils, regions, offer, keuzevakken, doorstroom, teachers, teacher_supply, schoolverlaters, programme]


def parts(ctx: Context) -> list[Heading | Section]:
    out: list[Heading | Section] = []
    for domain in DOMAINS:
        out += domain.sections(ctx)
    return out + surveys.sections(ctx)


def render(release: ReleaseData, target: Path, docs_href: str) -> Path:
    ctx = Context(release, docs_href)
    return render_page(
        "report.html.j2",
        target,
        release_id=release.release_id,
        kerncijfers=kerncijfers(ctx),
        parts=parts(ctx),
        warnings=release.warnings(),
    )
