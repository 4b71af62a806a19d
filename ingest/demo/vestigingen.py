"""Vestigingen of the demo: schools (BRIN) and their vestigingen placed in the synthetic towns, and
which profile x leerweg each vestiging offers per schooljaar. Offers are nested over the years (a
fixed ranking per profile, the top N of the year offer it) and clustered towards big towns or
spread out so that 10-km reachability per profile x leerweg lands near Tabel B3.6."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ingest.demo.geography import Geography, distance_km

TECH = ["BWI", "PIE", "MVI", "M&T", "MaT"]
NONTECH = ["D&P", "E&O", "HBR", "Z&W", "Groen"]
PROFILES = TECH + NONTECH
LEERWEGEN = ["bb", "kb", "gl"]

# Vestigingen with bb/kb/gl pupils (Tabel B3.5 text: 562-570) and vestigingen with only tl.
N_BEROEPS = 566
N_TL_ONLY = 128
N_TECH_VESTIGINGEN = 276  # candidates for technical profiles (272 of 562 offer one in 2023/24)
# Non-technical profiles: vestigingen offering them (not published; illustrative).
NONTECH_N = {"D&P": 330, "E&O": 250, "HBR": 150, "Z&W": 370, "Groen": 170}
# Share of the vestigingen offering a profile that offer it in bb / kb (B3.5 for technical profiles).
LEERWEG_SHARE = {
    "BWI": (0.93, 0.91),
    "MaT": (1.0, 1.0),
    "MVI": (0.74, 0.91),
    "M&T": (0.98, 0.96),
    "PIE": (0.91, 0.94),
    "D&P": (0.80, 0.88),
    "E&O": (0.85, 0.90),
    "HBR": (0.85, 0.90),
    "Z&W": (0.90, 0.93),
    "Groen": (0.90, 0.90),
}
GL_SHARE = {"BWI": 0.29, "MaT": 0.8, "MVI": 0.42, "M&T": 0.27, "PIE": 0.32}
GL_SHARE_NONTECH = {"D&P": 0.55, "E&O": 0.50, "HBR": 0.25, "Z&W": 0.30, "Groen": 0.50}

N_PASSES = 4

SCHOOL_WORDS = [
    "Vakcollege",
    "Technisch College",
    "Scholengemeenschap",
    "College",
    "Praktijkcollege",
    "Christelijk College",
    "Het Stedelijk",
    "Dalton College",
    "Montessori College",
    "Groen College",
    "Lyceum",
    "Zuiderpark College",
    "De Nieuwe Veste",
    "Het Vlier",
    "Koningin Juliana College",
]
LOCATIE = ["Noord", "Zuid", "Oost", "West", "Centrum", "Het Plein", "De Brug", "Parkweg", "Stationslaan"]
STREETS = [
    "Schoolstraat",
    "Stationsweg",
    "Parkweg",
    "Kerkstraat",
    "Molenweg",
    "Dorpsstraat",
    "Julianalaan",
    "Sportlaan",
]


@dataclass
class Vestigingen:
    brin: np.ndarray  # str, 4 chars
    nummer: np.ndarray  # str, 2 digits
    naam: list[str]
    straat: list[str]
    huisnummer: np.ndarray
    postcode: list[str]  # "1234 AB"
    pc4_index: np.ndarray  # index into geography arrays
    town: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    beroeps: np.ndarray  # bool: has bb/kb/gl
    tl: np.ndarray  # bool: has tl
    size: np.ndarray  # relative size factor
    offer_rank: dict[str, np.ndarray]  # profile -> rank of each vestiging (lower offers first); inf = never
    leerweg_ok: dict[tuple[str, str], np.ndarray]  # (profile, leerweg) -> bool per vestiging
    n_offer: dict[tuple[str, int], int]  # (profile, schooljaar) -> number of vestigingen offering

    @property
    def vestiging_id(self) -> np.ndarray:
        return np.char.add(self.brin.astype("U4"), self.nummer.astype("U2"))

    def __len__(self) -> int:
        return len(self.brin)

    def offers(self, profiel: str, leerweg: str, year: int) -> np.ndarray:
        """Boolean mask: vestigingen offering profiel in leerweg in schooljaar `year`."""
        n = self.n_offer[(profiel, year)]
        return (self.offer_rank[profiel] < n) & self.leerweg_ok[(profiel, leerweg)]


def _brin_codes(rng: np.random.Generator, n: int) -> list[str]:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    pool = rng.permutation(32 * 26 * 26)[:n]
    # digits 25 are left to the mbo institutions (ingest/demo/mbo.py)
    return [f"{p // 676 + (p // 676 >= 25):02d}{letters[(p // 26) % 26]}{letters[p % 26]}" for p in pool]


def place_vestigingen(rng: np.random.Generator, geo: Geography, scale: float) -> Vestigingen:
    n_b = max(4, round(N_BEROEPS * scale))
    n_t = max(1, round(N_TL_ONLY * scale))
    n = n_b + n_t
    weights = geo.town_pop**0.9
    town = rng.choice(len(geo.town_name), size=n, p=weights / weights.sum())
    town.sort(kind="stable")
    beroeps = np.zeros(n, dtype=bool)
    beroeps[rng.permutation(n)[:n_b]] = True
    # Each vestiging sits in one of its town's urban PC4 areas.
    urban = {t: np.flatnonzero((geo.pc4_town == t) & (np.array(geo.place) == geo.town_name[t])) for t in set(town)}
    pc4_index = np.array([rng.choice(urban[t]) for t in town])
    # Group vestigingen of a town into schools (BRIN) of 1-3 vestigingen.
    brin_of = np.empty(n, dtype=object)
    nummer = np.empty(n, dtype=object)
    codes = iter(_brin_codes(rng, n))
    names: list[str] = []
    i = 0
    while i < n:
        t = town[i]
        k = 1 + int(rng.integers(0, 3))
        j = i
        code = next(codes)
        base = SCHOOL_WORDS[int(rng.integers(len(SCHOOL_WORDS)))]
        while j < n and j < i + k and town[j] == t:
            brin_of[j] = code
            nummer[j] = f"{j - i:02d}"
            names.append(
                f"{base} {geo.town_name[t]}"
                if j == i
                else f"{base} {geo.town_name[t]} locatie {LOCATIE[int(rng.integers(len(LOCATIE)))]}"
            )
            j += 1
        i = j
    letters = "ABCDEGHJKLMNPRSTVWXZ"
    postcode = [f"{geo.pc4[p]} {letters[int(rng.integers(20))]}{letters[int(rng.integers(20))]}" for p in pc4_index]
    straat = [STREETS[int(rng.integers(len(STREETS)))] for _ in range(n)]
    tl = ~beroeps | (rng.random(n) < 0.6)
    return Vestigingen(
        brin=np.array(brin_of, dtype="U4"),
        nummer=np.array(nummer, dtype="U2"),
        naam=names,
        straat=straat,
        huisnummer=rng.integers(1, 250, n),
        postcode=postcode,
        pc4_index=pc4_index,
        town=town,
        lat=geo.lat[pc4_index],
        lon=geo.lon[pc4_index],
        beroeps=beroeps,
        tl=tl,
        size=np.exp(rng.normal(0, 0.45, n)),
        offer_rank={},
        leerweg_ok={},
        n_offer={},
    )


def home_kernel(geo: Geography, vest: Vestigingen) -> np.ndarray:
    """Per vestiging, the probability of each PC4 as a pupil's home: population x exp(-d / 4 km), d < 25 km."""
    d = distance_km(vest.lat, vest.lon, geo.lat, geo.lon)
    k = np.where(d < 25, geo.pop[None, :] * np.exp(-d / 4.0), 0.0)
    return k / k.sum(axis=1, keepdims=True)


