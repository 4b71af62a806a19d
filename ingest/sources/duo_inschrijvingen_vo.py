"""Microdata: vo enrolments on the peildatum, one row per pupil (data_contracts.md, duo_inschrijvingen_vo/)."""

from ingest.sources.base import Column
from ingest.sources.microdata import GESLACHT, ISO_DATE, YES_NO, microdata_source

COLUMNS = (
    Column("leerling_id", ("leerling_id",), nullable=False),
    Column("peildatum", ("peildatum",), ISO_DATE, "must be an ISO date such as 2023-10-01", nullable=False),
    Column("brin", ("brin",), r"[0-9]{2}[0-9A-Z]{2}", "must be a 4-character BRIN code", nullable=False),
    Column(
        "vestigingsnummer", ("vestigingsnummer",), r"[0-9]{2}", "must be a 2-digit vestigingsnummer", nullable=False
    ),
    Column("elementcode", ("elementcode",), r"[0-9]{4}", "must be a 4-digit element code", nullable=False),
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
