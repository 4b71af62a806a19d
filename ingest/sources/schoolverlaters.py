"""Microdata: the school-leaver survey (Schoolverlatersonderzoek / VO-Monitor), one row per respondent
(data_contracts.md, schoolverlaters/). One file per meting (survey year)."""

from ingest.sources.base import Column
from ingest.sources.microdata import NON_NEGATIVE, YEAR, microdata_source

ITEMS = ("aantrekkelijk", "actueel", "uitdagend", "basis_keuze", "basis_vervolg", "aansluiting")
PROFIEL = r"BWI|PIE|MVI|M&T|MaT|D&P|E&O|HBR|Z&W|Groen|BWI/PIE"

COLUMNS = (
    Column("respondent_id", ("respondent_id",), nullable=False),
    Column("meting", ("meting",), YEAR, "must be a year such as 2023", nullable=False),
    Column("diploma_schooljaar", ("diploma_schooljaar",), YEAR, "must be a year such as 2021", nullable=False),
    Column("leerweg", ("leerweg",), r"bb|kb|gl|tl", "must be bb, kb, gl or tl", nullable=False),
    Column("profiel", ("profiel",), PROFIEL, "must be a profile code such as BWI or Z&W"),
    Column("weegfactor", ("weegfactor",), NON_NEGATIVE, "must be a decimal weight >= 0 such as 1,25", nullable=False),
    *(Column(i, (i,), r"[1-5]", "must be an answer 1-5 (or empty)") for i in ITEMS),
)

SOURCE = microdata_source(
    "schoolverlaters",
    "Microdata: school-leaver survey, one row per respondent",
    COLUMNS,
    key=("respondent_id",),
    schooljaar_column="meting",
    schooljaar_kind="year",
)
