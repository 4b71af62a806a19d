"""DUO exam candidates and passes per vestiging, in both layouts DUO publishes (duo_formats.md 2.4, 2.5).

- ``multi_year``: "Examenkandidaten en geslaagden" (``examenkandidaten-en-geslaagden-<y1>-<y2>.csv``),
  wide: ``EXAMENKANDIDATEN|GESLAAGDEN|SLAAGPERC SCHOOLJAAR yyyy-yyyy - MAN|VROUW|[ONBEKEND|]TOTAAL`` per
  vestiging x onderwijstype x inspectiecode (for vmbo: leerweg x sector). Several schooljaren per file;
  the legacy 2014-2019 variant (``BRIN NUMMER``, with ONBEKEND) and the newer one (``INSTELLINGSCODE``,
  counts 1-4 published as ``<5``) are both accepted.
- ``per_profiel``: "Geslaagden, gezakten en cijfers" (``geslaagden-gezakten-en-cijfers-<y>-<y+1>.csv``), one
  schooljaar, per vestiging x leerweg x sector x AFDELING (the vmbo profile, DUO abbreviations).

Because one file may hold several schooljaren, each file is its own partition (``Source.per_file``):
reloading a changed file replaces exactly the rows of that file. Files of the two layouts (or two
multi-year files) may cover the same schooljaar; staging picks one row per cell (newest file first).
Raw keeps ``<5`` as text; staging turns it into n NULL with bounds 1..4.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from ingest.errors import InputFileError
from ingest.sources.base import (
    COUNT_RULE,
    DUO_BRIN,
    Column,
    ParsedFile,
    Source,
    check_unique,
    checked,
    parsed,
    read_duo_table,
    schooljaar_in_file,
    with_suppressed_counts,
)

VESTIGING = Column(
    "vestigingsnummer",
    ("VESTIGINGSNUMMER", "VESTIGINGSCODE", "BRINVESTIGINGSNUMMER"),
    r"([0-9]{2}[0-9A-Z]{2})?[0-9]{1,2}",
    "must be a 2-digit vestigingsnummer (or BRIN + 2 digits)",
    nullable=False,
)
COMMON = (
    DUO_BRIN,
    VESTIGING,
    Column("instellingsnaam", ("INSTELLINGSNAAM VESTIGING",), required=False),
    Column("gemeentenaam", ("GEMEENTENAAM", "GEMEENTENAAM VESTIGING"), required=False),
    Column(
        "onderwijstype", ("ONDERWIJSTYPE VO",), r"VMBO|HAVO|VWO|[A-Z ]+", "must be an onderwijstype", nullable=False
    ),
)
COUNT = r"[0-9]+"
DECIMAL_OR_EMPTY = r"[0-9]*([.,][0-9]*)?%?|<5|x"

# The raw table: one row per file row x schooljaar x geslacht (TOTAAL for the per-profile layout).
COLUMNS: tuple[Column, ...] = (
    *COMMON,
    Column("provincie", ("PROVINCIE VESTIGING",), required=False),
    Column("leerweg_vmbo", ("LEERWEG VMBO",), r"BL|KL|GL|TL", "must be BL, KL, GL or TL", required=False),
    Column("vmbo_sector", ("VMBO SECTOR",), required=False),
    Column("afdeling", ("AFDELING",), required=False),
    Column("inspectiecode", ("INSPECTIECODE",), r"[0-9]{1,3}", "must be a numeric inspectiecode", required=False),
    Column("opleidingsnaam", ("OPLEIDINGSNAAM",), required=False),
    Column(
        "schooljaar", ("SCHOOLJAAR",), r"(19|20)[0-9]{2}([-/](19|20)?[0-9]{2})?", "must be a schooljaar", required=False
    ),
    Column("geslacht", ("GESLACHT",), required=False),
    Column("examenkandidaten", ("EXAMENKANDIDATEN",), COUNT, COUNT_RULE),
    Column("geslaagden", ("GESLAAGDEN",), COUNT, COUNT_RULE),
    Column("gezakten", ("GEZAKTEN",), COUNT, COUNT_RULE, required=False),
    Column(
        "slaagpercentage", ("SLAAGPERC", "SLAAGPERCENTAGE"), DECIMAL_OR_EMPTY, "must be a percentage", required=False
    ),
    Column("gem_cijfer_se", ("GEMIDDELD CIJFER SCHOOLEXAMEN",), DECIMAL_OR_EMPTY, "must be a decimal", required=False),
    Column(
        "gem_cijfer_ce", ("GEMIDDELD CIJFER CENTRAAL EXAMEN",), DECIMAL_OR_EMPTY, "must be a decimal", required=False
    ),
    Column(
        "gem_cijfer_cijferlijst",
        ("GEMIDDELD CIJFER CIJFERLIJST",),
        DECIMAL_OR_EMPTY,
        "must be a decimal",
        required=False,
    ),
    Column("laatste_schooljaar_bestand", ("LAATSTE SCHOOLJAAR BESTAND",), required=False),
)
PER_PROFIEL_COLUMNS = tuple(c for c in COLUMNS if c.name not in ("geslacht", "laatste_schooljaar_bestand"))
WIDE = re.compile(
    r"^(EXAMENKANDIDATEN|GESLAAGDEN|SLAAGPERC) SCHOOLJAAR ((?:19|20)[0-9]{2})-((?:19|20)[0-9]{2}) - "
    r"(MAN|VROUW|ONBEKEND|TOTAAL)$"
)
MEASURE = {"EXAMENKANDIDATEN": "examenkandidaten", "GESLAAGDEN": "geslaagden", "SLAAGPERC": "slaagpercentage"}
KEY = (
    "brin",
    "vestigingsnummer",
    "onderwijstype",
    "leerweg_vmbo",
    "vmbo_sector",
    "afdeling",
    "inspectiecode",
    "opleidingsnaam",
    "schooljaar",
    "geslacht",
)


def _normalise_keys(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.when(pl.col("vestigingsnummer").str.len_chars() == 6)
        .then(pl.col("vestigingsnummer").str.slice(4, 2))
        .otherwise(pl.col("vestigingsnummer").str.zfill(2))
        .alias("vestigingsnummer")
    )


def _with_suppression(columns: tuple[Column, ...], generation: str) -> tuple[Column, ...]:
    return with_suppressed_counts(columns, lambda c: c.pattern == COUNT) if generation == "new" else columns


def _parse_multi_year(table, file: str, generation: str, wide: dict[str, tuple[str, int, str]]) -> ParsedFile:
    ids = (
        *COMMON,
        Column("inspectiecode", ("INSPECTIECODE",), r"[0-9]{1,3}", "must be a numeric inspectiecode", nullable=False),
        Column("opleidingsnaam", ("OPLEIDINGSNAAM",)),
        Column("provincie", ("PROVINCIE VESTIGING",), required=False),
    )
    wide_columns = tuple(
        Column(
            f"{measure}_{year}_{sex}",
            (h,),
            COUNT if measure != "slaagpercentage" else DECIMAL_OR_EMPTY,
            COUNT_RULE if measure != "slaagpercentage" else "must be a percentage",
        )
        for h, (measure, year, sex) in wide.items()
    )
    columns = _with_suppression((*ids, *wide_columns), generation)
    frame, extra = checked(table, columns)
    frame = _normalise_keys(frame)
    check_unique(table, frame, ("brin", "vestigingsnummer", "onderwijstype", "inspectiecode", "opleidingsnaam"))
    years = sorted({y for _m, y, _s in wide.values()})
    sexes = sorted({s for _m, _y, s in wide.values()})
    for year in years:
        for sex in sexes:
            if f"examenkandidaten_{year}_{sex}" not in frame.columns or f"geslaagden_{year}_{sex}" not in frame.columns:
                raise InputFileError.one(
                    file,
                    f"schooljaar {year}-{year + 1} - {sex.upper()}: "
                    "both EXAMENKANDIDATEN and GESLAAGDEN columns are required",
                    line=1,
                )
    parts = []
    for year in years:
        for sex in sexes:
            perc = f"slaagpercentage_{year}_{sex}"
            parts.append(
                frame.select(
                    *(pl.col(c.name) for c in ids),
                    pl.lit(str(year)).alias("schooljaar"),
                    pl.lit(sex).alias("geslacht"),
                    pl.col(f"examenkandidaten_{year}_{sex}").alias("examenkandidaten"),
                    pl.col(f"geslaagden_{year}_{sex}").alias("geslaagden"),
                    (pl.col(perc) if perc in frame.columns else pl.lit(None, dtype=pl.Utf8)).alias("slaagpercentage"),
                    pl.col("_extra"),
                    pl.col("_source_row"),
                )
            )
    long = pl.concat(parts).with_columns(pl.lit(str(years[-1])).alias("laatste_schooljaar_bestand"))
    for c in COLUMNS:
        if c.name not in long.columns:
            long = long.with_columns(pl.lit(None, dtype=pl.Utf8).alias(c.name))
    long = long.select(*(c.name for c in COLUMNS), "_extra", "_source_row").sort("_source_row", "schooljaar")
    notes = [f"schooljaren {years[0]}-{years[-1]} in one file"]
    return parsed(table, long, None, f"multi_year_{generation}", extra, notes)


def _parse_per_profiel(table, file: str, generation: str) -> ParsedFile:
    columns = _with_suppression(PER_PROFIEL_COLUMNS, generation)
    frame, extra = checked(table, columns)
    frame = _normalise_keys(frame)
    year = schooljaar_in_file(
        table,
        frame,
        columns,
        "schooljaar",
        "cannot tell the schooljaar: the name has no year (expected e.g. ...-2018-2019.csv) and no SCHOOLJAAR column",
    )
    frame = frame.with_columns(
        pl.lit(str(year)).alias("schooljaar"),
        pl.lit("TOTAAL").alias("geslacht"),
        pl.lit(str(year)).alias("laatste_schooljaar_bestand"),
    )
    check_unique(table, frame, KEY)
    frame = frame.select(*(c.name for c in COLUMNS), "_extra", "_source_row")
    return parsed(table, frame, None, f"per_profiel_{generation}", extra)


def parse(path: Path, file: str) -> ParsedFile:
    table, generation = read_duo_table(path, file, "exam")
    wide: dict[str, tuple[str, int, str]] = {}
    for h in table.header:
        m = WIDE.match(h.upper())
        if m:
            wide[h] = (MEASURE[m.group(1)], int(m.group(2)), m.group(4).lower())
            if int(m.group(3)) != int(m.group(2)) + 1:
                raise InputFileError.one(file, "schooljaar must be two consecutive years", line=1, column=h)
    if wide:
        return _parse_multi_year(table, file, generation, wide)
    upper = {h.upper() for h in table.header}
    if "EXAMENKANDIDATEN" in upper and "AFDELING" in upper:
        return _parse_per_profiel(table, file, generation)
    raise InputFileError.one(
        file,
        "unknown exam-file layout: expected 'EXAMENKANDIDATEN SCHOOLJAAR yyyy-yyyy - TOTAAL' columns (multi-year) "
        "or EXAMENKANDIDATEN with AFDELING (geslaagden, gezakten en cijfers)",
        line=1,
    )


SOURCE = Source(
    name="duo_examenkandidaten",
    title='DUO "Examenkandidaten en geslaagden" (multi-year) and "Geslaagden, gezakten en cijfers" (per profiel)',
    columns=COLUMNS,
    key=KEY,
    parse=parse,
    partitioned=False,
    per_file=True,
)
