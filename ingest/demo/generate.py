"""`sto-monitor demo`: a complete, consistent landing zone for every source (docs/demo_data.md).

Public DUO files are aggregations of the microdata written alongside them, so the two always agree.
Every random draw comes from a generator seeded by (--seed, component, schooljaar): same seed ->
byte-identical files."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from ingest.demo import duo_writers as w
from ingest.demo.enquetes import generate_leerlingen, generate_lesgevenden, generate_programmaleiders
from ingest.demo.exams import generate_exams, passed
from ingest.demo.geography import build_geography, write_geonames
from ingest.demo.hbo import write_hbo_files
from ingest.demo.mbo import mbo_enrolments, mbo_institutions
from ingest.demo.programme import HEADER as PROGRAMME_HEADER
from ingest.demo.programme import programme_rows
from ingest.demo.published import Targets
from ingest.demo.pupils import HAVO_CODE, PupilGenerator, scramble
from ingest.demo.reference import build_regions, keuzevakken, mbo_opleidingen, sto_regio_rows
from ingest.demo.survey import generate_survey
from ingest.demo.teacher_deliveries import cbs_opleiding, generate_vakken
from ingest.demo.teachers import generate_teachers
from ingest.demo.vestigingen import TECH, assign_offers, home_kernel, place_vestigingen, profile_weights

ONDERWIJSTYPE = {
    "bb": "VMBO BL lj 3-4",
    "kb": "VMBO KL lj 3-4",
    "gl": "VMBO GL lj 3-4",
    "tl": "VMBO TL lj 3-4",
    "havo": "HAVO lj 4-5",
}
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
AFDELING = {
    "BWI": "BWI",
    "PIE": "PIE",
    "MVI": "MVI",
    "M&T": "MTR",
    "MaT": "MTE",
    "D&P": "DP",
    "E&O": "EO",
    "HBR": "HBR",
    "Z&W": "ZWE",
    "Groen": "G",
}
EXAM_SECTOR = {
    "Techniek": "techniek",
    "Economie": "economie",
    "Intersect. programma": "economie",
    "Zorg & Welzijn": "zorg en welzijn",
    "Landbouw": "landbouw",
}
INSPECTIE = {
    ("bb", "techniek"): "34", ("bb", "zorg en welzijn"): "35", ("bb", "economie"): "36", ("bb", "landbouw"): "37",
    ("kb", "techniek"): "38", ("kb", "zorg en welzijn"): "39", ("kb", "economie"): "40", ("kb", "landbouw"): "41",
    ("gl", "techniek"): "42", ("gl", "zorg en welzijn"): "43", ("gl", "economie"): "44", ("gl", "landbouw"): "45",
}  # fmt: skip
INSPECTIE_NAAM = {"bb": "B", "kb": "K", "gl": "G"}
TL_INSPECTIE = {
    "0": ("90", "techniek"),
    "1": ("91", "zorg en welzijn"),
    "2": ("92", "economie"),
    "3": ("93", "landbouw"),
}
LEGACY_EXAM_LEERWEG = {"bb": "BL", "kb": "KL", "gl": "GL", "tl": "TL"}
TL_SECTOR = {"0": "Techniek", "1": "Zorg & Welzijn", "2": "Economie", "3": "Landbouw"}
EXAM_NEW_FROM = 2019  # schooljaren >= this go to the newer multi-year file; earlier ones to legacy files


@dataclass(frozen=True)
class Places:
    """Per vestiging: province and place name (upper case, as DUO writes them)."""

    province: list[str]
    town: list[str]


def write_csv(frame: pl.DataFrame, path: Path) -> None:
    """Microdata / reference CSV: ';', UTF-8, header, LF, no quoting unless needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.write_csv(path, separator=";", line_terminator="\n", null_value="")


def write_micro(frame: pl.DataFrame, path: Path, fmt: str) -> Path:
    """A microdata extract as CSV (';', UTF-8, header) or Parquet with the same column names."""
    if fmt == "parquet":
        path = path.with_suffix(".parquet")
        path.parent.mkdir(parents=True, exist_ok=True)
        frame.write_parquet(path, compression="zstd", statistics=False)
    else:
        write_csv(frame, path)
    return path


