"""IPTO lesgevenden of the demo: one row per person x profile on 1 October, at BRIN level, only at
schools that offer the profile that year. Totals and shares follow Bijlage 4's text values
(indicators.md 2.13), interpolated linearly between 2017/18 and 2022/23 and held outside."""

from __future__ import annotations

import numpy as np
import polars as pl

from ingest.demo.published import Targets
from ingest.demo.vestigingen import PROFILES, TECH

NONTECH_PERSONS_2022 = 5600  # illustrative: not published
TECH_PERSONS = {2017: 1490, 2022: 1590}  # «bijna 1.600» (2022/23), +7 % since 2017/18
TWO_PROFILES = 0.08  # persons who teach in a second (technical) profile
# Shares not published for non-technical teachers (illustrative).
NONTECH = {
    "teachers_bevoegd_share": (62, 66),
    "teachers_permanent_contract_share": (82, 76),
    "teachers_support_staff_share": (18, 22),
    "teachers_female_share": (60, 62),
    "teachers_prior_work_situation": (8, 14),
}


def exact(rng: np.random.Generator, k: int, share: float) -> np.ndarray:
    """k booleans of which exactly round(k * share) are True, in random order."""
    out = np.zeros(k, dtype=bool)
    out[rng.permutation(k)[: round(k * share)]] = True
    return out


def _interp(values: dict[int, float], year: int) -> float:
    (y0, v0), (y1, v1) = sorted(values.items())
    t = min(max((year - y0) / (y1 - y0), 0.0), 1.2)
    return v0 + t * (v1 - v0)