def _reach(within: np.ndarray, mask: np.ndarray, weight: np.ndarray) -> float:
    if not mask.any():
        return 0.0
    covered = within[mask].any(axis=0)
    return 100.0 * float(weight[covered].sum() / weight.sum())


def profile_weights(rng: np.random.Generator, vest: Vestigingen) -> dict[tuple[str, str], np.ndarray]:
    """Relative size of each vestiging's group per profile x leerweg (pupils are spread by it)."""
    return {(p, lw): vest.size * np.exp(rng.normal(0, 0.6, len(vest))) for p in PROFILES for lw in LEERWEGEN}


def assign_offers(
    make_rng, geo: Geography, vest: Vestigingen, kernel: np.ndarray, years: list[int], scale: float, targets, weights_pl
) -> None:
    """Decide offer rankings per profile and leerweg subsets, calibrated to the reach targets.

    Several passes: the first assumes pupils live around every vestiging with bb/kb/gl; each next one
    uses where the pupils of each leerweg will live given the previous pass's offers (2023/24 counts)."""
    base = (vest.size * vest.beroeps) @ kernel
    _assign_offers(make_rng(), geo, vest, kernel, years, scale, targets, dict.fromkeys(LEERWEGEN, base))
    counts = targets.lj3_counts()
    cal_year = 2023 if 2023 in years else max(years)
    for _ in range(N_PASSES - 1):
        weights = {}
        for lw in LEERWEGEN:
            expected = np.zeros(len(vest))
            for p in PROFILES:
                mask = vest.offers(p, lw, cal_year)
                if mask.any():
                    w = np.where(mask, weights_pl[(p, lw)], 0.0)
                    expected += counts.get((2023, lw, p), 0.0) * w / w.sum()
            weights[lw] = expected @ kernel if expected.any() else base
        vest.offer_rank.clear()
        vest.leerweg_ok.clear()
        vest.n_offer.clear()
        _assign_offers(make_rng(), geo, vest, kernel, years, scale, targets, weights)