def write_demo(
    landing: Path, years: list[int], scale: float = 1.0, seed: int = 2025, microdata_format: str = "parquet"
) -> list[Path]:
    """Write the demo landing zone; returns the paths written. Same arguments -> byte-identical files."""
    years = sorted(set(years))

    def rng_for(name: str, year: int = 0) -> np.random.Generator:
        return np.random.default_rng(np.random.SeedSequence([seed, zlib.crc32(name.encode()), year]))

    targets = Targets()
    written: list[Path] = []
    geo = build_geography(rng_for("geography"))
    vest = place_vestigingen(rng_for("vestigingen"), geo, scale)
    kernel = home_kernel(geo, vest)
    assign_offers(
        lambda: rng_for("offers"),
        geo,
        vest,
        kernel,
        years,
        scale,
        targets,
        profile_weights(rng_for("profile-weight", 0), vest),
    )
    places = Places([geo.town_province[t] for t in vest.town], [geo.town_name[t].upper() for t in vest.town])
    vakken = keuzevakken()
    opleidingen = mbo_opleidingen()
    mbo_brin = mbo_institutions(rng_for("mbo-brin"), vest, geo.town_pop)

    path = landing / "pc4" / "NL.txt"
    write_geonames(path, geo)
    written.append(path)

    pupils = PupilGenerator(rng_for, vest, kernel, targets, scale)
    # per year only the candidates / passes per vestiging x opleiding x gender (for the exam files after the
    # loop), not the lj4 pupils themselves: memory stays that of one year's pupils at every scale
    exam_groups: dict[int, pl.DataFrame] = {}
    tech_share = np.zeros(len(vest))
    plan_year = min(years, key=lambda y: abs(y - 2018))  # pupils behind the 2020 budgets: 1 Oct 2018
    plan_pupils = np.zeros(len(vest))
    teachers_by_year: dict[int, pl.DataFrame] = {}
    for year, enrol, lj4 in pupils.year_frames(years):
        enrol_out = enrol.with_columns(
            pl.Series("leerling_id", scramble(enrol["leerling_id"].to_numpy())),
            pl.lit(f"{year}-10-01").alias("peildatum"),
            pl.Series("brin", vest.brin[enrol["vest"].to_numpy()]),
            pl.Series("vestigingsnummer", vest.nummer[enrol["vest"].to_numpy()]),
            pl.Series("postcode4", geo.pc4[enrol["pc4"].to_numpy()]),
            pl.col("mig").alias("migratieachtergrond"),
        ).select(
            "leerling_id",
            "peildatum",
            "brin",
            "vestigingsnummer",
            "elementcode",
            "leerjaar",
            "geslacht",
            "migratieachtergrond",
            "postcode4",
        )
        path = landing / "duo_inschrijvingen_vo" / f"inschrijvingen-vo-{year}.csv"
        written.append(write_micro(enrol_out, path, microdata_format))
        written.append(_write_pupil_file(landing, year, enrol, vest, places))
        lj3 = enrol.filter(pl.col("leerjaar") == 3)
        if year == plan_year:
            t34 = enrol.filter(
                pl.col("leerjaar").is_in([3, 4])
                & pl.col("leerweg").is_in(["bb", "kb", "gl"])
                & pl.col("profiel").is_in(TECH)
            )
            plan_pupils = np.bincount(t34["vest"].to_numpy(), minlength=len(vest)).astype(float)
        if year == years[-1] or year == 2023:
            t = lj3.filter(pl.col("profiel").is_not_null())
            n_all = np.bincount(t["vest"].to_numpy(), minlength=len(vest))
            n_t = np.bincount(t.filter(pl.col("profiel").is_in(TECH))["vest"].to_numpy(), minlength=len(vest))
            tech_share = n_t / np.maximum(n_all, 1)
        # exams of lj4 pupils
        exams = generate_exams(rng_for("exams", year), lj4, year, vakken, targets, scale)
        exam_out = exams.with_columns(
            pl.Series("leerling_id", scramble(exams["leerling_id"].to_numpy())),
            pl.lit(year, dtype=pl.Int64).alias("schooljaar"),
            pl.Series("brin", vest.brin[exams["vest"].to_numpy()]),
            pl.Series("vestigingsnummer", vest.nummer[exams["vest"].to_numpy()]),
        ).select(
            "leerling_id", "schooljaar", "brin", "vestigingsnummer", "elementcode", "vakcode", "vaksoort", "eindcijfer"
        )
        path = landing / "duo_examens_vakken" / f"examens-vakken-{year}.csv"
        written.append(write_micro(exam_out, path, microdata_format))
        lj4 = lj4.with_columns(pl.Series("geslaagd", passed(rng_for("passed", year), lj4.height)))
        exam_groups[year] = _exam_groups(lj4)
        # mbo enrolments of year+1 for this year's lj4 pupils who go to mbo
        if year + 1 in years:
            mbo = mbo_enrolments(rng_for("mbo", year), lj4, year, opleidingen, targets.mbo_tech_rate(), mbo_brin)
            mbo = mbo.with_columns(pl.Series("leerling_id", scramble(mbo["leerling_id"].to_numpy())))
            path = landing / "duo_inschrijvingen_mbo" / f"inschrijvingen-mbo-{year + 1}.csv"
            written.append(write_micro(mbo, path, microdata_format))
        # teachers (BRIN level, schools offering the profile)
        per_brin = (
            enrol.filter(pl.col("profiel").is_not_null())
            .with_columns(
                pl.Series("brin", vest.brin[enrol.filter(pl.col("profiel").is_not_null())["vest"].to_numpy()])
            )
            .group_by("brin", "profiel")
            .agg(pl.len().alias("n"))
            .sort("brin", "profiel")
        )
        teachers = generate_teachers(rng_for("teachers", year), year, per_brin, targets, scale)
        path = landing / "ipto_lesgevenden" / f"lesgevenden-{year}.csv"
        written.append(write_micro(teachers, path, microdata_format))
        # the vakken these teachers teach (G5); CBS's education aggregate over all years follows the loop
        path = landing / "ipto_lesgevenden_vakken" / f"lesgevenden-vakken-{year}.csv"
        written.append(
            write_micro(generate_vakken(rng_for("teacher-vakken", year), year, teachers), path, microdata_format)
        )
        teachers_by_year[year] = teachers
        # school-leaver survey: meting = diploma year + 2
        meting = year + 2
        diplomas = (
            lj4.filter(pl.col("geslaagd") & pl.col("profiel").is_not_null())
            .group_by("profiel", "leerweg")
            .agg(pl.len().alias("n"))
        )
        survey = generate_survey(rng_for("survey", meting), meting, diplomas, targets)
        path = landing / "schoolverlaters" / f"schoolverlaters-{meting}.csv"
        written.append(write_micro(survey, path, microdata_format))

    written += _write_exam_files(landing, years, exam_groups, vest, places, rng_for)
    path = landing / "cbs_lesgevenden_opleiding" / f"cbs-lesgevenden-opleiding-{years[0]}-{years[-1]}.csv"
    write_csv(cbs_opleiding(rng_for, teachers_by_year), path)
    written.append(path)
    written += write_hbo_files(landing, years[-1], rng_for("hbo"))
    written.append(_write_vestigingen(landing, vest, geo))
    regions = build_regions(rng_for("regions"), geo, vest, scale, tech_share)
    per_region = np.bincount(regions.region_of, weights=plan_pupils, minlength=regions.n_regions + 1)
    for start, rows in programme_rows(rng_for("programme"), regions, per_region).items():
        path = landing / "sto_programma" / f"sto-programma-{start}.csv"
        write_csv(pl.DataFrame(rows, schema=PROGRAMME_HEADER, orient="row"), path)
        written.append(path)
    ref = landing / "reference"
    path = ref / "sto_regio_vestigingen.csv"
    rows = sto_regio_rows(vest, regions)
    cols = ["sto_regio_id", "regio_naam", "techniekluw", "brin", "vestigingsnummer", "geldig_van", "geldig_tot"]
    write_csv(pl.DataFrame(rows, schema=cols, orient="row"), path)
    written.append(path)
    # surveys of programme leaders (waves 2021, 2024, 2025) and teachers (2025), linked to the regions
    region_ids = sorted({r[0] for r in rows if r[5] == "2018-08-01"})
    for wave, frame in generate_programmaleiders(rng_for("enquete-pl"), seed, region_ids).items():
        path = landing / "enquete_programmaleiders" / f"enquete-programmaleiders-{wave}.csv"
        write_csv(frame, path)
        written.append(path)
    path = landing / "enquete_lesgevenden" / "enquete-lesgevenden-2025.csv"
    write_csv(generate_lesgevenden(rng_for("enquete-lg"), seed, region_ids), path)
    written.append(path)
    path = landing / "enquete_leerlingen" / "enquete-leerlingen-2025.csv"
    write_csv(generate_leerlingen(rng_for("enquete-ll"), seed, region_ids), path)
    written.append(path)
    path = ref / "keuzevakken.csv"
    write_csv(
        pl.DataFrame(
            [(v.vakcode, v.vaknaam, v.profiel, v.vaksoort) for v in vakken],
            schema=["vakcode", "vaknaam", "profiel", "vaksoort"],
            orient="row",
        ),
        path,
    )
    written.append(path)
    path = ref / "mbo_opleidingen.csv"
    write_csv(
        pl.DataFrame(
            [
                (o.code, o.naam, o.niveau, o.sectorkamer, o.techniek_sectorkamer, o.techniek_indicatie)
                for o in opleidingen
            ],
            schema=[
                "opleidingscode",
                "opleidingsnaam",
                "niveau",
                "sectorkamer",
                "techniek_sectorkamer",
                "techniek_indicatie",
            ],
            orient="row",
        ),
        path,
    )
    written.append(path)
    return written