def generate_teachers(
    rng: np.random.Generator, year: int, pupils_per_brin: pl.DataFrame, targets: Targets, scale: float
) -> pl.DataFrame:
    """pupils_per_brin: brin, profiel, n (lj3+lj4 pupils) for `year`."""
    t = targets.teachers()

    def val(ind: str, grp: str, default: tuple[float, float]) -> float:
        vals = {y: v for (i, y, g), v in t.items() if i == ind and g == grp}
        if len(vals) < 2:
            vals = {2017: default[0], 2022: default[1]}
        return _interp(vals, year)

    frames = []
    for group, profiles in (("techniek", TECH), ("niet-techniek", [p for p in PROFILES if p not in TECH])):
        if group == "techniek":
            persons = _interp(
                {2017: TECH_PERSONS[2017], 2022: t.get(("teachers_tech_persons", 2022, "techniek"), 1590)}, year
            )
        else:
            persons = NONTECH_PERSONS_2022 * (1 + 0.022 * (2022 - year))  # -11 % over the STO period
        sub = pupils_per_brin.filter(pl.col("profiel").is_in(profiles))
        if sub.height == 0:
            continue
        # persons per (brin, profile) ~ pupils^0.8, at least one where the profile is offered
        w = sub["n"].to_numpy().astype(float) ** 0.8
        n_rows = max(len(w), round(persons * scale * (1 + TWO_PROFILES)))
        counts = 1 + rng.multinomial(n_rows - len(w), w / w.sum())
        brin = np.repeat(sub["brin"].to_numpy(), counts)
        profiel = np.repeat(sub["profiel"].to_numpy(), counts)
        m = len(brin)
        ids = np.arange(m)
        # A share of the rows belong to a person who already has a row in another profile at the same brin.
        second = rng.random(m) < TWO_PROFILES / (1 + TWO_PROFILES)
        order = np.lexsort((profiel, brin))
        brin, profiel, second = brin[order], profiel[order], second[order]
        prev_same_brin = np.r_[False, brin[1:] == brin[:-1]] & np.r_[False, profiel[1:] != profiel[:-1]]
        second &= prev_same_brin
        owner = ids.copy()
        for i in np.flatnonzero(second):  # only ~8 % of rows: a short loop over rows, not pupils
            owner[i] = owner[i - 1]
        # drop whole random persons beyond the target number of persons
        uniq = np.unique(owner)
        goal = max(1, round(persons * scale))
        if len(uniq) > goal:
            drop = rng.choice(uniq, len(uniq) - goal, replace=False)
            keep = ~np.isin(owner, drop)
            brin, profiel, owner = brin[keep], profiel[keep], owner[keep]
            m = len(brin)
        # person attributes
        uniq, first = np.unique(owner, return_index=True)
        k = len(uniq)
        age_mean = val("teachers_mean_age", group, (44, 43))
        # two cohorts: exactly 44 % aged 50+ (technical, 002:L5015; non-technical 40 %, illustrative),
        # both shifted so that the mean follows the year's published mean age
        shift = age_mean - 46.9
        old = exact(rng, k, 0.44 if group == "techniek" else 0.40)
        age = np.where(
            old,
            np.clip(np.round(rng.normal(56.5, 4.0, k) + shift), 50, 67),
            np.clip(np.round(rng.normal(39.4, 6.0, k) + shift), 20, 49),
        ).astype(np.int64)
        female = exact(rng, k, val("teachers_female_share", group, NONTECH["teachers_female_share"]) / 100)
        oop = exact(rng, k, val("teachers_support_staff_share", group, NONTECH["teachers_support_staff_share"]) / 100)
        bevoegd = exact(rng, k, val("teachers_bevoegd_share", group, NONTECH["teachers_bevoegd_share"]) / 100)
        vast = exact(
            rng, k, val("teachers_permanent_contract_share", group, NONTECH["teachers_permanent_contract_share"]) / 100
        )
        prior_b = val("teachers_prior_work_situation", group, NONTECH["teachers_prior_work_situation"]) / 100
        u = (rng.permutation(k) + 0.5) / k  # evenly spread: shares exact up to rounding
        situatie = np.where(
            u < prior_b,
            "bedrijfsleven",
            np.where(u < prior_b + 0.16, "opleiding", np.where(u < 0.95, "onderwijs", "overig")),
        )
        hoofd = exact(rng, k, val("teachers_main_job_outside_education_share", group, (3, 11)) / 100)
        dtf = np.clip(rng.normal(0.8, 0.2, k), 0.2, 1.2)
        pid_of = {int(o): i for i, o in enumerate(uniq)}
        pi = np.array([pid_of[int(o)] for o in owner])
        n_rows_person = np.bincount(pi, minlength=k)
        aandeel = np.clip(rng.normal(0.815, 0.15, m), 0.1, 1.0) / n_rows_person[pi]
        frames.append(
            pl.DataFrame(
                {
                    "pi": pi + (0 if group == "techniek" else 10_000_000),
                    "brin": brin,
                    "profiel": profiel,
                    "functiecategorie": np.where(oop[pi], "OOP", "OP"),
                    "deeltijdfactor": np.char.mod("%.2f", dtf[pi]),
                    "aandeel_profiel": np.char.mod("%.2f", aandeel),
                    "leeftijd": age[pi],
                    "geslacht": np.where(female[pi], "V", "M"),
                    "bevoegd": np.where(bevoegd[pi], "J", "N"),
                    "contract": np.where(vast[pi], "vast", "tijdelijk"),
                    "situatie_5jr_eerder": situatie[pi],
                    "hoofdbaan_buiten_onderwijs": np.where(hoofd[pi], "J", "N"),
                }
            )
        )
    out = pl.concat(frames)
    pid = (out["pi"].to_numpy().astype(np.uint64) * np.uint64(2246822519) + np.uint64(year * 7919)) % np.uint64(2**32)
    return out.with_columns(
        pl.Series("persoon_id", [f"P{int(v):08X}" for v in pid]),
        pl.lit(f"{year}-10-01").alias("peildatum"),
    ).select(
        "persoon_id",
        "peildatum",
        "brin",
        "profiel",
        "functiecategorie",
        "deeltijdfactor",
        "aandeel_profiel",
        "leeftijd",
        "geslacht",
        "bevoegd",
        "contract",
        "situatie_5jr_eerder",
        "hoofdbaan_buiten_onderwijs",
    )