def _assign_offers(
    rng: np.random.Generator,
    geo: Geography,
    vest: Vestigingen,
    kernel: np.ndarray,
    years: list[int],
    scale: float,
    targets,
    pupil_weight: dict[str, np.ndarray],
) -> None:
    n = len(vest)
    d = distance_km(vest.lat, vest.lon, geo.lat, geo.lon)
    within = d <= 10.0
    urban = geo.urbanness[vest.town]
    maritime = geo.town_maritime[vest.town]
    beroeps_idx = np.flatnonzero(vest.beroeps)
    n_tech = min(len(beroeps_idx), max(2, round(N_TECH_VESTIGINGEN * scale)))
    tech_candidates = np.zeros(n, dtype=bool)
    tech_candidates[rng.choice(beroeps_idx, size=n_tech, replace=False)] = True
    reach = targets.reach()
    offering = targets.vestigingen_offering()
    alphas = np.linspace(-4.0, 4.0, 33)
    for p in PROFILES:
        noise = rng.normal(0, 1, n)
        candidates = tech_candidates if p in TECH else vest.beroeps
        if p in TECH:
            counts = {y: offering.get((p, y)) for y in years}
            known = sorted(y for y, c in counts.items() if c is not None) or sorted(offering_years(offering, p))
            for y in years:
                if counts[y] is None:
                    near = min(known, key=lambda k: abs(k - y)) if known else None
                    counts[y] = offering.get((p, near), 5) if near else 5
            n_cal = counts.get(2023) or counts[max(years)]
        else:
            counts = {y: NONTECH_N[p] for y in years}
            n_cal = NONTECH_N[p]
        counts = {y: max(1, min(int(candidates.sum()), round(c * scale))) for y, c in counts.items()}
        n_cal = max(1, min(int(candidates.sum()), round(n_cal * scale)))
        bonus = np.where(maritime, 10.0, 0.0) if p == "MaT" else 0.0
        share_bb, share_kb = LEERWEG_SHARE[p]
        ok_bb = rng.random(n) < share_bb
        ok_kb = rng.random(n) < share_kb
        target_bk = [reach.get((p, lw)) for lw in ("bb", "kb")]
        best = None
        for a in alphas:
            score = np.where(candidates, noise + a * urban + bonus, -np.inf)
            rank = np.empty(n)
            rank[np.argsort(-score, kind="stable")] = np.arange(n)
            rank[~candidates] = np.inf
            top = rank < n_cal
            err = 0.0
            for lw, lw_ok, t in zip(("bb", "kb"), (ok_bb, ok_kb), target_bk, strict=True):
                if t is not None:
                    err += abs(_reach(within, top & lw_ok, pupil_weight[lw]) - t)
            if best is None or err < best[0] - 1e-9:
                best = (err, rank)
        rank = best[1]
        vest.offer_rank[p] = rank
        for y in years:
            vest.n_offer[(p, y)] = counts[y]
        vest.leerweg_ok[(p, "bb")] = ok_bb
        vest.leerweg_ok[(p, "kb")] = ok_kb
        # gl: a calibrated subset of the vestigingen offering the profile.
        share_gl = GL_SHARE.get(p, GL_SHARE_NONTECH.get(p, 0.4))
        t_gl = reach.get((p, "gl"))
        top = rank < n_cal
        noise_gl = rng.normal(0, 1, n)
        best_gl = None
        for a in alphas:
            score = np.where(top, noise_gl + a * urban, -np.inf)
            k = max(1, round(share_gl * top.sum()))
            ok_gl = np.zeros(n, dtype=bool)
            ok_gl[np.argsort(-score, kind="stable")[:k]] = True
            err = abs(_reach(within, ok_gl, pupil_weight["gl"]) - t_gl) if t_gl is not None else 0.0
            if best_gl is None or err < best_gl[0] - 1e-9:
                best_gl = (err, score)
        gl_rank = np.empty(n)
        gl_rank[np.argsort(-best_gl[1], kind="stable")] = np.arange(n)
        # Vestigingen outside the calibration set that may offer the profile later: same share, random.
        extra = rng.random(n) < share_gl
        vest.leerweg_ok[(p, "gl")] = np.where(top, gl_rank < max(1, round(share_gl * top.sum())), extra)
    # Every beroepsgerichte vestiging offers at least one profile: otherwise D&P in bb and kb.
    for y in years:
        any_offer = np.zeros(n, dtype=bool)
        for p in PROFILES:
            for lw in LEERWEGEN:
                any_offer |= vest.offers(p, lw, y)
        lonely = vest.beroeps & ~any_offer
        if lonely.any():
            rank = vest.offer_rank["D&P"]
            rank[lonely] = -1  # always offered
            vest.leerweg_ok[("D&P", "bb")] = vest.leerweg_ok[("D&P", "bb")] | lonely
            vest.leerweg_ok[("D&P", "kb")] = vest.leerweg_ok[("D&P", "kb")] | lonely


def offering_years(offering: dict, p: str) -> list[int]:
    return [y for (q, y) in offering if q == p]
