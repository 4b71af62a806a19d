"""The school-leaver survey (catalog F): Tabel B3.10/B3.11, judgements of former vmbo pupils."""

from __future__ import annotations

from orchestration.report.page import Context, Section
from orchestration.report.sections import table_section


def sections(ctx: Context) -> list[Section]:
    return [table_section(ctx, "b3_10")]
