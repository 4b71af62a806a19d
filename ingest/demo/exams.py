"""School exams in beroepsgerichte keuzevakken and profielmodules of lj4 pupils (duo_examens_vakken/),
and which pupils pass (for the public exam-candidate files). bb/kb pupils who sit the exam take at least four
keuzevak exams, gl pupils at least two; the offering profile of each exam follows the cross-profile matrix of
Tabel B3.9, fitted per year to the technical totals and non-technical shares of Tabel B3.17."""

from __future__ import annotations

import numpy as np
import polars as pl

from ingest.demo.published import MATRIX_PROFILES, Targets, exam_matrix
from ingest.demo.reference import Vak
from ingest.demo.vestigingen import TECH

PROFIELMODULE_SHARE = 0.05  # of pupils: a registered profielmodule exam of their own profile
PASS_RATE = 0.95


def _base_matrix() -> np.ndarray:
    m = np.array(exam_matrix())
    m = m + 0.05  # every cross-link possible, however rare
    return m / m.sum(axis=0, keepdims=True)


def fitted_matrix(slots: np.ndarray, targets: dict[str, tuple[float, float]] | None) -> np.ndarray:
    """Column-stochastic matrix (offering profile x pupil profile) whose expected technical exam
    totals and non-technical shares match `targets` (profile -> (exams, % by non-technical pupils))."""
    m = _base_matrix()
    if not targets:
        return m
    tech = np.array([p in TECH for p in MATRIX_PROFILES])
    a = m * slots[None, :]
    for _ in range(40):
        for r, p in enumerate(MATRIX_PROFILES):
            if p not in targets:
                continue
            total, share = targets[p]
            for cols, goal in ((tech, total * (1 - share / 100)), (~tech, total * share / 100)):
                cur = a[r, cols].sum()
                if cur > 0:
                    a[r, cols] *= goal / cur
        a *= (slots / np.maximum(a.sum(axis=0), 1e-9))[None, :]
    return a / np.maximum(a.sum(axis=0, keepdims=True), 1e-9)


def generate_exams(
    rng: np.random.Generator, lj4: pl.DataFrame, year: int, vakken: list[Vak], targets: Targets, scale: float
) -> pl.DataFrame:
    """One row per exam: leerling_id (int), vest, elementcode, vakcode, vaksoort, eindcijfer."""
    # Keuzevakken are registered once the pupil sits the eindexamen: pupils who repeat lj4 or leave
    # (destination blijft / overig) have none that year.
    pupils = lj4.filter(
        pl.col("profiel").is_not_null()
        & pl.col("leerweg").is_in(["bb", "kb", "gl"])
        & ~pl.col("bestemming").is_in(["blijft", "overig"])
    )
    n = pupils.height
    if n == 0:
        return pl.DataFrame(
            schema={
                "leerling_id": pl.Int64,
                "vest": pl.Int64,
                "elementcode": pl.Utf8,
                "vakcode": pl.Utf8,
                "vaksoort": pl.Utf8,
                "eindcijfer": pl.Utf8,
            }
        )
    prof_idx = pupils["profiel"].replace_strict(MATRIX_PROFILES, list(range(10)), return_dtype=pl.Int64).to_numpy()
    gl = (pupils["leerweg"] == "gl").to_numpy()
    k = np.where(gl, 2, 4) + (rng.random(n) < 0.02)
    n_pm = (rng.random(n) < PROFIELMODULE_SHARE).astype(np.int64)
    slots = np.bincount(prof_idx, weights=k, minlength=10)
    all_targets = targets.tech_exams()
    years_known = sorted({y for (_p, y) in all_targets})
    year_targets = None
    if year in years_known:
        year_targets = {p: (v[0] * scale, v[1]) for (p, y), v in all_targets.items() if y == year}
        # profielmodule exams count in the offering profile's totals too
        pm = np.bincount(prof_idx, weights=n_pm, minlength=10)
        year_targets = {
            p: (max(1.0, total - pm[MATRIX_PROFILES.index(p)]), share) for p, (total, share) in year_targets.items()
        }
    m = fitted_matrix(slots, year_targets)
    cdf = np.cumsum(m, axis=0)  # per pupil profile (column) over offering profiles
    # Keuzevak slots
    owner = np.repeat(np.arange(n), k)
    u = rng.random(len(owner))
    col = cdf[:, prof_idx[owner]]  # (10, slots)
    offering = np.minimum((u[None, :] > col).sum(axis=0), 9)
    vak_by_profile = {p: [v for v in vakken if v.profiel == p and v.vaksoort == "keuzevak"] for p in MATRIX_PROFILES}
    codes = np.zeros(len(owner), dtype=np.int64)  # vakcodes are 4-digit numbers: work with integers

    def draw(sel: np.ndarray) -> None:
        for r, p in enumerate(MATRIX_PROFILES):
            rows = sel[offering[sel] == r]
            if len(rows) == 0:
                continue
            vs = vak_by_profile[p]
            w = np.array([v.weight for v in vs])
            codes[rows] = np.array([int(v.vakcode) for v in vs])[rng.choice(len(vs), len(rows), p=w / w.sum())]

    def first_of_pair() -> np.ndarray:
        frame = pl.DataFrame({"o": owner, "c": codes})
        return frame.select(pl.struct("o", "c").is_first_distinct().alias("f"))["f"].to_numpy()

    draw(np.arange(len(owner)))
    # No pupil takes the same keuzevak twice: redraw duplicates a few times, then drop what is left.
    for _ in range(6):
        dup = ~first_of_pair()
        if not dup.any():
            break
        draw(np.flatnonzero(dup))
    keep_mask = first_of_pair()
    owner, codes = owner[keep_mask], codes[keep_mask]
    # Profielmodules: one of the pupil's own profile.
    pm_owner = np.flatnonzero(n_pm)
    pm_table = np.array(
        [[int(v.vakcode) for v in vakken if v.profiel == p and v.vaksoort == "profielmodule"] for p in MATRIX_PROFILES]
    )
    pm_codes = pm_table[prof_idx[pm_owner], rng.integers(0, pm_table.shape[1], len(pm_owner))]
    is_pm = np.r_[np.zeros(len(owner), dtype=bool), np.ones(len(pm_owner), dtype=bool)]
    owner = np.concatenate([owner, pm_owner])
    codes = np.concatenate([codes, pm_codes])
    grade = np.round(np.clip(rng.normal(6.6, 0.9, len(owner)), 3.0, 9.9), 1)
    return (
        pl.DataFrame(
            {
                "leerling_id": pupils["leerling_id"].to_numpy()[owner],
                "vest": pupils["vest"].to_numpy()[owner],
                "elementcode": pupils["elementcode"].gather(owner),
                "vakcode": pl.Series(codes).cast(pl.Utf8).str.zfill(4),
                "vaksoort": pl.Series(is_pm).replace_strict(
                    {True: "profielmodule", False: "keuzevak"}, return_dtype=pl.Utf8
                ),
                "eindcijfer": pl.Series(grade).round(1).cast(pl.Utf8),
            }
        )
        .with_columns(
            pl.when(pl.col("eindcijfer").str.contains(r"\."))
            .then(pl.col("eindcijfer"))
            .otherwise(pl.col("eindcijfer") + ".0")
            .alias("eindcijfer")
        )
        .sort(["leerling_id", "vakcode"])
    )


def passed(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.random(n) < PASS_RATE