def _write_pupil_file(landing: Path, year: int, enrol: pl.DataFrame, vest, places: Places) -> Path:
    """DUO 01. Leerlingen vo per vestiging: aggregation of the vo enrolments (vmbo lj3/4 and havo follow-up)."""
    agg = (
        enrol.group_by("vest", "elementcode", "leerweg", "profiel", "leerjaar", "geslacht")
        .agg(pl.len().alias("n"))
        .with_columns((pl.format("lj{}_", pl.col("leerjaar")) + pl.col("geslacht")).alias("cell"))
        .pivot(on="cell", index=["vest", "elementcode", "leerweg", "profiel"], values="n", aggregate_function="sum")
        .fill_null(0)
        .sort("vest", "elementcode")
    )
    cells = [f"lj{n}_{g}" for n in range(1, 7) for g in ("M", "V")]
    legacy = year <= 2019
    fmt = str if legacy else w.suppress
    rows = []
    for rec in agg.iter_rows(named=True):
        v = rec["vest"]
        lw, p, code = rec["leerweg"], rec["profiel"], rec["elementcode"]
        if lw == "havo":
            sector, afdeling, naam = "N.v.t.", "N.v.t.", "HAVO"
        elif lw == "tl":
            sector, afdeling, naam = (
                TL_SECTOR.get(code[-1], "N.v.t.") if code not in ("0474", "2215") else "N.v.t.",
                "N.v.t.",
                f"MAVO/Theor Lw {code}",
            )
        elif p is None:
            sector, afdeling, naam = "Techniek", "N.v.t.", f"VMBO Vakmanschapsroute {code}"
        else:
            sector, afdeling, naam = SECTOR[p], AFDELING[p], f"VMBO {lw.upper()} {p}"
        counts = [fmt(int(rec.get(c, 0) or 0)) for c in cells]
        nummer = vest.nummer[v] if legacy else vest.brin[v] + vest.nummer[v]
        prov = places.province[v]
        rows.append(
            [
                vest.brin[v],
                nummer,
                vest.naam[v],
                places.town[v],
                prov,
                ONDERWIJSTYPE[lw],
                sector,
                afdeling,
                code,
                naam,
                *counts,
            ]
        )
    path = landing / "duo_leerlingen_vestiging" / f"01.-leerlingen-vo-per-vestiging-naar-onderwijstype-{year}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    if legacy:
        w.write_legacy(path, w.PUPIL_HEADER_LEGACY, rows)
    else:
        w.write_new(path, w.PUPIL_HEADER_NEW, rows)
    return path


