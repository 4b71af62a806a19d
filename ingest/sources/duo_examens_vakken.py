"""Microdata: school exams in beroepsgerichte keuzevakken and profielmodules
(data_contracts.md, duo_examens_vakken/)."""

from ingest.sources.base import Column
from ingest.sources.microdata import GRADE, YEAR, microdata_source

COLUMNS = (
    Column("leerling_id", ("leerling_id",), nullable=False),
    Column("schooljaar", ("schooljaar",), YEAR, "must be a year such as 2022", nullable=False),
    Column("brin", ("brin",), r"[0-9]{2}[0-9A-Z]{2}", "must be a 4-character BRIN code", nullable=False),
    Column(
        "vestigingsnummer", ("vestigingsnummer",), r"[0-9]{2}", "must be a 2-digit vestigingsnummer", nullable=False
    ),
    Column("elementcode", ("elementcode",), r"[0-9]{4}", "must be a 4-digit element code", nullable=False),
    Column("vakcode", ("vakcode",), r"[^;]{1,40}", "must be a keuzevak code such as 1511", nullable=False),
    Column("vaksoort", ("vaksoort",), r"keuzevak|profielmodule", "must be keuzevak or profielmodule", nullable=False),
    Column("eindcijfer", ("eindcijfer",), GRADE, "must be a grade 1-10 such as 6,8"),
)

SOURCE = microdata_source(
    "duo_examens_vakken",
    "Microdata: school exams in beroepsgerichte keuzevakken and profielmodules (one row per pupil x vak)",
    COLUMNS,
    key=("leerling_id", "vakcode"),
    schooljaar_column="schooljaar",
    schooljaar_kind="year",
)
