"""The offer (catalog C): Tabel B3.5, vestigingen per profile, and Tabel B3.6, reachability within 10 km."""

from __future__ import annotations

from orchestration.report.page import Context, Section
from orchestration.report.sections import profile_bar_section


def sections(ctx: Context) -> list[Section]:
    return [
        profile_bar_section(ctx, "b3_5", "n_vestigingen"),
        profile_bar_section(ctx, "b3_6", "share_within_10km", unit=" %"),
    ]