def _exam_groups(lj4: pl.DataFrame) -> pl.DataFrame:
    """Candidates / passes per vestiging x opleiding x gender of the lj4 pupils of one year."""
    frame = lj4.with_columns(
        pl.when(pl.col("leerweg") == "tl")
        .then(pl.col("elementcode").str.slice(3, 1))
        .otherwise(pl.col("profiel").fill_null("D&P"))
        .alias("_p")
    )
    return frame.group_by("vest", "leerweg", "_p", "geslacht").agg(
        pl.len().alias("kand"), pl.col("geslaagd").sum().alias("gesl")
    )


def _write_exam_files(
    landing: Path, years: list[int], exam_groups: dict[int, pl.DataFrame], vest, places: Places, rng_for
) -> list[Path]:
    folder = landing / "duo_examenkandidaten"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for year in [y for y in years if y < EXAM_NEW_FROM]:
        # Legacy "Geslaagden, gezakten en cijfers" per vmbo profiel (afdeling), decimal comma.
        g = (
            exam_groups[year]
            .group_by("vest", "leerweg", "_p")
            .agg(pl.col("kand").sum(), pl.col("gesl").sum())
            .sort("vest", "leerweg", "_p")
        )
        rng = rng_for("exam-grades", year)
        rows = []
        for v, lw, p, kand, gesl in g.iter_rows():
            if lw == "havo":
                continue
            if lw == "tl":
                sector, afdeling = TL_SECTOR.get(p, ""), ""
            else:
                sector, afdeling = SECTOR[p], AFDELING[p]
            se, ce = rng.normal(6.5, 0.3), rng.normal(6.3, 0.35)
            rows.append(
                [
                    vest.brin[v],
                    vest.brin[v] + vest.nummer[v],
                    vest.naam[v],
                    places.town[v],
                    places.province[v],
                    "VMBO",
                    LEGACY_EXAM_LEERWEG[lw],
                    sector,
                    afdeling,
                    kand,
                    gesl,
                    kand - gesl,
                    _dec(se),
                    _dec(ce),
                    _dec((se + ce) / 2 + 0.1),
                ]
            )
        path = folder / f"geslaagden-gezakten-en-cijfers-{year}-{year + 1}.csv"
        w.write_legacy(path, LEGACY_EXAM_HEADER, rows)
        written.append(path)
    new_years = [y for y in years if y >= EXAM_NEW_FROM]
    if new_years:
        frames = []
        for year in new_years:
            frames.append(exam_groups[year].with_columns(pl.lit(year).alias("jaar")))
        g = pl.concat(frames).filter(pl.col("leerweg") != "havo")
        g = g.with_columns(
            pl.struct("leerweg", "_p")
            .map_elements(lambda s: _inspectie(s["leerweg"], s["_p"]), return_dtype=pl.Utf8)
            .alias("code")
        )
        g = g.group_by("vest", "code", "jaar", "geslacht").agg(pl.col("kand").sum(), pl.col("gesl").sum())
        keys = g.select("vest", "code").unique().sort("vest", "code")
        lookup = {(v, c, j, s): (k, p) for v, c, j, s, k, p in g.iter_rows()}
        header = [
            "INSTELLINGSCODE",
            "VESTIGINGSCODE",
            "INSTELLINGSNAAM VESTIGING",
            "GEMEENTENAAM",
            "ONDERWIJSTYPE VO",
            "INSPECTIECODE",
            "OPLEIDINGSNAAM",
        ]
        for y in new_years:
            for part in ("MAN", "VROUW", "TOTAAL"):
                for measure in ("EXAMENKANDIDATEN", "GESLAAGDEN", "SLAAGPERC"):
                    header.append(f"{measure} SCHOOLJAAR {y}-{y + 1} - {part}")
        # header order of the real file: per year, per gender, the three measures
        rows = []
        for v, code in keys.iter_rows():
            row = [
                vest.brin[v],
                vest.brin[v] + vest.nummer[v],
                vest.naam[v],
                places.town[v],
                "VMBO",
                code,
                INSPECTIE_OPLEIDING[code],
            ]
            for y in new_years:
                km, gm = lookup.get((v, code, y, "M"), (0, 0))
                kv, gv = lookup.get((v, code, y, "V"), (0, 0))
                for k, gg in ((km, gm), (kv, gv), (km + kv, gm + gv)):
                    row += [w.suppress(k), w.suppress(gg), _pct(gg, k)]
            rows.append(row)
        path = folder / f"examenkandidaten-en-geslaagden-{new_years[0]}-{new_years[-1] + 1}.csv"
        w.write_new(path, header, rows)
        written.append(path)
    return written


