"""Published figures of the 2025 STO report (indicators.md section 2) that the demo generator uses
as inputs but that are not calibration targets of their own (those are in calibration_targets.csv,
which the generator also reads). Values are copied from the seed lines named in each comment; the
longer tables are the CSV files published_*.csv next to this module."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

TARGETS_FILE = Path(__file__).with_name("calibration_targets.csv")
PUBLISHED_YEARS = [2018, 2019, 2020, 2021, 2022, 2023]

# The published tables, one CSV file each next to this module (';'-separated):
# - published_lj3_shares.csv: Tabel B3.13, female share of lj3 pupils (%) (002:L4696-4732), and Tabel
#   B3.14, share with migratieachtergrond (%) (002:L4741-4777), per leerweg x profiel, 2018/19-2023/24.
# - published_destinations.csv: Tabel B3.18, destination after lj4 in 2022/23 (%): bol, bbl, havo/vwo,
#   blijft in vmbo, overig per leerweg bb / kb / gl (002:L4844-4872; '–' read as 0). Non-technical
#   profiles and tl are not published: illustrative values.
# - published_exam_matrix.csv: Tabel B3.9, 2022/23: column % of exams of pupils of profile (column) over
#   the offering profile (row) (002:L4431-4440; '–' = 0).
FEMALE = "B3.13"
MIGRATION = "B3.14"
MATRIX_PROFILES = ["BWI", "MaT", "MVI", "M&T", "PIE", "D&P", "E&O", "Groen", "HBR", "Z&W"]

# tl lj3 pupils 2023/24 «ongeveer 36.400» and profile shares (002:L4100); 2024/25 «38.500» (002:L2738).
TL_LJ3 = {2023: 36400, 2024: 38500}
TL_PROFILE_SHARE = {"0472": 0.411, "0474": 0.247, "0471": 0.201, "0470": 0.119, "0473": 0.022}


@cache
def published_rows(name: str) -> list[dict[str, str]]:
    """The rows of the published table ``published_<name>.csv``."""
    with Path(__file__).with_name(f"published_{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


@cache
def lj3_shares(tabel: str) -> dict[tuple[str, str], list[float]]:
    """(profiel, leerweg) -> the published shares (%) of Tabel ``tabel``, 2018/19-2023/24."""
    return {
        (r["profiel"], r["leerweg"]): [float(r[str(y)]) for y in PUBLISHED_YEARS]
        for r in published_rows("lj3_shares")
        if r["tabel"] == tabel
    }


@cache
def destinations() -> dict[tuple[str, str], tuple[int, ...]]:
    """(profiel or 'nontech', leerweg) -> % bol, bbl, havo/vwo, blijft in vmbo, overig (Tabel B3.18)."""
    kinds = ("bol", "bbl", "havo_vwo", "blijft_vmbo", "overig")
    return {(r["profiel"], r["leerweg"]): tuple(int(r[k]) for k in kinds) for r in published_rows("destinations")}


def exam_matrix() -> list[list[float]]:
    """Tabel B3.9: per offering profile (row, MATRIX_PROFILES order) the % of exams per pupil profile."""
    rows = {r["aanbod_profiel"]: r for r in published_rows("exam_matrix")}
    return [[float(rows[offering][p]) for p in MATRIX_PROFILES] for offering in MATRIX_PROFILES]


def share_for(tabel: str, profiel: str, leerweg: str, year: int) -> float:
    """A published share (0-1) of Tabel ``tabel`` (FEMALE, MIGRATION) for a schooljaar, using the nearest
    published year outside 2018-2023."""
    vals = lj3_shares(tabel)[(profiel, leerweg)]
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
