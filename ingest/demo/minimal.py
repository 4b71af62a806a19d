"""A small, deterministic demo landing zone: ~40 vestigingen, DUO pupil files for a few schooljaren
(legacy format up to 2019, the newer format from 2020 on) and the vestigingen file."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

from ingest.demo.duo_writers import (
    PUPIL_HEADER_LEGACY,
    PUPIL_HEADER_NEW,
    VESTIGINGEN_HEADER_LEGACY,
    suppress,
    write_legacy,
    write_new,
)
from ingest.paths import DBT_PROJECT_DIR

PLACES = [
    ("Groningen", "GRONINGEN", "0014", "97"),
    ("Friesland", "LEEUWARDEN", "0080", "89"),
    ("Drenthe", "ASSEN", "0106", "94"),
    ("Overijssel", "ENSCHEDE", "0153", "75"),
    ("Gelderland", "NIJMEGEN", "0268", "65"),
    ("Utrecht", "AMERSFOORT", "0307", "38"),
    ("Noord-Holland", "HAARLEM", "0392", "20"),
    ("Zuid-Holland", "ROTTERDAM", "0599", "30"),
    ("Zeeland", "MIDDELBURG", "0687", "43"),
    ("Noord-Brabant", "TILBURG", "0855", "50"),
    ("Limburg", "VENLO", "0983", "59"),
    ("Flevoland", "ALMERE", "0034", "13"),
]
ONDERWIJSTYPE = {"bb": "VMBO BL lj 3-4", "kb": "VMBO KL lj 3-4", "gl": "VMBO GL lj 3-4", "tl": "VMBO TL lj 3-4"}
SECTOR = {
    "BWI": "Techniek",
    "PIE": "Techniek",
    "MVI": "Techniek",
    "M&T": "Techniek",
    "MaT": "Techniek",
    "D&P": "Intersect. programma",
    "E&O": "Economie",
    "HBR": "Economie",
    "Z&W": "Zorg & Welzijn",
    "Groen": "Landbouw",
}
# Rough national mix of leerjaar-3 pupils per profile (Tabel B3.12) and female shares (B3.13).
PROFILE_WEIGHT = {
    "BWI": 3.4,
    "PIE": 5.0,
    "MVI": 1.5,
    "M&T": 1.6,
    "MaT": 0.25,
    "D&P": 18.0,
    "E&O": 6.5,
    "HBR": 2.5,
    "Z&W": 13.0,
    "Groen": 8.5,
}
FEMALE_SHARE = {
    "BWI": 0.13,
    "PIE": 0.05,
    "MVI": 0.35,
    "M&T": 0.05,
    "MaT": 0.1,
    "D&P": 0.45,
    "E&O": 0.35,
    "HBR": 0.47,
    "Z&W": 0.82,
    "Groen": 0.52,
}


@dataclass(frozen=True)
class Vestiging:
    brin: str
    nummer: str
    naam: str
    provincie: str
    plaats: str
    gemeentenummer: str
    postcode: str
    offer: dict[tuple[str, str], str]  # (profiel, leerweg) -> elementcode


def _element_codes() -> dict[tuple[str, str], str]:
    """Regular (non-LWOO) element code per (profiel, leerweg) from the project's reference list."""
    codes: dict[tuple[str, str], str] = {}
    with (DBT_PROJECT_DIR / "seeds" / "element_codes.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter=";"):
            if row["profiel"] and row["leerweg"] and row["elementcode"].startswith("6") and row["lwoo"] == "N":
                codes[(row["profiel"], row["leerweg"])] = row["elementcode"]
    return codes


def _vestigingen(rng: random.Random, n: int) -> list[Vestiging]:
    codes = _element_codes()
    result = []
    for i in range(n):
        provincie, plaats, gemeente, pc2 = PLACES[i % len(PLACES)]
        brin = f"{10 + i:02d}{chr(65 + i % 26)}{chr(65 + (i * 7) % 26)}"
        offer: dict[tuple[str, str], str] = {}
        for profiel, weight in PROFILE_WEIGHT.items():
            p_offer = min(0.95, 0.15 + weight / 10)
            for leerweg in ("bb", "kb", "gl"):
                if rng.random() < (p_offer * (0.5 if leerweg == "gl" else 1.0)):
                    offer[(profiel, leerweg)] = codes[(profiel, leerweg)]
        postcode = f"{pc2}{rng.randint(10, 99)} {chr(65 + rng.randint(0, 25))}{chr(65 + rng.randint(0, 25))}"
        result.append(
            Vestiging(
                brin,
                "00" if i % 3 else "01",
                f"Demo College {plaats.title()} {i + 1}",
                provincie,
                plaats,
                gemeente,
                postcode,
                offer,
            )
        )
    return result


def _pupil_rows(rng: random.Random, vestigingen: list[Vestiging], schooljaar: int, legacy: bool):
    fmt = (lambda c: str(c)) if legacy else suppress
    for v in vestigingen:
        nummer = v.nummer if legacy else v.brin + v.nummer
        for (profiel, leerweg), code in sorted(v.offer.items()):
            base = PROFILE_WEIGHT[profiel] * (1.0 if leerweg != "gl" else 0.6) * (1 + 0.03 * (schooljaar - 2019))
            counts = []
            for lj in range(1, 7):
                total = rng.randint(0, max(1, round(base * 1.4))) if lj in (3, 4) else 0
                female = sum(rng.random() < FEMALE_SHARE[profiel] for _ in range(total))
                counts += [fmt(total - female), fmt(female)]
            yield [
                v.brin,
                nummer,
                v.naam,
                v.plaats,
                v.provincie,
                ONDERWIJSTYPE[leerweg],
                SECTOR[profiel],
                "N.v.t.",
                code,
                f"VMBO {leerweg.upper()} {profiel}",
                *counts,
            ]
        # A tl row and a havo row: present in real files, not part of the beroepsgerichte indicators.
        tl = rng.randint(5, 40)
        yield [
            v.brin,
            nummer,
            v.naam,
            v.plaats,
            v.provincie,
            ONDERWIJSTYPE["tl"],
            "Techniek",
            "N.v.t.",
            "0470",
            "MAVO/Theor Lw-Profiel Techniek",
            *([fmt(0)] * 4),
            fmt(tl),
            fmt(tl // 3),
            *([fmt(0)] * 6),
        ]
        yield [
            v.brin,
            nummer,
            v.naam,
            v.plaats,
            v.provincie,
            "HAVO lj 4-5",
            "N.v.t.",
            "N.v.t.",
            "0200",
            "HAVO",
            *([fmt(0)] * 6),
            fmt(30),
            fmt(35),
            *([fmt(0)] * 4),
        ]


def write_minimal_demo(landing: Path, years: list[int], seed: int = 2025, n_vestigingen: int = 40) -> list[Path]:
    """Write the demo landing files and return their paths. Same seed -> byte-identical files."""
    rng = random.Random(seed)
    vestigingen = _vestigingen(rng, n_vestigingen)
    written: list[Path] = []
    pupils_dir = landing / "duo_leerlingen_vestiging"
    pupils_dir.mkdir(parents=True, exist_ok=True)
    for year in years:
        legacy = year <= 2019
        path = pupils_dir / f"01.-leerlingen-vo-per-vestiging-naar-onderwijstype-{year}.csv"
        rows = list(_pupil_rows(random.Random(seed * 10_000 + year), vestigingen, year, legacy))
        (write_legacy if legacy else write_new)(path, PUPIL_HEADER_LEGACY if legacy else PUPIL_HEADER_NEW, rows)
        written.append(path)
    vest_dir = landing / "duo_vestigingen"
    vest_dir.mkdir(parents=True, exist_ok=True)
    path = vest_dir / "02.-alle-vestigingen-vo.csv"
    rows = []
    for v in vestigingen:
        structuur = "VBO/MAVO" if any(lw in ("bb", "kb") for _p, lw in v.offer) else "MAVO"
        rows.append(
            [
                v.provincie,
                "40000",
                v.brin,
                v.brin + v.nummer,
                v.naam,
                "Schoolstraat",
                "1",
                v.postcode,
                v.plaats,
                v.gemeentenummer,
                v.plaats,
                "Openbaar",
                " " * 10,
                " " * 80,
                structuur,
                "Schoolstraat",
                "1",
                v.postcode,
                v.plaats,
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        )
    write_legacy(path, VESTIGINGEN_HEADER_LEGACY, rows)
    written.append(path)
    return written
