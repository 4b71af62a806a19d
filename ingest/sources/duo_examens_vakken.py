"""Microdata: school exams in beroepsgerichte keuzevakken and profielmodules
(data_contracts.md, duo_examens_vakken/)."""

from ingest.sources.base import Column
from ingest.sources.microdata import BRIN, ELEMENTCODE, GRADE, LEERLING_ID, VESTIGINGSNUMMER, YEAR, microdata_source

COLUMNS = (
    LEERLING_ID,
    Column("schooljaar", ("schooljaar",), YEAR, "must be a year such as 2022", nullable=False),
    BRIN,
    VESTIGINGSNUMMER,
    ELEMENTCODE,
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
