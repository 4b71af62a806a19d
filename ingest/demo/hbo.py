"""DUO's open hbo files of the demo (docs/demo_data.md): first-year students, enrolled students and
graduates of the six technical teacher-training programmes of G17 (three of which DUO no longer lists,
as in the real files) and of a few other hbo programmes, at illustrative hogescholen. Numbers are
illustrative (the report publishes none), of the size of the real files (2019-2024: some 90-100
first-year students and 110-150 graduates a year over the six). Graduates of diplomajaar t come from the
first-year cohorts t-3 to t-5; enrolled students are the surviving cohorts. Each file holds five years,
as DUO's do; three editions per dataset (the current file and two older ones named after their last
year) give the fifteen years of history LassoCV needs."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ingest.demo import duo_writers as w

# (code, DUO name, ONDERDEEL, SUBONDERDEEL, type hoger onderwijs, [(instelling, first-year level)])
PROGRAMMES = [
    ("35254", "B Opleiding tot leraar voortgezet onderwijs van de tweede graad in Techniek",
     "ONDERWIJS", "leraar voortgezet onderwijs", "bachelor", [("90HA", 7.0), ("90HC", 5.0)]),
    ("35210", "B Opleiding tot leraar voortgezet onderwijs van de tweede graad in het Technisch Beroepsonderwijs",
     "ONDERWIJS", "leraar voortgezet onderwijs", "bachelor", [("90HA", 28.0), ("90HB", 22.0), ("90HD", 16.0)]),
    ("35208", "B Opleiding tot leraar voortgezet onderwijs van de tweede graad in Mens en Technologie",
     "ONDERWIJS", "leraar voortgezet onderwijs", "bachelor", [("90HB", 14.0)]),
    ("35423", "B Opleiding tot leraar voortgezet onderwijs van de tweede graad in Consumptieve Techniek I en II",
     "ONDERWIJS", "leraar voortgezet onderwijs", "bachelor", [("90HC", 9.0)]),
    ("34808", "B Opleiding tot leraar Basisonderwijs", "ONDERWIJS", "leraar basisonderwijs", "bachelor",
     [("90HA", 120.0), ("90HB", 95.0), ("90HD", 80.0)]),
    ("34267", "B Elektrotechniek", "TECHNIEK", "n.v.t. (techniek)", "bachelor", [("90HB", 60.0), ("90HD", 3.0)]),
    ("80009", "Ad Tourism Management", "ECONOMIE", "n.v.t. (economie)", "associate degree", [("90HC", 12.0)]),
]  # fmt: skip
# instelling -> (name, gemeentenummer, gemeentenaam, provincie); illustrative hogescholen
INSTELLINGEN = {
    "90HA": ("Hogeschool Demo Noord", "0014", "Groningen", "Groningen"),
    "90HB": ("Hogeschool Demo Midden", "0344", "Utrecht", "Utrecht"),
    "90HC": ("Hogeschool Demo West", "0599", "Rotterdam", "Zuid-Holland"),
    "90HD": ("Hogeschool Demo Zuid", "0772", "Eindhoven", "Noord-Brabant"),
}
# Graduates of diplomajaar t per first-year student of studiejaar t - k (a four-year bachelor: k = 3 nominal)
YIELD = {3: 0.30, 4: 0.18, 5: 0.06}
SURVIVAL = (1.0, 0.82, 0.72, 0.55, 0.30, 0.12)  # share of a cohort still enrolled k years after entry
EDITIONS = 3  # files per dataset, five years each
STEM = {
    "eerstejaars": ("duo_hbo_eerstejaars", "eerstejaarsingeschrevenenhbo"),
    "ingeschrevenen": ("duo_hbo_ingeschrevenen", "ingeschrevenenhbo"),
    "gediplomeerden": ("duo_hbo_gediplomeerden", "gediplomeerdenhbo"),
}
COMMON = ["PROVINCIENAAM", "GEMEENTENUMMER", "GEMEENTENAAM", "SOORT_INSTELLING"]
TAIL = ["INSTELLINGSCODE_ACTUEEL", "INSTELLINGSNAAM_ACTUEEL", "ONDERDEEL", "SUBONDERDEEL",
        "OPLEIDINGSCODE_ACTUEEL", "OPLEIDINGSNAAM_ACTUEEL"]  # fmt: skip


def _cohorts(rng: np.random.Generator, first: int, last: int) -> dict[tuple[str, str], dict[int, int]]:
    """First-year students per (programme, instelling) and studiejaar first..last: a level that drifts
    (a random walk of about 8 % a year) with Poisson noise."""
    out = {}
    for code, *_rest, places in PROGRAMMES:
        for instelling, level in places:
            drift = np.exp(np.cumsum(rng.normal(0.0, 0.08, last - first + 1)))
            counts = rng.poisson(level * drift)
            out[(code, instelling)] = {first + i: int(c) for i, c in enumerate(counts)}
    return out


def write_hbo_files(landing: Path, last_year: int, rng: np.random.Generator) -> list[Path]:
    """The three datasets in DUO's format; studiejaren up to `last_year`, diplomajaren up to last_year - 1."""
    first_written = last_year - 5 * EDITIONS + 1
    cohorts = _cohorts(rng, first_written - 6, last_year)
    values: dict[str, dict[tuple[str, str, int], int]] = {"eerstejaars": {}, "ingeschrevenen": {}, "gediplomeerden": {}}
    for (code, instelling), per_year in cohorts.items():
        for year in range(first_written, last_year + 1):
            values["eerstejaars"][(code, instelling, year)] = per_year[year]
            enrolled = sum(per_year.get(year - k, 0) * s for k, s in enumerate(SURVIVAL))
            values["ingeschrevenen"][(code, instelling, year)] = int(round(enrolled))
            diplomas = sum(rng.binomial(per_year.get(year - 1 - k, 0), p) for k, p in YIELD.items())
            values["gediplomeerden"][(code, instelling, year - 1)] = int(diplomas)
    by_code = {p[0]: p for p in PROGRAMMES}
    written = []
    for maat, (folder, stem) in STEM.items():
        latest = last_year - (1 if maat == "gediplomeerden" else 0)
        year_header = "DIPLOMAJAAR" if maat == "gediplomeerden" else "STUDIEJAAR"
        kind = ["SOORT_DIPLOMA"] if maat == "gediplomeerden" else []
        count = {
            "eerstejaars": "AANTAL_EERSTEJAARS_INGESCHREVENEN",
            "ingeschrevenen": "AANTAL_INGESCHREVENEN",
            "gediplomeerden": "AANTAL_GEDIPLOMEERDEN",
        }[maat]
        if maat == "gediplomeerden":
            header = [year_header, *COMMON, *TAIL, *kind, count]
        else:
            header = [year_header, *COMMON, "TYPE_HOGER_ONDERWIJS", *TAIL, count]
        for edition in range(EDITIONS):
            end = latest - 5 * edition
            rows = []
            for year in range(end - 4, end + 1):
                for (code, instelling, y), n in sorted(values[maat].items()):
                    if y != year or n == 0:
                        continue  # DUO lists no row for an opleiding without students
                    _c, name, onderdeel, sub, soort, _places = by_code[code]
                    inst, gemnr, gemnaam, prov = INSTELLINGEN[instelling]
                    tail = [instelling, inst, onderdeel, sub, code, name]
                    if maat == "gediplomeerden":
                        row = [year, prov, gemnr, gemnaam, "reguliere inst.", *tail, f"hbo {soort}"]
                    else:
                        row = [year, prov, gemnr, gemnaam, "reguliere inst.", soort, *tail]
                    rows.append([*row, w.suppress_hbo(n)])
            name = f"{stem}.csv" if edition == 0 else f"{stem}-{end}.csv"
            path = landing / folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            w.write_hbo(path, header, rows)
            written.append(path)
    return written
