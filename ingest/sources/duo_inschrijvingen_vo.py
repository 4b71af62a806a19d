"""Microdata: vo enrolments on the peildatum, one row per pupil (data_contracts.md, duo_inschrijvingen_vo/)."""

from ingest.sources.base import Column
from ingest.sources.microdata import (
    BRIN,
    ELEMENTCODE,
    GESLACHT,
    LEERLING_ID,
    VESTIGINGSNUMMER,
    YES_NO,
    microdata_source,
    peildatum,
)

COLUMNS = (
    LEERLING_ID,
    peildatum("2023-10-01"),
    BRIN,
    VESTIGINGSNUMMER,
    ELEMENTCODE,
    Column("leerjaar", ("leerjaar",), r"[1-6]", "must be a leerjaar 1-6", nullable=False),
    Column("geslacht", ("geslacht",), GESLACHT, "must be M or V", nullable=False),
    Column("migratieachtergrond", ("migratieachtergrond",), YES_NO, "must be J or N"),
    Column("postcode4", ("postcode4",), r"[1-9][0-9]{3}", "must be a 4-digit postcode"),
)

SOURCE = microdata_source(
    "duo_inschrijvingen_vo",
    "Microdata: vo enrolments on the peildatum (one row per pupil)",
    COLUMNS,
    key=("leerling_id",),
    schooljaar_column="peildatum",
)
