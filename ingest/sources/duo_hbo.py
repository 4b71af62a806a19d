"""DUO's open hbo data (onderwijsdata.duo.nl, "1 cijfer hoger onderwijs", peildatum 1 October), one source
per dataset (docs/teacher_pipeline.md):

- ``duo_hbo_eerstejaars``: p02ho1ejrs "eerstejaars ingeschrevenen hbo" (``eerstejaarsingeschrevenenhbo.csv``)
- ``duo_hbo_ingeschrevenen``: p01hoinges "ingeschrevenen hbo" (``ingeschrevenenhbo.csv``)
- ``duo_hbo_gediplomeerden``: p04hogdipl "gediplomeerden hbo" (``gediplomeerdenhbo.csv``)

Their format is not the vo files': comma-separated, every text field double-quoted (years and codes too,
``"2020"``, ``"0106"``, ``"35210"``), the count unquoted, UTF-8, CRLF as DUO serves them (LF accepted),
one row per year x gemeente x instelling x opleiding (x soort diploma), five years per file. A count of 1-4
is published as ``-1``; raw keeps it as text and staging turns it into bounds 1-4 (never 0 or -1).

A file holds several years, so each file is its own partition (``Source.per_file``), as the exam files
are: an older edition kept beside the current one (e.g. ``eerstejaarsingeschrevenenhbo-2023.csv``)
adds history; for a year in several files staging takes the newest edition (latest last year, then the
latest load). The older ``;``-separated layout with one column per year is refused, as is any other one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ingest.errors import InputFileError
from ingest.sources.base import Column, ParsedFile, Source, checked, choice, parsed
from ingest.tabular import decode, read_text_table

COUNT_OR_SUPPRESSED = r"[0-9]+|-1"
COUNT_RULE_HBO = "must be a whole number >= 0, or -1 (DUO: 1 to 4)"
YEAR = r"(19|20)[0-9]{2}"


@dataclass(frozen=True)
class HboDataset:
    """One DUO hbo dataset: its source name, year and count columns and its dimension columns."""

    name: str
    title: str
    year_header: str  # STUDIEJAAR | DIPLOMAJAAR
    count_header: str
    kind_column: Column  # TYPE_HOGER_ONDERWIJS | SOORT_DIPLOMA

    @property
    def year(self) -> str:
        return self.year_header.lower()

    @property
    def columns(self) -> tuple[Column, ...]:
        return (
            Column(self.year, (self.year_header,), YEAR, "must be a year such as 2023", nullable=False),
            Column("provincienaam", ("PROVINCIENAAM",), required=False),
            Column(
                "gemeentenummer",
                ("GEMEENTENUMMER",),
                r"[0-9]{4}",
                "must be a 4-digit CBS gemeentecode such as 0106",
                nullable=False,
            ),
            Column("gemeentenaam", ("GEMEENTENAAM",), required=False),
            Column("soort_instelling", ("SOORT_INSTELLING",), required=False),
            self.kind_column,
            Column(
                "instellingscode",
                ("INSTELLINGSCODE_ACTUEEL",),
                r"[0-9]{2}[0-9A-Z]{2}",
                "must be a 4-character instellingscode (BRIN) such as 31FR",
                nullable=False,
            ),
            Column("instellingsnaam", ("INSTELLINGSNAAM_ACTUEEL",), required=False),
            Column("onderdeel", ("ONDERDEEL",), required=False),
            Column("subonderdeel", ("SUBONDERDEEL",), required=False),
            Column(
                "opleidingscode",
                ("OPLEIDINGSCODE_ACTUEEL",),
                r"[0-9]{5}",
                "must be a 5-digit CROHO code such as 35210",
                nullable=False,
            ),
            Column("opleidingsnaam", ("OPLEIDINGSNAAM_ACTUEEL",), required=False),
            Column("aantal", (self.count_header,), COUNT_OR_SUPPRESSED, COUNT_RULE_HBO, nullable=False),
            Column("laatste_jaar_bestand", ("LAATSTE_JAAR_BESTAND",), YEAR, "must be a year", required=False),
        )

    @property
    def key(self) -> tuple[str, ...]:
        return (self.year, "gemeentenummer", "instellingscode", "opleidingscode", self.kind_column.name)


TYPE_HO = choice("type_hoger_onderwijs", "TYPE_HOGER_ONDERWIJS", ("associate degree", "bachelor", "master"))
SOORT_DIPLOMA = choice("soort_diploma", "SOORT_DIPLOMA", ("hbo associate degree", "hbo bachelor", "hbo master"))

DATASETS = (
    HboDataset(
        "duo_hbo_eerstejaars",
        'DUO "eerstejaars ingeschrevenen hbo" (p02ho1ejrs)',
        "STUDIEJAAR",
        "AANTAL_EERSTEJAARS_INGESCHREVENEN",
        TYPE_HO,
    ),
    HboDataset(
        "duo_hbo_ingeschrevenen",
        'DUO "ingeschrevenen hbo" (p01hoinges)',
        "STUDIEJAAR",
        "AANTAL_INGESCHREVENEN",
        TYPE_HO,
    ),
    HboDataset(
        "duo_hbo_gediplomeerden",
        'DUO "gediplomeerden hbo" (p04hogdipl)',
        "DIPLOMAJAAR",
        "AANTAL_GEDIPLOMEERDEN",
        SOORT_DIPLOMA,
    ),
)
COUNT_HEADERS = {d.count_header: d for d in DATASETS}


def _check_layout(path: Path, file: str, dataset: HboDataset) -> None:
    """Refuse, in one line naming the line and column, what is not this dataset's current layout."""
    first = decode(path.read_bytes(), file, ("utf-8",), "','-separated")[0].split("\n", 1)[0].rstrip("\r")
    if "," not in first:
        older = ";" in first
        raise InputFileError.one(
            file,
            f"unknown layout: expected the current comma-separated {dataset.title} file"
            + (" (DUO's older ';'-separated layout with one column per year is not read)" if older else ""),
            line=1,
            column=first.split(";")[0].strip().strip('"') if older else None,
            value=None if older else first[:40],
        )
    header = [h.strip().strip('"').strip().upper() for h in first.split(",")]
    missing = next((h for h in (dataset.count_header, dataset.year_header) if h not in header), None)
    if missing is None:
        return
    other = next((COUNT_HEADERS[h] for h in header if h in COUNT_HEADERS and h != dataset.count_header), None)
    if other is not None:
        raise InputFileError.one(
            file,
            f"unknown layout: this is a {other.title} file, not a {dataset.title} file; "
            f"it belongs in landing/{other.name}/",
            line=1,
            column=other.count_header,
        )
    raise InputFileError.one(
        file, f"unknown layout: not a {dataset.title} file (no column {missing})", line=1, column=missing
    )


def make_parse(dataset: HboDataset):
    def parse(path: Path, file: str) -> ParsedFile:
        _check_layout(path, file, dataset)
        table = read_text_table(path, file, sep=",", encodings=("utf-8",))
        frame, extra = checked(table, dataset.columns, dataset.key)
        years = sorted({int(y) for y in frame.get_column(dataset.year).unique().to_list()})
        frame = frame.with_columns(pl.lit(str(years[-1])).alias("laatste_jaar_bestand"))
        return parsed(
            table, frame, None, "hbo_csv", extra, [f"{dataset.year_header} {years[0]}-{years[-1]} in one file"]
        )

    return parse


def hbo_source(dataset: HboDataset) -> Source:
    return Source(
        name=dataset.name,
        title=dataset.title,
        columns=dataset.columns,
        key=dataset.key,
        parse=make_parse(dataset),
        partitioned=False,
        per_file=True,
    )


SOURCES: tuple[Source, ...] = tuple(hbo_source(d) for d in DATASETS)
