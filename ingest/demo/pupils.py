"""vo enrolments of the demo (leerjaar 3 and 4 of bb/kb/gl/tl, plus havo follow-up), one polars frame
per schooljaar, fully vectorised. Pupils keep their pseudonym across years: lj3 in t mostly becomes
lj4 in t+1 at the same vestiging and profile (some switch profile, some leave); lj4 in t moves on
(mbo, havo, repeats lj4, or leaves) according to Tabel B3.18."""

from __future__ import annotations

import csv
from dataclasses import dataclass

import numpy as np
import polars as pl

from ingest.demo.published import (
    FEMALE,
    MIGRATION,
    TL_LJ3,
    TL_PROFILE_SHARE,
    Targets,
    destinations,
    share_for,
)
from ingest.demo.vestigingen import LEERWEGEN, PROFILES, TECH, Vestigingen, profile_weights
from ingest.paths import DBT_PROJECT_DIR

# Provisional 2024/25 vs 2023/24 (002:L287): bb +2 %, kb +1 %, gl -6.7 %; BWI -4.8 %, PIE -7.7 %,
# growth in M&T, MaT, MVI. Years before 2018/19: slightly more pupils (vo declined since 2016/17).
CHANGE_2024_LEERWEG = {"bb": 1.02, "kb": 1.01, "gl": 0.933}
CHANGE_2024_PROFIEL = {"BWI": 0.952, "PIE": 0.923, "M&T": 1.04, "MaT": 1.04, "MVI": 1.04}
# Legacy programmes before 2018/19 (illustrative: the published row starts at 840 in 2018/19).
LEGACY_EARLY = {2015: 2400, 2016: 1700, 2017: 1150}
LEGACY_CODES = ["4511", "4512", "4513", "4531", "4532", "4551", "4552", "4571", "4411", "4412", "4771"]
LWOO_SHARE = {"bb": 0.25, "kb": 0.12, "gl": 0.07, "tl": 0.05}
LWT_SHARE = 0.03  # bb pupils in an LWT / ENT (leerwerktraject) code
CONTINUE_LJ4 = 0.93
SWITCH_PROFILE = 0.02
HAVO_CODE = "0200"
COLUMNS = ["leerling_id", "vest", "elementcode", "profiel", "leerweg", "leerjaar", "geslacht", "mig", "pc4"]


@dataclass(frozen=True)
class ElementCodes:
    regular: dict[tuple[str, str], str]
    lwoo: dict[tuple[str, str], str]
    lwt: dict[str, str]  # profile -> bb LWT code
    legacy_leerweg: dict[str, str]