LEGACY_EXAM_HEADER = [
    "BRIN NUMMER",
    "VESTIGINGSNUMMER",
    "INSTELLINGSNAAM VESTIGING",
    "GEMEENTENAAM VESTIGING",
    "PROVINCIE VESTIGING",
    "ONDERWIJSTYPE VO",
    "LEERWEG VMBO",
    "VMBO SECTOR",
    "AFDELING",
    "EXAMENKANDIDATEN",
    "GESLAAGDEN",
    "GEZAKTEN",
    "GEMIDDELD CIJFER SCHOOLEXAMEN",
    "GEMIDDELD CIJFER CENTRAAL EXAMEN",
    "GEMIDDELD CIJFER CIJFERLIJST",
]
INSPECTIE_OPLEIDING = {
    **{c: f"VMBO {INSPECTIE_NAAM[lw]} - {s}" for (lw, s), c in INSPECTIE.items()},
    **{c: f"VMBO T - {s}" for c, s in TL_INSPECTIE.values()},
}


def _inspectie(leerweg: str, p: str) -> str:
    if leerweg == "tl":
        return TL_INSPECTIE.get(p, ("92", "economie"))[0]
    return INSPECTIE[(leerweg, EXAM_SECTOR[SECTOR[p]])]


def _dec(x: float) -> str:
    """Legacy decimal: comma, no leading zero below 1 (duo_formats.md 1A)."""
    s = f"{x:.1f}".replace(".", ",")
    return s[1:] if s.startswith("0,") else s


def _pct(passes: int, candidates: int) -> str:
    if candidates == 0:
        return "0"
    v = round(100.0 * passes / candidates, 1)
    return str(int(v)) if v == int(v) else f"{v:.1f}"


def _write_vestigingen(landing: Path, vest, geo) -> Path:
    rows = []
    for i in np.argsort(vest.vestiging_id, kind="stable"):
        t = vest.town[i]
        structuur = "VBO/MAVO" if vest.beroeps[i] else "MAVO"
        adres = [vest.straat[i], str(vest.huisnummer[i]), vest.postcode[i], geo.town_name[t].upper()]
        rows.append(
            [
                geo.town_province[t],
                f"{40000 + int(i)}",
                vest.brin[i],
                vest.brin[i] + vest.nummer[i],
                vest.naam[i],
                *adres,
                geo.town_gemeente[t],
                geo.town_name[t].upper(),
                "Openbaar",
                " " * 10,
                " " * 80,
                structuur,
                *adres,
                *[""] * 12,
            ]
        )
    path = landing / "duo_vestigingen" / "02.-alle-vestigingen-vo.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    w.write_legacy(path, w.VESTIGINGEN_HEADER_LEGACY, rows)
    return path


__all__ = ["HAVO_CODE", "write_demo"]
