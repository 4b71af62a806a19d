"""The demo's two extra teacher deliveries, made from the IPTO teachers of the demo (docs/demo_data.md):

- the IPTO vakken extract (G5): every (person, BRIN, profile) row of the teacher extract becomes a
  profielvak row of that BRIN; a share of the persons also teaches an avo-vak (Tabel B4.2) and/or an
  overig vak (Tabel B4.3) at their first BRIN. Shares follow the report's text (002:L4983-4991):
  technical ~25 % avo in 2022/23, down from the nulmeting; non-technical ~40 % (HBR ~15 %, E&O > 60 %);
  overig 67 % vs 73 %; values between are interpolated and illustrative.
- CBS's aggregate of opleidingsniveau / opleidingsrichting (G13/G14) over the same persons, per peiljaar
  x profiel, x profielgroep and for all profile teachers, with CBS's export rule applied (1-9 -> <10).
  Shares are illustrative, following the directions the report describes (002:L5031-5043).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from ingest.demo.teachers import exact
from ingest.demo.vestigingen import TECH

AVO_VAKKEN = ("Wiskunde", "Natuurkunde/scheikunde (NASK)", "Nederlands", "Engels", "Biologie", "Techniek")
OVERIGE_VAKKEN = ("Mentorles", "Praktische sectororiëntatie (PSO)", "Begeleidingsuren/counselinguren", "NT2")
# share of the persons of a profile also teaching an avo-vak / an overig vak, at the nulmeting (2017) and
# 2022 (technical: «ongeveer een kwart», down since 2017/18; non-technical «40»; HBR «15», E&O «> 60»)
ALSO_AVO = {"techniek": (0.31, 0.25), "niet-techniek": (0.42, 0.40), "HBR": (0.16, 0.15), "E&O": (0.60, 0.63)}
ALSO_OVERIG = {"techniek": (0.64, 0.67), "niet-techniek": (0.73, 0.73)}
NIVEAUS = ("mbo", "hbo", "wo", "onbekend")
RICHTINGEN = (
    "lerarenopleiding algemene en beroepsgerichte vakken",
    "overige onderwijsopleiding",
    "opleiding buiten het onderwijs",
    "onbekend",
)
# category shares at 2017 and 2022 per profielgroep (illustrative; directions as in 002:L5031-5043:
# technical: mbo up, hbo and onbekend down, wo equal; lerarenopleiding «net iets minder dan de helft»
# and down, buiten het onderwijs up; non-technical: more hbo, fewer mbo, lerarenopleiding up)
NIVEAU_SHARES = {
    "techniek": ((0.22, 0.52, 0.06, 0.20), (0.30, 0.48, 0.06, 0.16)),
    "niet-techniek": ((0.16, 0.62, 0.10, 0.12), (0.19, 0.63, 0.08, 0.10)),
}
RICHTING_SHARES = {
    "techniek": ((0.52, 0.08, 0.20, 0.20), (0.47, 0.08, 0.29, 0.16)),
    "niet-techniek": ((0.56, 0.11, 0.19, 0.14), (0.59, 0.11, 0.18, 0.12)),
}
CBS_MINIMUM = 10


def _at(values: tuple, year: int):
    """Linear between 2017 and 2022 (tuples of floats or of share tuples), held outside."""
    t = min(max((year - 2017) / 5, 0.0), 1.0)
    a, b = values
    if isinstance(a, tuple):
        return tuple(x + t * (y - x) for x, y in zip(a, b, strict=True))
    return a + t * (b - a)


def _group(profiel: str) -> str:
    return "techniek" if profiel in TECH else "niet-techniek"


def _persons(teachers: pl.DataFrame) -> pl.DataFrame:
    """One row per person: first BRIN, main profile (largest share), profielgroep."""
    return (
        teachers.with_columns(pl.col("aandeel_profiel").cast(pl.Float64).alias("_a"))
        .sort("persoon_id", "_a", "brin", "profiel", descending=[False, True, False, False])
        .group_by("persoon_id", maintain_order=True)
        .agg(pl.col("brin").first(), pl.col("profiel").first())
        .with_columns(pl.col("profiel").map_elements(_group, return_dtype=pl.Utf8).alias("profielgroep"))
    )


def generate_vakken(rng: np.random.Generator, year: int, teachers: pl.DataFrame) -> pl.DataFrame:
    """The vakken extract of one schooljaar for the demo's teacher extract `teachers`."""
    hours = (teachers["deeltijdfactor"].cast(pl.Float64) * teachers["aandeel_profiel"].cast(pl.Float64) * 26.0).clip(
        0.5, 40.0
    )
    profielvak = teachers.select(
        "persoon_id",
        "peildatum",
        "brin",
        (pl.lit("profielvak (") + pl.col("profiel") + pl.lit(")")).alias("vak"),
        pl.lit("profielvak").alias("vak_categorie"),
        "profiel",
        pl.Series("lesuren", np.char.mod("%.1f", hours.to_numpy())),
    )
    persons = _persons(teachers)
    extra = []
    for shares, vakken, categorie in ((ALSO_AVO, AVO_VAKKEN, "avo"), (ALSO_OVERIG, OVERIGE_VAKKEN, "overig")):
        # exact shares per (main) profile, so that a profile's share moves only with the interpolation
        for profiel in sorted(persons["profiel"].unique().to_list()):
            sub = persons.filter(pl.col("profiel") == profiel)
            share = _at(shares.get(profiel, shares[_group(profiel)]), year)
            chosen = sub.filter(pl.Series(exact(rng, sub.height, share)))
            extra.append(
                chosen.select(
                    "persoon_id",
                    pl.lit(f"{year}-10-01").alias("peildatum"),
                    "brin",
                    pl.Series("vak", rng.choice(vakken, chosen.height)),
                    pl.lit(categorie).alias("vak_categorie"),
                    pl.lit(None, dtype=pl.Utf8).alias("profiel"),
                    pl.Series("lesuren", np.char.mod("%.1f", rng.uniform(1.0, 8.0, chosen.height))),
                )
            )
    return pl.concat([profielvak, *extra]).sort("persoon_id", "brin", "vak")