def element_codes() -> ElementCodes:
    regular, lwoo, lwt, legacy = {}, {}, {}, {}
    with (DBT_PROJECT_DIR / "seeds" / "element_codes.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter=";"):
            code, p, lw = row["elementcode"], row["profiel"], row["leerweg"]
            if p and lw and code.startswith("6"):
                (lwoo if row["lwoo"] == "J" else regular)[(p, lw)] = code
            elif p and lw == "bb" and code.startswith("7") and row["lwoo"] == "N" and "LWT" in row["omschrijving"]:
                lwt[p] = code
            elif not p and code in LEGACY_CODES:
                legacy[code] = lw
    return ElementCodes(regular, lwoo, lwt, legacy)


HEX = np.array(list("0123456789ABCDEF"))


def scramble(ids: np.ndarray) -> np.ndarray:
    """Sequential numbers -> pseudonyms (a bijection on 32 bits), 'L' + 8 hex digits, vectorised."""
    x = (ids.astype(np.uint64) * np.uint64(2654435761) + np.uint64(12345)) % np.uint64(2**32)
    digits = (x[:, None] >> np.arange(28, -1, -4, dtype=np.uint64)[None, :]) & np.uint64(15)
    chars = np.concatenate([np.full((len(x), 1), "L"), HEX[digits.astype(np.int64)]], axis=1)
    return np.ascontiguousarray(chars).view("<U9").ravel()


class PupilGenerator:
    def __init__(self, rng_for, vest: Vestigingen, kernel: np.ndarray, targets: Targets, scale: float) -> None:
        self.rng_for = rng_for
        self.vest = vest
        self.targets = targets
        self.scale = scale
        self.codes = element_codes()
        self.next_id = 1
        cdf = np.cumsum(kernel, axis=1)
        cdf /= cdf[:, -1:]
        self.flat_cdf = (cdf + np.arange(len(vest))[:, None]).ravel()
        self.n_pc4 = kernel.shape[1]
        self.profile_weight = profile_weights(rng_for("profile-weight", 0), vest)

    # -- helpers -------------------------------------------------------------------------------
    def _ids(self, n: int) -> np.ndarray:
        ids = np.arange(self.next_id, self.next_id + n)
        self.next_id += n
        return ids

    def _homes(self, rng: np.random.Generator, vest_idx: np.ndarray) -> np.ndarray:
        u = rng.random(len(vest_idx)) * 0.999999
        pos = np.searchsorted(self.flat_cdf, vest_idx + u)
        return np.minimum(pos - vest_idx * self.n_pc4, self.n_pc4 - 1)

    @staticmethod
    def _allocate(rng: np.random.Generator, n: int, mask: np.ndarray, weight: np.ndarray) -> np.ndarray:
        """Spread n pupils over the vestigingen in `mask` (each gets >= 1 when n allows)."""
        idx = np.flatnonzero(mask)
        if n <= 0 or len(idx) == 0:
            return np.zeros(0, dtype=np.int64)
        w = weight[idx] / weight[idx].sum()
        base = np.ones(len(idx), dtype=np.int64) if n >= len(idx) else np.zeros(len(idx), dtype=np.int64)
        counts = base + rng.multinomial(n - base.sum(), w)
        return np.repeat(idx, counts)

    def lj3_target(self, year: int, lw: str, p: str) -> float:
        counts = self.targets.lj3_counts()
        if (year, lw, p) in counts:
            return counts[(year, lw, p)]
        if year < 2018:
            return counts[(2018, lw, p)] * (1 + 0.015 * (2018 - year))
        return counts[(2023, lw, p)] * CHANGE_2024_LEERWEG[lw] * CHANGE_2024_PROFIEL.get(p, 1.0)

    def _frame(self, ids, vest_idx, codes, profiel, leerweg, leerjaar, sex, mig, pc4) -> pl.DataFrame:
        n = len(ids)
        return pl.DataFrame(
            {
                "leerling_id": np.asarray(ids, dtype=np.int64),
                "vest": np.asarray(vest_idx, dtype=np.int64),
                "elementcode": np.asarray(codes, dtype=object).astype(str) if n else np.zeros(0, dtype=str),
                "profiel": pl.Series(profiel, dtype=pl.Utf8),
                "leerweg": pl.Series(leerweg, dtype=pl.Utf8),
                "leerjaar": np.full(n, leerjaar, dtype=np.int64),
                "geslacht": pl.Series(sex, dtype=pl.Utf8),
                "mig": pl.Series(mig, dtype=pl.Utf8),
                "pc4": np.asarray(pc4, dtype=np.int64),
            }
        )

    # -- new lj3 pupils ------------------------------------------------------------------------
    def _without_profile(self, rng, vest_idx, codes, leerwegen, female: float, migration: float) -> pl.DataFrame:
        """Lj3 pupils of programmes without a profile (legacy, tl); sex and migratieachtergrond drawn
        with the given shares."""
        m = len(vest_idx)
        ids = self._ids(m)
        sex = np.where(rng.random(m) < female, "V", "M")
        mig = np.where(rng.random(m) < migration, "J", "N")
        return self._frame(ids, vest_idx, codes, [None] * m, leerwegen, 3, sex, mig, self._homes(rng, vest_idx))

    def new_lj3(self, year: int, stream: str = "lj3") -> pl.DataFrame:
        rng = self.rng_for(stream, year)
        parts = []
        for lw in LEERWEGEN:
            for p in PROFILES:
                n = round(self.lj3_target(year, lw, p) * self.scale)
                vest_idx = self._allocate(rng, n, self.vest.offers(p, lw, year), self.profile_weight[(p, lw)])
                m = len(vest_idx)
                u = rng.random(m)
                codes = np.full(m, self.codes.regular[(p, lw)], dtype=object)
                codes[u < LWOO_SHARE[lw]] = self.codes.lwoo[(p, lw)]
                if lw == "bb" and p in self.codes.lwt:
                    codes[u > 1 - LWT_SHARE] = self.codes.lwt[p]
                sex = np.where(rng.random(m) < share_for(FEMALE, p, lw, year), "V", "M")
                mig = np.where(rng.random(m) < share_for(MIGRATION, p, lw, year), "J", "N")
                parts.append(
                    self._frame(
                        self._ids(m), vest_idx, codes, [p] * m, [lw] * m, 3, sex, mig, self._homes(rng, vest_idx)
                    )
                )
        # Legacy programmes (afdelingsvakken, vakmanschaps-/beroepsroute): no profile.
        legacy = self.targets.legacy_counts()
        n_leg = round((legacy.get(year) if year in legacy else LEGACY_EARLY.get(year, 0)) * self.scale)
        if n_leg:
            mask = self.vest.beroeps.copy()
            vest_idx = self._allocate(rng, n_leg, mask, self.vest.size)
            m = len(vest_idx)
            codes = np.array(LEGACY_CODES)[rng.integers(0, len(LEGACY_CODES), m)]
            lws = [self.codes.legacy_leerweg[c] for c in codes]
            parts.append(self._without_profile(rng, vest_idx, codes, lws, female=0.35, migration=0.3))
        # tl: ~36,400 in 2023/24 growing to 38,500; a bit lower before.
        n_tl = TL_LJ3.get(year, 36400 * (1 - 0.01 * (2023 - year)) if year < 2023 else 38500)
        vest_idx = self._allocate(rng, round(n_tl * self.scale), self.vest.tl, self.vest.size)
        m = len(vest_idx)
        tl_codes = np.array(list(TL_PROFILE_SHARE))
        shares = np.array(list(TL_PROFILE_SHARE.values()))
        codes = tl_codes[rng.choice(len(tl_codes), m, p=shares / shares.sum())]
        lwoo = rng.random(m) < LWOO_SHARE["tl"]
        codes = np.where(
            lwoo, np.char.add("22", np.char.add("1", (codes.astype("U4").astype(int) - 469).astype(str))), codes
        )
        parts.append(self._without_profile(rng, vest_idx, codes, ["tl"] * m, female=0.5, migration=0.25))
        return pl.concat(parts)

    def first_year_lj4(self, year: int) -> pl.DataFrame:
        """The lj4 pupils of the first generated year have no lj3 history: make them like lj3 pupils."""
        frame = self.new_lj3(year, stream="lj4-first-cohort")
        rng = self.rng_for("lj4-first", year)
        keep = rng.random(frame.height) < CONTINUE_LJ4
        frame = frame.filter(pl.Series(keep)).with_columns(pl.lit(4, dtype=pl.Int64).alias("leerjaar"))
        return _tl_profile(frame, rng)

    # -- transitions ---------------------------------------------------------------------------
    def lj3_to_lj4(self, lj3: pl.DataFrame, year: int) -> pl.DataFrame:
        """lj3 pupils of year-1 as lj4 pupils of `year` (most stay, some switch profile, some leave)."""
        rng = self.rng_for("lj3to4", year)
        u = rng.random(lj3.height)
        stay = lj3.filter(pl.Series(u < CONTINUE_LJ4 + SWITCH_PROFILE))
        switch = pl.Series(u[u < CONTINUE_LJ4 + SWITCH_PROFILE] >= CONTINUE_LJ4)
        # Switchers take the profile and element code of a random classmate of the same vestiging x leerweg.
        stay = stay.sort(["vest", "leerweg", "leerling_id"]).with_columns(switch.alias("_sw"))
        group = stay.select(pl.struct("vest", "leerweg").rank("dense").alias("g"))["g"].to_numpy()
        starts = np.searchsorted(group, group, side="left")
        ends = np.searchsorted(group, group, side="right")
        donor = starts + (rng.random(stay.height) * (ends - starts)).astype(np.int64)
        donor_profiel = stay["profiel"].gather(donor)
        donor_code = stay["elementcode"].gather(donor)
        stay = stay.with_columns(
            pl.when(pl.col("_sw")).then(donor_profiel).otherwise(pl.col("profiel")).alias("profiel"),
            pl.when(pl.col("_sw")).then(donor_code).otherwise(pl.col("elementcode")).alias("elementcode"),
            pl.lit(4, dtype=pl.Int64).alias("leerjaar"),
        ).drop("_sw")
        return _tl_profile(stay, rng)

    def destinations(self, lj4: pl.DataFrame, year: int) -> pl.DataFrame:
        """Destination of each lj4 pupil of `year` in year+1: bol, bbl, havo, blijft, overig (exact shares)."""
        rng = self.rng_for("dest", year)
        key = (
            pl.when(pl.col("profiel").is_in(TECH) & (pl.col("leerweg") != "tl"))
            .then(pl.col("profiel"))
            .otherwise(pl.lit("nontech"))
        )
        frame = lj4.with_columns(key.alias("_k"), pl.Series("_r", rng.random(lj4.height)))
        frame = frame.with_columns(
            ((pl.col("_r").rank("ordinal").over("_k", "leerweg") - 0.5) / pl.len().over("_k", "leerweg")).alias("_q")
        )
        table = pl.DataFrame(
            [
                {
                    "_k": k,
                    "leerweg": lw,
                    "_c1": c[0],
                    "_c2": c[0] + c[1],
                    "_c3": sum(c[:3]),
                    "_c4": sum(c[:4]),
                    "_t": sum(c),
                }
                for (k, lw), c in destinations().items()
            ]
        )
        frame = frame.join(table, on=["_k", "leerweg"], how="left")
        q = pl.col("_q") * pl.col("_t")
        dest = (
            pl.when(q < pl.col("_c1"))
            .then(pl.lit("bol"))
            .when(q < pl.col("_c2"))
            .then(pl.lit("bbl"))
            .when(q < pl.col("_c3"))
            .then(pl.lit("havo"))
            .when(q < pl.col("_c4"))
            .then(pl.lit("blijft"))
            .otherwise(pl.lit("overig"))
        )
        return frame.with_columns(dest.alias("bestemming")).drop("_k", "_r", "_q", "_c1", "_c2", "_c3", "_c4", "_t")

    def year_frames(self, years: list[int]):
        """Yield (schooljaar, enrolments, lj4 with destination) per year."""
        lj3_prev: pl.DataFrame | None = None
        lj4_prev: pl.DataFrame | None = None
        for year in years:
            lj3 = self.new_lj3(year)
            if lj3_prev is None or lj4_prev is None:
                lj4 = self.first_year_lj4(year)
                havo = lj4.head(0)
            else:
                repeat = lj4_prev.filter(pl.col("bestemming") == "blijft").drop("bestemming")
                havo = (
                    lj4_prev.filter(pl.col("bestemming") == "havo")
                    .drop("bestemming")
                    .with_columns(
                        pl.lit(HAVO_CODE).alias("elementcode"),
                        pl.lit(None, dtype=pl.Utf8).alias("profiel"),
                        pl.lit("havo").alias("leerweg"),
                    )
                )
                lj4 = pl.concat([self.lj3_to_lj4(lj3_prev, year), repeat])
            lj4 = self.destinations(lj4, year)
            enrol = pl.concat([lj3, lj4.drop("bestemming"), havo]).sort("leerling_id")
            yield year, enrol, lj4
            lj3_prev, lj4_prev = lj3, lj4


def _tl_profile(frame: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """tl pupils without a profile in lj3 (0474 / LWOO 2215) have one in lj4."""
    codes = np.array(["0472", "0471", "0470", "0473"])
    shares = np.array([0.55, 0.27, 0.15, 0.03])
    pick = codes[rng.choice(4, frame.height, p=shares)]
    pick_lwoo = np.char.add("221", (pick.astype(int) - 469).astype(str))
    return frame.with_columns(
        pl.when(pl.col("elementcode") == "0474")
        .then(pl.Series(pick))
        .when(pl.col("elementcode") == "2215")
        .then(pl.Series(pick_lwoo))
        .otherwise(pl.col("elementcode"))
        .alias("elementcode")
    )
