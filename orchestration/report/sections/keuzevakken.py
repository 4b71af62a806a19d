"""Keuzevakken (catalog D): exams per profile of the keuzevak (Tabel B3.7) and of the pupil (Tabel B3.8)."""

from __future__ import annotations

from orchestration.report.page import Context, Section
from orchestration.report.sections import MartTable, table_section

B3_7 = MartTable(
    key="b3_7",
    title="Tabel B3.7 — Keuzevakexamens per profiel van het keuzevak",
    mart="keuzevak_exams_by_offering_profile",
    indicators=["keuzevak_exam_count", "tech_keuzevak_exams_by_nontech_share"],
    columns=["keuzevak_profiel", "n_exams", "n_by_nontech_pupils", "nontech_pupils_share"],
)
B3_8 = MartTable(
    key="b3_8",
    title="Tabel B3.8 — Keuzevakexamens per profiel van de leerling",
    mart="keuzevak_exams_by_pupil_profile",
    indicators=["keuzevak_exam_tech_share", "keuzevak_own_profile_share"],
    columns=["leerling_profiel", "n_exams", "tech_keuzevakken_share", "own_profile_share"],
)


def sections(ctx: Context) -> list[Section]:
    return [table_section(ctx, spec) for spec in (B3_7, B3_8)]
