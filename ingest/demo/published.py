"""Published figures of the 2025 STO report (indicators.md section 2) that the demo generator uses
as inputs but that are not calibration targets of their own (those are in calibration_targets.csv,
which the generator also reads). Values are copied from the seed lines named in each comment."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

TARGETS_FILE = Path(__file__).with_name("calibration_targets.csv")
PUBLISHED_YEARS = [2018, 2019, 2020, 2021, 2022, 2023]

# Tabel B3.13, female share of lj3 pupils (%), 2018/19-2023/24 (002:L4696-4732)
FEMALE = """
bb BWI 9.2 10.9 12.6 10.7 12.8 14.1
bb MaT 6.9 4.7 11.9 13.0 7.0 3.8
bb MVI 18.1 18.5 20.0 15.9 25.4 22.6
bb M&T 3.9 2.6 2.4 3.9 4.9 5.8
bb PIE 3.3 3.3 3.5 3.9 4.0 4.9
bb D&P 36.7 35.6 35.3 36.7 37.1 38.8
bb E&O 30.3 30.0 28.8 25.6 32.5 29.8
bb Groen 45.5 49.1 47.3 46.2 47.5 46.9
bb HBR 38.6 39.5 36.3 38.7 45.2 46.9
bb Z&W 78.8 77.9 78.4 76.4 77.3 76.7
kb BWI 15.9 14.1 14.3 15.7 17.7 16.1
kb MaT 8.7 11.7 15.2 9.4 5.3 10.2
kb MVI 26.4 28.4 27.9 31.6 33.0 34.1
kb M&T 4.4 3.2 3.0 4.7 6.8 7.5
kb PIE 4.0 5.1 3.4 5.2 5.9 5.3
kb D&P 42.1 40.8 40.8 41.9 42.6 42.1
kb E&O 35.1 35.0 36.3 33.4 34.3 34.5
kb Groen 52.4 52.7 52.9 52.8 52.4 54.3
kb HBR 47.5 44.2 45.1 47.5 48.7 52.7
kb Z&W 84.9 82.4 83.6 82.6 83.0 84.2
gl BWI 24.8 22.3 21.1 26.9 25.0 17.4
gl MaT 13.9 14.1 20.0 16.5 19.0 15.1
gl MVI 43.0 46.3 52.5 51.1 50.1 55.1
gl M&T 0.8 1.9 3.1 8.0 15.1 15.0
gl PIE 6.4 8.5 6.1 7.0 9.2 7.1
gl D&P 49.5 50.3 49.6 49.9 50.9 50.4
gl E&O 43.2 41.0 38.9 37.5 42.8 41.0
gl Groen 57.5 58.6 60.7 57.5 59.5 59.5
gl HBR 58.3 62.2 60.7 59.0 60.6 59.4
gl Z&W 86.7 87.3 84.0 87.0 84.1 85.7
"""
# Tabel B3.14, share with migratieachtergrond (%), 2018/19-2023/24 (002:L4741-4777)
MIGRATION = """
bb BWI 16.4 17.4 18.9 21.4 18.6 21.4
bb MaT 40.2 35.3 37.3 47.8 54.4 42.3
bb MVI 46.3 54.2 56.2 64.2 60.6 61.9
bb M&T 23.5 21.5 27.1 25.3 24.7 26.7
bb PIE 30.0 31.5 35.6 32.3 32.5 34.7
bb D&P 42.7 44.3 43.8 45.2 44.2 44.5
bb E&O 60.8 58.9 62.0 63.8 59.4 61.6
bb Groen 13.5 14.6 16.2 14.8 16.0 15.5
bb HBR 28.3 25.6 26.9 31.8 32.1 32.5
bb Z&W 40.8 44.1 45.8 46.5 43.9 47.2
kb BWI 11.8 10.8 11.2 11.8 13.5 13.2
kb MaT 37.9 50.5 49.7 42.7 48.9 46.9
kb MVI 32.3 36.8 40.4 45.1 43.9 45.3
kb M&T 13.8 15.9 12.7 17.8 16.7 14.8
kb PIE 18.7 20.8 22.6 22.7 24.5 22.2
kb D&P 31.1 31.5 33.7 33.5 34.5 34.0
kb E&O 47.0 48.8 48.5 48.7 50.9 49.4
kb Groen 10.3 11.9 12.7 14.1 13.3 13.6
kb HBR 21.2 20.0 21.4 22.4 20.2 22.2
kb Z&W 27.4 28.7 29.4 29.8 30.1 30.5
gl BWI 6.3 7.2 6.4 8.0 10.0 7.1
gl MaT 36.1 36.5 38.8 39.2 52.4 30.2
gl MVI 31.9 30.4 29.6 37.6 33.9 36.1
gl M&T 3.2 3.9 6.3 8.9 4.4 3.9
gl PIE 10.9 13.7 11.4 12.9 13.0 15.8
gl D&P 16.7 17.0 16.8 17.8 17.8 18.7
gl E&O 25.9 24.4 27.2 29.4 27.6 29.5
gl Groen 8.4 8.2 8.1 9.0 9.4 8.7
gl HBR 13.2 18.2 17.5 15.7 20.3 16.4
gl Z&W 14.2 16.1 17.8 19.4 18.1 17.6
"""

# Tabel B3.18, destination after lj4 in 2022/23 (%): bol, bbl, havo/vwo, blijft in vmbo, overig
# per leerweg bb / kb / gl (002:L4844-4872; '–' read as 0). Non-technical profiles and tl are not
# published: illustrative values.
DESTINATION = {
    ("BWI", "bb"): (44, 48, 0, 3, 5),
    ("BWI", "kb"): (57, 37, 0, 3, 3),
    ("BWI", "gl"): (68, 25, 3, 2, 2),
    ("MaT", "bb"): (45, 34, 0, 9, 12),
    ("MaT", "kb"): (58, 39, 0, 4, 0),
    ("MaT", "gl"): (71, 25, 2, 0, 2),
    ("MVI", "bb"): (84, 6, 0, 7, 3),
    ("MVI", "kb"): (86, 4, 0, 7, 3),
    ("MVI", "gl"): (83, 3, 6, 7, 1),
    ("M&T", "bb"): (45, 48, 0, 3, 3),
    ("M&T", "kb"): (49, 45, 0, 3, 2),
    ("M&T", "gl"): (48, 44, 1, 4, 2),
    ("PIE", "bb"): (49, 43, 0, 3, 4),
    ("PIE", "kb"): (57, 38, 0, 3, 2),
    ("PIE", "gl"): (63, 26, 6, 5, 1),
    ("nontech", "bb"): (60, 33, 0, 3, 4),
    ("nontech", "kb"): (72, 23, 0, 2, 3),
    ("nontech", "gl"): (80, 9, 6, 2, 3),
    ("nontech", "tl"): (83, 3, 10, 2, 2),
}

# Tabel B3.9, 2022/23: column % of exams of pupils of profile (column) over the offering profile
# (row) (002:L4431-4440; '–' = 0).
MATRIX_PROFILES = ["BWI", "MaT", "MVI", "M&T", "PIE", "D&P", "E&O", "Groen", "HBR", "Z&W"]
EXAM_MATRIX = """
BWI 84 0 3 2 6 5 1 2 1 1
MaT 0 89 0 0 0 0 0 0 0 0
MVI 2 1 78 1 2 11 4 4 1 2
M&T 1 7 0 83 4 1 1 1 0 0
PIE 5 0 2 7 79 4 1 3 0 0
D&P 2 2 4 2 4 21 7 6 2 5
E&O 2 0 7 2 2 18 70 7 3 7
Groen 1 0 0 1 0 3 0 63 0 1
HBR 2 1 3 1 1 12 7 7 86 13
Z&W 2 0 3 2 1 25 8 7 6 71
"""

# tl lj3 pupils 2023/24 «ongeveer 36.400» and profile shares (002:L4100); 2024/25 «38.500» (002:L2738).
TL_LJ3 = {2023: 36400, 2024: 38500}
TL_PROFILE_SHARE = {"0472": 0.411, "0474": 0.247, "0471": 0.201, "0470": 0.119, "0473": 0.022}


def _table(text: str) -> dict[tuple[str, str], list[float]]:
    out = {}
    for line in text.strip().splitlines():
        lw, p, *vals = line.split()
        out[(p, lw)] = [float(v) for v in vals]
    return out


FEMALE_SHARE = _table(FEMALE)
MIGRATION_SHARE = _table(MIGRATION)


def share_for(table: dict[tuple[str, str], list[float]], profiel: str, leerweg: str, year: int) -> float:
    """A published share (0-1) for a schooljaar, using the nearest published year outside 2018-2023."""
    vals = table[(profiel, leerweg)]
    i = min(max(year, PUBLISHED_YEARS[0]), PUBLISHED_YEARS[-1]) - PUBLISHED_YEARS[0]
    return vals[i] / 100.0


@dataclass(frozen=True)
class Target:
    indicator_id: str
    schooljaar: int
    leerweg: str | None
    profiel: str | None
    breakdown: str | None
    breakdown_value: str | None
    published_value: float
    tolerance: float
    tolerance_kind: str  # pct | points | abs
    source: str

    def accepts(self, value: float) -> bool:
        if self.tolerance_kind == "pct":
            return abs(value - self.published_value) <= self.published_value * self.tolerance / 100.0
        return abs(value - self.published_value) <= self.tolerance


class Targets:
    """The calibration targets (calibration_targets.csv): published values the demo must reproduce."""

    def __init__(self, path: Path = TARGETS_FILE) -> None:
        self.path = path

    @cached_property
    def rows(self) -> list[Target]:
        with self.path.open(encoding="utf-8", newline="") as f:
            return [
                Target(
                    r["indicator_id"],
                    int(r["schooljaar"]),
                    r["leerweg"] or None,
                    r["profiel"] or None,
                    r["breakdown"] or None,
                    r["breakdown_value"] or None,
                    float(r["published_value"]),
                    float(r["tolerance"]),
                    r["tolerance_kind"],
                    r["source"],
                )
                for r in csv.DictReader(f, delimiter=";")
            ]

    def _select(self, indicator: str) -> list[Target]:
        return [t for t in self.rows if t.indicator_id == indicator]

    def lj3_counts(self) -> dict[tuple[int, str, str], float]:
        """(schooljaar, leerweg, profiel) -> lj3 pupils (Tabel B3.12)."""
        return {
            (t.schooljaar, t.leerweg, t.profiel): t.published_value
            for t in self._select("pupils_lj3_count")
            if t.leerweg and t.profiel
        }

    def legacy_counts(self) -> dict[int, float]:
        return {
            t.schooljaar: t.published_value for t in self._select("pupils_lj3_count") if t.breakdown_value == "legacy"
        }

    def vestigingen_offering(self) -> dict[tuple[str, int], int]:
        return {(t.profiel, t.schooljaar): int(t.published_value) for t in self._select("vestigingen_offering_profile")}

    def reach(self) -> dict[tuple[str, str], float]:
        return {(t.profiel, t.leerweg): t.published_value for t in self._select("reach_10km_share")}

    def tech_exams(self) -> dict[tuple[str, int], tuple[float, float]]:
        """(offering profile, schooljaar) -> (exams, % taken by non-technical pupils) (Tabel B3.17)."""
        n = {
            (t.breakdown_value, t.schooljaar): t.published_value
            for t in self._select("keuzevak_exam_count")
            if t.breakdown == "keuzevak_profiel"
        }
        s = {
            (t.breakdown_value, t.schooljaar): t.published_value
            for t in self._select("tech_keuzevak_exams_by_nontech_share")
            if t.breakdown == "keuzevak_profiel"
        }
        return {k: (v, s[k]) for k, v in n.items() if k in s}

    def mbo_tech_rate(self) -> dict[tuple[str, int], float]:
        return {(t.profiel, t.schooljaar): t.published_value for t in self._select("mbo_entrants_tech_indicatie_share")}

    def svo(self) -> dict[tuple[str, str, str], float]:
        """(indicator, leerweg, profielgroep) -> % answering 4 or 5 (meting 2023)."""
        return {
            (t.indicator_id, t.leerweg, t.breakdown_value): t.published_value
            for t in self.rows
            if t.indicator_id.startswith("svo_")
        }

    def teachers(self) -> dict[tuple[str, int, str], float]:
        """(indicator, schooljaar, profielgroep) -> value; compound breakdowns (profielgroep|<split>) are
        keyed by their profielgroep (the one published split, e.g. situatie bedrijfsleven)."""
        return {
            (t.indicator_id, t.schooljaar, (t.breakdown_value or "").split("|")[0]): t.published_value
            for t in self.rows
            if t.indicator_id.startswith("teachers_")
        }