def _categories(rng: np.random.Generator, persons: pl.DataFrame, year: int) -> pl.DataFrame:
    """A opleidingsniveau and opleidingsrichting per person: the shares of the person's profielgroep,
    exact per (main) profile, so that a profile's shares move only with the interpolation."""
    parts = []
    for profiel in sorted(persons["profiel"].unique().to_list()):
        sub = persons.filter(pl.col("profiel") == profiel)
        k, group = sub.height, _group(profiel)
        assigned = {}
        for name, categories, shares in (
            ("opleidingsniveau", NIVEAUS, NIVEAU_SHARES[group]),
            ("opleidingsrichting", RICHTINGEN, RICHTING_SHARES[group]),
        ):
            bounds = np.cumsum(_at(shares, year))
            u = (rng.permutation(k) + 0.5) / k
            assigned[name] = [categories[min(int(np.searchsorted(bounds, x)), len(categories) - 1)] for x in u]
        parts.append(sub.with_columns(pl.Series(n, v) for n, v in assigned.items()))
    return pl.concat(parts)


def cbs_opleiding(rng_for, teachers_by_year: dict[int, pl.DataFrame]) -> pl.DataFrame:
    """CBS's aggregate over the years of the demo: persons per peiljaar x (profiel | profielgroep | all) x
    kenmerk x categorie; a count of 1-9 is written as <10 (CBS export rule)."""
    rows = []
    for year, teachers in sorted(teachers_by_year.items()):
        persons = _categories(rng_for("cbs-opleiding", year), _persons(teachers), year)
        memberships = (
            teachers.select("persoon_id", "profiel")
            .unique()
            .join(persons.select("persoon_id", "opleidingsniveau", "opleidingsrichting"), on="persoon_id")
        )
        memberships = memberships.with_columns(
            pl.col("profiel").map_elements(_group, return_dtype=pl.Utf8).alias("profielgroep")
        )
        for kenmerk, categories in (("opleidingsniveau", NIVEAUS), ("opleidingsrichting", RICHTINGEN)):
            levels = (
                ("profiel", memberships.group_by("profiel", kenmerk).agg(pl.len().alias("n"))),
                (
                    "profielgroep",
                    memberships.unique(["persoon_id", "profielgroep"])
                    .group_by("profielgroep", kenmerk)
                    .agg(pl.len().alias("n")),
                ),
                ("totaal", persons.group_by(kenmerk).agg(pl.len().alias("n"))),
            )
            for level, counts in levels:
                groups = [None] if level == "totaal" else sorted(counts[level].unique().to_list())
                for group in groups:
                    sub = counts if group is None else counts.filter(pl.col(level) == group)
                    found = dict(zip(sub[kenmerk], sub["n"], strict=True))
                    for categorie in categories:
                        n = int(found.get(categorie, 0))
                        rows.append(
                            (
                                year,
                                group if level == "profiel" else None,
                                group if level == "profielgroep" else None,
                                kenmerk,
                                categorie,
                                "<10" if 0 < n < CBS_MINIMUM else str(n),
                            )
                        )
    return pl.DataFrame(
        rows,
        schema=["peiljaar", "profiel", "profielgroep", "kenmerk", "categorie", "aantal_personen"],
        orient="row",
    )
