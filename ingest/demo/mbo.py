"""mbo enrolments of the demo: the lj4 pupils of year t who go to mbo (bol / bbl, Tabel B3.18) appear
in the mbo file of t+1 with the same pseudonym. The share entering a programme with the DUO
techniek-indicatie follows Tabel B3.19 per profile (exact per profile x leerweg), with a small
leerweg tilt so that bb / kb rates land near the report's text values (002:L2788)."""

from __future__ import annotations

import numpy as np
import polars as pl

from ingest.demo.reference import Opleiding
from ingest.demo.vestigingen import TECH, Vestigingen

TILT_TECH = {"bb": -1.0, "kb": 2.0, "gl": -5.0}
TILT_NONTECH = {"bb": 0.5, "kb": -1.0, "gl": 1.5}
TL_RATE = {"0470": 60.0, "2211": 60.0}  # tl Techniek; other tl pupils 18 % (tl -> technical mbo 25 %, 002:L506)
NIVEAU_MIX = {
    "bb": (0.05, 0.8, 0.15, 0.0),
    "kb": (0.0, 0.2, 0.7, 0.1),
    "gl": (0.0, 0.0, 0.4, 0.6),
    "tl": (0.0, 0.0, 0.15, 0.85),
}
MBO_TOWNS = 40


def mbo_institutions(rng: np.random.Generator, vest: Vestigingen, town_pop: np.ndarray) -> np.ndarray:
    """Per vestiging, the BRIN of the mbo institution its pupils go to (the one in the nearest big town)."""
    big = np.argsort(-town_pop, kind="stable")[:MBO_TOWNS]
    letters = "ABCDEFGHJKLMNPRSTUVWXZ"
    brins = np.array([f"25{letters[i // 22]}{letters[i % 22]}" for i in range(len(big))])  # vo BRINs avoid 25
    town_lat, town_lon = {}, {}
    for t in big:
        sel = vest.town == t
        town_lat[t] = vest.lat[sel].mean() if sel.any() else np.nan
        town_lon[t] = vest.lon[sel].mean() if sel.any() else np.nan
    lat = np.array([town_lat[t] for t in big])
    lon = np.array([town_lon[t] for t in big])
    ok = ~np.isnan(lat)
    d = (vest.lat[:, None] - lat[None, ok]) ** 2 + ((vest.lon[:, None] - lon[None, ok]) * 0.62) ** 2
    return brins[ok][d.argmin(axis=1)]


def rate_table(lj4: pl.DataFrame, rates: dict[tuple[str, int], float], year: int) -> pl.DataFrame:
    """Techniek-indicatie rate per (profiel, leerweg): the profile's B3.19 rate tilted per leerweg,
    centred so that the profile's pooled rate stays at the published value."""
    known = sorted({y for (_p, y) in rates})
    y = min(known, key=lambda k: abs(k - year)) if known else year
    entrants = lj4.filter(pl.col("bestemming").is_in(["bol", "bbl"]) & pl.col("profiel").is_not_null())
    mix = (
        entrants.group_by("profiel", "leerweg")
        .len()
        .with_columns((pl.col("len") / pl.col("len").sum().over("profiel")).alias("share"))
    )
    rows = []
    for p, lw, _n, share in mix.iter_rows():
        tilt = TILT_TECH if p in TECH else TILT_NONTECH
        rows.append((p, lw, share, tilt.get(lw, 0.0)))
    out = []
    for p in sorted({r[0] for r in rows}):
        mine = [r for r in rows if r[0] == p]
        centre = sum(r[2] * r[3] for r in mine)
        base = rates.get((p, y), 25.0)
        out += [{"profiel": p, "leerweg": lw, "rate": base + t - centre} for _p, lw, _s, t in mine]
    return pl.DataFrame(out, schema={"profiel": pl.Utf8, "leerweg": pl.Utf8, "rate": pl.Float64})


def mbo_enrolments(
    rng: np.random.Generator,
    lj4: pl.DataFrame,
    year: int,
    opleidingen: list[Opleiding],
    rates: dict[tuple[str, int], float],
    mbo_brin: np.ndarray,
) -> pl.DataFrame:
    """mbo enrolments on 1 October of year+1 for the lj4 pupils of `year` who go to mbo."""
    entrants = lj4.filter(pl.col("bestemming").is_in(["bol", "bbl"]))
    table = rate_table(lj4, rates, year)
    entrants = entrants.join(table, on=["profiel", "leerweg"], how="left").with_columns(
        pl.when(pl.col("leerweg") == "tl")
        .then(pl.col("elementcode").replace_strict(TL_RATE, default=18.0, return_dtype=pl.Float64))
        .otherwise(pl.col("rate").fill_null(30.0))
        .alias("rate"),
        pl.Series("_r", rng.random(entrants.height)),
    )
    grp = pl.struct(pl.col("profiel").fill_null(pl.col("elementcode")), "leerweg")
    entrants = entrants.with_columns(
        ((pl.col("_r").rank("ordinal").over(grp) - 0.5) / pl.len().over(grp) * 100 < pl.col("rate")).alias("_tech")
    ).sort("leerling_id")
    n = entrants.height
    tech = entrants["_tech"].to_numpy()
    lw = entrants["leerweg"].to_numpy()
    prof = entrants["profiel"].fill_null("D&P").to_numpy()
    niveau = np.empty(n, dtype=np.int64)
    u = rng.random(n)
    for leerweg, mix in NIVEAU_MIX.items():
        sel = lw == leerweg
        niveau[sel] = 1 + np.searchsorted(np.cumsum(mix), u[sel] * 0.999999)
    all_codes = np.array([o.code for o in opleidingen])
    index_of = {c: i for i, c in enumerate(all_codes)}
    code_idx = np.zeros(n, dtype=np.int64)
    for flag in (True, False):
        for lvl in (1, 2, 3, 4):
            pool = [o for o in opleidingen if (o.techniek_indicatie == "J") == flag and o.niveau == lvl]
            if not pool:
                pool = [o for o in opleidingen if (o.techniek_indicatie == "J") == flag and o.niveau == 2]
            pool_idx = np.array([index_of[o.code] for o in pool])
            cell = (tech == flag) & (niveau == lvl)
            for p in sorted(set(prof[cell].tolist())):  # sorted: no dependence on set order
                sel = np.flatnonzero(cell & (prof == p))
                w = np.array([8.0 if o.affinity == p else 1.0 for o in pool])
                code_idx[sel] = pool_idx[rng.choice(len(pool), len(sel), p=w / w.sum())]
    by_code = {o.code: o.niveau for o in opleidingen}
    code_series = pl.Series(all_codes[code_idx])
    return pl.DataFrame(
        {
            "leerling_id": entrants["leerling_id"],
            "peildatum": [f"{year + 1}-10-01"] * n,
            "brin": mbo_brin[entrants["vest"].to_numpy()],
            "opleidingscode": code_series,
            "niveau": code_series.replace_strict(by_code, return_dtype=pl.Int64),
            "leerweg_mbo": entrants["bestemming"].str.to_uppercase(),
        }
    )
