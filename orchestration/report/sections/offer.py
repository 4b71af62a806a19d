"""The offer (catalog C): Tabel B3.5, vestigingen per profile, and Tabel B3.6, reachability within 10 km."""

from __future__ import annotations

from orchestration.report.page import Context, Section
from orchestration.report.sections import MartTable, profile_bar_section

B3_5 = MartTable(
    key="b3_5",
    title="Tabel B3.5 — Vestigingen per profiel",
    mart="vestigingen_per_profiel",
    indicators=["vestigingen_offering_profile"],
    columns=["profiel", "n_vestigingen", "n_vestigingen_bb", "n_vestigingen_kb", "n_vestigingen_gl"],
)
B3_6 = MartTable(
    key="b3_6",
    title="Tabel B3.6 — Bereikbaarheid: leerlingen binnen 10 km van het profiel",
    mart="bereikbaarheid_10km",
    indicators=["reach_10km_share"],
    columns=["leerweg", "profiel", "n_pupils_placed", "n_pupils_within_10km", "share_within_10km"],
)


def sections(ctx: Context) -> list[Section]:
    return [
        profile_bar_section(ctx, B3_5, "n_vestigingen"),
        profile_bar_section(ctx, B3_6, "share_within_10km", unit=" %"),
    ]
