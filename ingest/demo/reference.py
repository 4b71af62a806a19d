"""Reference lists the demo writes to landing/reference/: keuzevakken per profile (real names where
the seeds give them, codes illustrative except MVI 1505-1516), mbo opleidingen with both technical
flags, and an ILLUSTRATIVE vestiging -> STO-regio mapping (no real mapping is public)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ingest.demo.geography import Geography
from ingest.demo.vestigingen import PROFILES, TECH, Vestigingen

# Named keuzevakken (indicators.md 2.10, duo_formats.md 3.4); the first names carry most exams.
NAMED_KEUZEVAKKEN = {
    "BWI": [
        "Meubelmaken",
        "Interieurontwerp en -design",
        "Daken en kapconstructies van hout",
        "Interieurbouw, stands en betimmeringen",
        "Gevelopeningen",
        "Constructieve aansluitingen en afwerking",
        "Schoonmetselwerk",
        "Schilderen en afwerken van hout en steenachtige ondergronden",
        "Bouwkundig onderhoud en renovatie",
        "Vloeren",
        "Bouwmethoden en bouwstijlen",
        "Bijzonder metselwerk",
        "Scheidingswanden",
        "Wandafwerking",
        "Schilderen en spuiten van kunststof en metalen",
        "Onderhoud schilderwerk",
        "Glas",
        "Bouwrijp en woonrijp maken",
        "Terreinafwerking",
    ],
    "PIE": [
        "Plaat- en constructiewerk",
        "Booglasprocessen",
        "Utiliteitsinstallaties",
        "Verspaningstechnieken",
        "Woon- en kantoortechnologie",
        "Drinkwater en sanitair",
        "Praktisch booglassen",
    ],
    "MVI": [
        "Fotografie",
        "Sign",
        "Vormgeven en typografie",
        "3D vormgeving en realisatie",
        "Game-design",
        "Tekenen, schilderen en illustreren",
        "Ideeontwikkeling",
        "Printmedia productie",
        "Applicatieontwikkeling",
        "Netwerkbeheer",
        "Digitale beveiliging",
        "Licht, geluid en decor",
    ],
    "M&T": [
        "Aandrijf- en remsystemen",
        "Motorsystemen",
        "Elektronica",
        "Mobiele werktuigen",
        "Gemotoriseerde tweewieler",
        "Verbrandingsmotoren",
    ],
    "MaT": [
        "Stuwadoor en vorkheftruck",
        "Navigatie",
        "Ladingsbehandeling aan boord",
        "Werken en leven aan boord",
        "Scheepskennis",
        "Opslag en overslag in de haven",
        "Dienstverlening in de haven",
        "Ladingsadministratie in de haven",
        "Maritieme mechanische installaties",
    ],
    "E&O": [
        "Ondernemen",
        "Webshop",
        "Presentatie en styling",
        "Mode en design",
        "Marketing",
        "Office management",
        "Distributie",
        "Financieel en administratief beheer",
    ],
    "Z&W": ["Ondersteuning bij sport- en bewegingsactiviteiten"],
    "D&P": ["Robotica", "Geüniformeerde dienstverlening en veiligheid"],
    "HBR": ["De bijzondere keuken"],
    "Groen": [],
}
# Number of keuzevakken per profile: 90 technical + 60 non-technical (002:L4367: 150 and 90).
N_KEUZEVAKKEN = {
    "BWI": 24,
    "PIE": 23,
    "MVI": 17,
    "M&T": 13,
    "MaT": 13,
    "D&P": 16,
    "E&O": 12,
    "HBR": 10,
    "Z&W": 12,
    "Groen": 10,
}
CODE_BASE = {
    "BWI": 1001,
    "PIE": 1101,
    "M&T": 1201,
    "MaT": 1301,
    "MVI": 1505,
    "E&O": 1601,
    "HBR": 1701,
    "Z&W": 1801,
    "Groen": 1901,
    "D&P": 2001,
}
# The five or six largest keuzevakken per profile take these shares (002:L4410-4418); the rest decays.
TOP_SHARES = {
    "BWI": [0.20, 0.127, 0.098, 0.095, 0.091],
    "PIE": [0.17, 0.125, 0.115, 0.101, 0.091, 0.087],
    "MVI": [0.176, 0.148, 0.145, 0.114, 0.11],
    "M&T": [0.24, 0.238, 0.183],
    "MaT": [0.111, 0.091, 0.091, 0.091, 0.091, 0.086, 0.086, 0.086],
}


@dataclass(frozen=True)
class Vak:
    vakcode: str
    vaknaam: str
    profiel: str
    vaksoort: str
    weight: float


def keuzevakken() -> list[Vak]:
    vakken: list[Vak] = []
    for pi, p in enumerate(PROFILES):
        names = list(NAMED_KEUZEVAKKEN[p])
        n = N_KEUZEVAKKEN[p]
        names += [f"Keuzevak {p} {i + 1} (illustratief)" for i in range(len(names), n)]
        top = TOP_SHARES.get(p, [])
        rest = n - len(top)
        rest_mass = max(0.0, 1.0 - sum(top))
        decay = np.array([1.0 / (i + 2) for i in range(rest)])
        weights = list(top) + list(rest_mass * decay / decay.sum() if rest else [])
        for i, name in enumerate(names[:n]):
            vakken.append(Vak(f"{CODE_BASE[p] + i:04d}", name, p, "keuzevak", float(weights[i])))
        for j in range(4):
            vakken.append(Vak(f"3{pi}{j + 1:02d}", f"Profielmodule {j + 1} {p}", p, "profielmodule", 0.25))
    return vakken


@dataclass(frozen=True)
class Opleiding:
    code: str
    naam: str
    niveau: int
    sectorkamer: str
    techniek_sectorkamer: str
    techniek_indicatie: str
    affinity: str  # vmbo profile whose pupils choose it most


TGO = "Techniek en gebouwde omgeving"
MTLM = "Mobiliteit, transport, logistiek en maritiem"
CII = "ICT en creatieve industrie"
ZWS = "Zorg, welzijn en sport"
HVB = "Handel"
BAO = "Business services en veiligheid"
VGL = "Voedsel, groen en gastvrijheid"
SV = "Specialistisch vakmanschap"
# name, sectorkamer, techniek-indicatie, affinity profile
OPLEIDINGEN = [
    ("Timmerman", TGO, "J", "BWI"),
    ("Metselaar", TGO, "J", "BWI"),
    ("Schilder", TGO, "J", "BWI"),
    ("Meubelmaker", SV, "J", "BWI"),
    ("Interieurstylist", CII, "N", "BWI"),
    ("Eerste monteur elektrotechnische installaties", TGO, "J", "PIE"),
    ("Monteur werktuigkundige installaties", TGO, "J", "PIE"),
    ("Lasser", TGO, "J", "PIE"),
    ("Machinaal verspaner", TGO, "J", "PIE"),
    ("Mechatronica", TGO, "J", "PIE"),
    ("Technicus engineering", TGO, "J", "PIE"),
    ("Autotechnicus", MTLM, "J", "M&T"),
    ("Monteur mobiele werktuigen", MTLM, "J", "M&T"),
    ("Tweewielertechnicus", MTLM, "J", "M&T"),
    ("Logistiek medewerker", MTLM, "N", "M&T"),
    ("Chauffeur goederenvervoer", MTLM, "N", "M&T"),
    ("Matroos binnenvaart", MTLM, "J", "MaT"),
    ("Stuurman/schipper", MTLM, "J", "MaT"),
    ("Havenoperator", MTLM, "N", "MaT"),
    ("Software developer", CII, "J", "MVI"),
    ("ICT support", CII, "J", "MVI"),
    ("Mediavormgever", CII, "N", "MVI"),
    ("AV-specialist", CII, "J", "MVI"),
    ("Podium- en evenemententechniek", CII, "J", "MVI"),
    ("Laborant", SV, "J", "Groen"),
    ("Medewerker hovenier", VGL, "J", "Groen"),
    ("Dierverzorger", VGL, "N", "Groen"),
    ("Medewerker agrarisch loonwerk", VGL, "J", "Groen"),
    ("Bloembinder", VGL, "N", "Groen"),
    ("Kok", VGL, "N", "HBR"),
    ("Bakker", VGL, "N", "HBR"),
    ("Medewerker recreatie", VGL, "N", "HBR"),
    ("Verzorgende IG", ZWS, "N", "Z&W"),
    ("Pedagogisch medewerker", ZWS, "N", "Z&W"),
    ("Sport en bewegen", ZWS, "N", "Z&W"),
    ("Apothekersassistent", ZWS, "N", "Z&W"),
    ("Verkoopmedewerker", HVB, "N", "E&O"),
    ("Ondernemer detailhandel", HVB, "N", "E&O"),
    ("Financieel administratief medewerker", BAO, "N", "E&O"),
    ("Beveiliger", BAO, "N", "D&P"),
    ("Medewerker facilitaire dienstverlening", BAO, "N", "D&P"),
    ("Kapper", SV, "N", "D&P"),
    ("Onderhoudsmonteur gebouwen", TGO, "J", "D&P"),
    ("Medewerker installatietechniek", TGO, "J", "D&P"),
]
TECH_SECTORKAMERS = {TGO, MTLM}


def mbo_opleidingen() -> list[Opleiding]:
    out = []
    for i, (naam, kamer, indicatie, affinity) in enumerate(OPLEIDINGEN):
        for niveau in (2, 3, 4):
            code = f"{25000 + i * 10 + niveau}"
            out.append(
                Opleiding(
                    code,
                    f"{naam} (niveau {niveau})",
                    niveau,
                    kamer,
                    "J" if kamer in TECH_SECTORKAMERS else "N",
                    indicatie,
                    affinity,
                )
            )
    out.append(Opleiding("25990", "Entree (niveau 1)", 1, BAO, "N", "N", "D&P"))
    return out


@dataclass(frozen=True)
class Regions:
    region_of: np.ndarray  # per vestiging: region number 1..n, 0 = outside any STO-regio
    n_regions: int
    techniekluw: set[int]
    merged_into: dict[int, int]  # region -> region it joins on 2025-08-01
    label: dict[int, str]


def build_regions(
    rng: np.random.Generator, geo: Geography, vest: Vestigingen, scale: float, tech_share: np.ndarray
) -> Regions:
    """78 regions (fewer at small scale) from k-means on the vestigingen with bb/kb/gl; tl-only vestigingen
    join the nearest; a few vestigingen stay outside any region. Illustrative."""
    beroeps = np.flatnonzero(vest.beroeps)
    k = int(min(78, max(2, round(78 * min(scale, 1.0))), len(beroeps)))
    xy = np.column_stack([vest.lat, vest.lon * 0.62])
    centres = xy[rng.choice(beroeps, size=k, replace=False)]
    for _ in range(25):
        d = ((xy[beroeps, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        lab = d.argmin(axis=1)
        for c in range(k):
            members = beroeps[lab == c]
            if len(members):
                centres[c] = xy[members].mean(axis=0)
    d_all = ((xy[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    region = d_all.argmin(axis=1)
    # Make sure every region has at least one beroeps vestiging (empty clusters get a random one).
    for c in range(k):
        if not np.any(vest.beroeps & (region == c)):
            region[rng.choice(beroeps)] = c
    # Number regions north to south for readable ids.
    order = np.argsort(-centres[:, 0], kind="stable")
    renum = np.empty(k, dtype=np.int64)
    renum[order] = np.arange(1, k + 1)
    region_of = renum[region]
    outside = rng.random(len(vest)) < 0.015
    region_of = np.where(outside, 0, region_of)
    # The five regions with the lowest technical share are techniekluw.
    shares = np.array([tech_share[region_of == r].mean() if np.any(region_of == r) else 1.0 for r in range(1, k + 1)])
    luw = {int(r) + 1 for r in np.argsort(shares, kind="stable")[: min(5, max(0, k - 1))]}
    # Mergers from 2025-08-01: 78 -> 74 (four regions join their nearest neighbour).
    n_merge = round(4 * k / 78)
    merged_into: dict[int, int] = {}
    cent = centres[order]
    taken: set[int] = set()
    if n_merge:  # the smallest regions join their nearest neighbour
        sizes = [(np.sum(region_of == r), r) for r in range(1, k + 1)]
        for _, r in sorted(sizes):
            if len(merged_into) == n_merge:
                break
            if r in taken:  # already the target of a smaller region: it stays
                continue
            dist = ((cent - cent[r - 1]) ** 2).sum(axis=1)
            dist[r - 1] = np.inf
            for t in taken | set(merged_into):
                dist[t - 1] = np.inf
            target = int(dist.argmin()) + 1
            merged_into[r] = target
            taken |= {r, target}
    label = {}
    for r in range(1, k + 1):
        members = np.flatnonzero(region_of == r)
        towns = vest.town[members]
        main = int(np.bincount(towns).argmax()) if len(towns) else 0
        label[r] = f"Illustratieve STO-regio {r:02d} ({geo.town_name[main]})"
    return Regions(region_of, k, luw, merged_into, label)


def sto_regio_rows(vest: Vestigingen, regions: Regions) -> list[list[str]]:
    rows = []
    for i in np.argsort(vest.vestiging_id, kind="stable"):
        r = int(regions.region_of[i])
        if r == 0:
            continue
        luw = "J" if r in regions.techniekluw else "N"
        if r in regions.merged_into:
            rows.append(
                [f"STO{r:02d}", regions.label[r], luw, vest.brin[i], vest.nummer[i], "2018-08-01", "2025-07-31"]
            )
            t = regions.merged_into[r]
            luw_t = "J" if t in regions.techniekluw else "N"
            rows.append([f"STO{t:02d}", regions.label[t], luw_t, vest.brin[i], vest.nummer[i], "2025-08-01", ""])
        else:
            rows.append([f"STO{r:02d}", regions.label[r], luw, vest.brin[i], vest.nummer[i], "2018-08-01", ""])
    return rows


def technical(profiel: str | None) -> bool:
    return profiel in TECH
