"""Keuzevakken (catalog D): exams per profile of the keuzevak (Tabel B3.7) and of the pupil (Tabel B3.8)."""

from __future__ import annotations

from orchestration.report.page import Context, Section
from orchestration.report.sections import table_section


def sections(ctx: Context) -> list[Section]:
    return [table_section(ctx, "b3_7"), table_section(ctx, "b3_8")]
