"""Synthetic geography for the demo: real Dutch town names and rough coordinates, with invented
PC4 areas around each town (urban ones close to the centre, villages further out), written as a
GeoNames-style NL.txt. Postcodes and village names are illustrative; nothing is copied from GeoNames."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

# GeoNames admin code1 per province.
PROVINCE_CODE = {
    "Drenthe": "01",
    "Friesland": "02",
    "Gelderland": "03",
    "Groningen": "04",
    "Limburg": "05",
    "Noord-Brabant": "06",
    "Noord-Holland": "07",
    "Utrecht": "09",
    "Zeeland": "10",
    "Zuid-Holland": "11",
    "Overijssel": "15",
    "Flevoland": "16",
}

# name, province, lat, lon, population (thousands), preferred PC2 prefix, maritime town
TOWNS: list[tuple[str, str, float, float, int, int, bool]] = [
    ("Amsterdam", "Noord-Holland", 52.370, 4.895, 870, 10, True),
    ("Hilversum", "Noord-Holland", 52.223, 5.176, 90, 12, False),
    ("Almere", "Flevoland", 52.371, 5.222, 215, 13, False),
    ("Purmerend", "Noord-Holland", 52.505, 4.959, 80, 14, False),
    ("Zaandam", "Noord-Holland", 52.439, 4.826, 155, 15, False),
    ("Hoorn", "Noord-Holland", 52.642, 5.060, 73, 16, False),
    ("Den Helder", "Noord-Holland", 52.959, 4.760, 56, 17, True),
    ("Alkmaar", "Noord-Holland", 52.632, 4.748, 110, 18, False),
    ("Haarlem", "Noord-Holland", 52.381, 4.637, 160, 20, False),
    ("Leiden", "Zuid-Holland", 52.160, 4.497, 125, 23, False),
    ("Den Haag", "Zuid-Holland", 52.078, 4.288, 550, 25, False),
    ("Delft", "Zuid-Holland", 52.012, 4.357, 105, 26, False),
    ("Zoetermeer", "Zuid-Holland", 52.057, 4.493, 125, 27, False),
    ("Gouda", "Zuid-Holland", 52.012, 4.711, 74, 28, False),
    ("Rotterdam", "Zuid-Holland", 51.922, 4.479, 650, 30, True),
    ("Spijkenisse", "Zuid-Holland", 51.845, 4.329, 73, 32, False),
    ("Dordrecht", "Zuid-Holland", 51.813, 4.690, 120, 33, False),
    ("Nieuwegein", "Utrecht", 52.029, 5.081, 63, 34, False),
    ("Utrecht", "Utrecht", 52.091, 5.122, 360, 35, False),
    ("Harderwijk", "Gelderland", 52.350, 5.621, 48, 36, False),
    ("Zeist", "Utrecht", 52.089, 5.232, 65, 37, False),
    ("Amersfoort", "Utrecht", 52.156, 5.388, 160, 38, False),
    ("Veenendaal", "Utrecht", 52.029, 5.556, 66, 39, False),
    ("Tiel", "Gelderland", 51.886, 5.429, 42, 40, False),
    ("Gorinchem", "Zuid-Holland", 51.830, 4.975, 37, 42, False),
    ("Middelburg", "Zeeland", 51.499, 3.614, 49, 43, False),
    ("Vlissingen", "Zeeland", 51.443, 3.573, 45, 44, True),
    ("Goes", "Zeeland", 51.504, 3.889, 38, 45, False),
    ("Terneuzen", "Zeeland", 51.335, 3.828, 55, 46, False),
    ("Roosendaal", "Noord-Brabant", 51.531, 4.465, 78, 47, False),
    ("Breda", "Noord-Brabant", 51.589, 4.776, 185, 48, False),
    ("Bergen op Zoom", "Noord-Brabant", 51.495, 4.287, 68, 49, False),
    ("Tilburg", "Noord-Brabant", 51.556, 5.091, 225, 50, False),
    ("Waalwijk", "Noord-Brabant", 51.683, 5.070, 49, 51, False),
    ("'s-Hertogenbosch", "Noord-Brabant", 51.690, 5.304, 160, 52, False),
    ("Oss", "Noord-Brabant", 51.765, 5.518, 93, 53, False),
    ("Uden", "Noord-Brabant", 51.661, 5.619, 42, 54, False),
    ("Eindhoven", "Noord-Brabant", 51.441, 5.478, 240, 56, False),
    ("Helmond", "Noord-Brabant", 51.476, 5.661, 93, 57, False),
    ("Weert", "Limburg", 51.252, 5.706, 50, 55, False),
    ("Venlo", "Limburg", 51.370, 6.172, 102, 59, False),
    ("Roermond", "Limburg", 51.194, 5.988, 58, 60, False),
    ("Sittard", "Limburg", 50.998, 5.869, 92, 61, False),
    ("Maastricht", "Limburg", 50.851, 5.691, 122, 62, False),
    ("Heerlen", "Limburg", 50.888, 5.979, 87, 64, False),
    ("Nijmegen", "Gelderland", 51.842, 5.853, 180, 65, False),
    ("Ede", "Gelderland", 52.040, 5.665, 120, 67, False),
    ("Arnhem", "Gelderland", 51.985, 5.899, 165, 68, False),
    ("Doetinchem", "Gelderland", 51.965, 6.289, 58, 70, False),
    ("Winterswijk", "Gelderland", 51.972, 6.720, 29, 71, False),
    ("Zutphen", "Gelderland", 52.138, 6.201, 48, 72, False),
    ("Apeldoorn", "Gelderland", 52.211, 5.969, 165, 73, False),
    ("Deventer", "Overijssel", 52.255, 6.163, 100, 74, False),
    ("Enschede", "Overijssel", 52.221, 6.894, 160, 75, False),
    ("Almelo", "Overijssel", 52.357, 6.662, 73, 76, False),
    ("Hengelo", "Overijssel", 52.266, 6.793, 81, 77, False),
    ("Emmen", "Drenthe", 52.785, 6.897, 107, 78, False),
    ("Hoogeveen", "Drenthe", 52.724, 6.476, 56, 79, False),
    ("Zwolle", "Overijssel", 52.517, 6.083, 130, 80, False),
    ("Kampen", "Overijssel", 52.555, 5.911, 54, 81, False),
    ("Lelystad", "Flevoland", 52.518, 5.471, 80, 82, False),
    ("Urk", "Flevoland", 52.662, 5.601, 21, 83, True),
    ("Dronten", "Flevoland", 52.525, 5.718, 41, 84, False),
    ("Meppel", "Drenthe", 52.696, 6.194, 34, 85, False),
    ("Hardenberg", "Overijssel", 52.576, 6.619, 61, 86, False),
    ("Sneek", "Friesland", 53.033, 5.660, 34, 87, False),
    ("Harlingen", "Friesland", 53.174, 5.422, 16, 88, True),
    ("Leeuwarden", "Friesland", 53.201, 5.799, 125, 89, False),
    ("Heerenveen", "Friesland", 52.960, 5.920, 50, 90, False),
    ("Drachten", "Friesland", 53.107, 6.099, 45, 92, False),
    ("Assen", "Drenthe", 52.993, 6.562, 68, 94, False),
    ("Stadskanaal", "Groningen", 52.989, 6.950, 32, 95, False),
    ("Veendam", "Groningen", 53.107, 6.879, 27, 96, False),
    ("Groningen", "Groningen", 53.219, 6.567, 235, 97, False),
    ("Winschoten", "Groningen", 53.144, 7.035, 18, 98, False),
    ("Delfzijl", "Groningen", 53.330, 6.919, 25, 99, False),
]

_PREFIXES = ["", "", "", "Nieuw-", "Oud-", "Groot-", "Sint ", "Oost", "West", "Zuid", "Noord"]
_STEMS = ["beek", "dam", "berg", "hof", "veen", "zand", "bos", "wold", "dijk", "hem", "lo", "hout", "mere", "sloot"]
_SUFFIXES = ["", "erveld", "hoven", "wijk", "dorp", "um", "horst", "broek", "rade", "zijl", "kerk"]


@dataclass(frozen=True)
class Geography:
    """Towns and PC4 areas. Arrays are aligned per PC4 (pc4, place, town index, lat, lon, population)."""

    town_name: list[str]
    town_province: list[str]
    town_gemeente: list[str]  # 4-digit synthetic gemeentecode
    town_lat: np.ndarray
    town_lon: np.ndarray
    town_pop: np.ndarray
    town_maritime: np.ndarray
    pc4: np.ndarray  # str
    place: list[str]
    pc4_town: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    pop: np.ndarray

    @property
    def urbanness(self) -> np.ndarray:
        """Per town: standardised log population (used to cluster offers in big towns)."""
        z = np.log(self.town_pop)
        return (z - z.mean()) / z.std()


def distance_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Haversine distance in km between every point of set 1 (rows) and set 2 (columns)."""
    la1, lo1 = np.radians(lat1)[:, None], np.radians(lon1)[:, None]
    la2, lo2 = np.radians(lat2)[None, :], np.radians(lon2)[None, :]
    a = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def build_geography(rng: np.random.Generator) -> Geography:
    used: set[int] = set()
    prefixes = []
    for t in TOWNS:
        p = t[5]
        while p in used:
            p += 1
        used.add(p)
        prefixes.append(p)
    pc4s, places, towns, lats, lons, pops = [], [], [], [], [], []
    for ti, (name, _prov, lat, lon, pop, _p, _m) in enumerate(TOWNS):
        prefix = prefixes[ti]
        n_urban = int(np.clip(pop // 9, 4, 55))
        n_rural = int(np.clip(18 + pop // 25, 18, 34))  # at most 55 + 34 codes per prefix: 10..98
        radius_town = 1.2 + np.sqrt(pop) / 7  # km
        km_lat = 1 / 111.0
        km_lon = 1 / (111.0 * np.cos(np.radians(lat)))
        r = radius_town * np.sqrt(rng.random(n_urban))
        a = rng.random(n_urban) * 2 * np.pi
        lats += list(lat + r * np.sin(a) * km_lat)
        lons += list(lon + r * np.cos(a) * km_lon)
        pops += list(np.full(n_urban, pop * 1000 * 0.8 / n_urban) * rng.uniform(0.6, 1.4, n_urban))
        places += [name] * n_urban
        pc4s += [f"{prefix}{i:02d}" for i in range(10, 10 + n_urban)]
        # Villages: 4-19 km from the town centre, each its own place name.
        r = 4 + 15 * np.sqrt(rng.random(n_rural))
        a = rng.random(n_rural) * 2 * np.pi
        lats += list(lat + r * np.sin(a) * km_lat)
        lons += list(lon + r * np.cos(a) * km_lon)
        pops += list(rng.uniform(1500, 6000, n_rural) * (1 + pop / 400))
        for _ in range(n_rural):
            name_v = (
                _PREFIXES[rng.integers(len(_PREFIXES))]
                + _STEMS[rng.integers(len(_STEMS))].capitalize()
                + _SUFFIXES[rng.integers(len(_SUFFIXES))]
            )
            places.append(name_v.replace("- ", "-"))
        pc4s += [f"{prefix}{i:02d}" for i in range(10 + n_urban, 10 + n_urban + n_rural)]
        towns += [ti] * (n_urban + n_rural)
    return Geography(
        town_name=[t[0] for t in TOWNS],
        town_province=[t[1] for t in TOWNS],
        town_gemeente=[f"{(i * 37 + 14) % 2000:04d}" for i in range(len(TOWNS))],
        town_lat=np.array([t[2] for t in TOWNS]),
        town_lon=np.array([t[3] for t in TOWNS]),
        town_pop=np.array([t[4] for t in TOWNS], dtype=float),
        town_maritime=np.array([t[6] for t in TOWNS]),
        pc4=np.array(pc4s),
        place=places,
        pc4_town=np.array(towns),
        lat=np.round(np.array(lats), 4),
        lon=np.round(np.array(lons), 4),
        pop=np.array(pops),
    )


def write_geonames(path: Path, geo: Geography) -> None:
    """GeoNames postal-code layout: 12 tab-separated columns, no header, UTF-8, LF."""
    lines = []
    for i in range(len(geo.pc4)):
        t = geo.pc4_town[i]
        prov = geo.town_province[t]
        lines.append(
            "\t".join(
                [
                    "NL",
                    str(geo.pc4[i]),
                    geo.place[i],
                    prov,
                    PROVINCE_CODE[prov],
                    f"Gemeente {geo.town_name[t]}",
                    geo.town_gemeente[t],
                    "",
                    "",
                    f"{geo.lat[i]:.4f}",
                    f"{geo.lon[i]:.4f}",
                    "",
                ]
            )
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
