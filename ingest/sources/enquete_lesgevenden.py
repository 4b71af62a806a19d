"""Survey extract: the teacher survey (Enquête lesgevenden bovenbouw vmbo, 2025), one row per respondent x
item; technisch_vak = J when the respondent teaches a technical (keuze)vak (docs/surveys.md)."""

from ingest.sources.base import Column
from ingest.sources.microdata import YES_NO
from ingest.sources.survey_extract import survey_source

SOURCE = survey_source(
    "enquete_lesgevenden",
    "Survey: teachers in the vmbo bovenbouw, one row per respondent x item",
    "LG",
    (
        Column("sto_regio_id", ("sto_regio_id",), r"[A-Za-z0-9_-]{1,32}", "must be an STO region id (or empty)"),
        Column("technisch_vak", ("technisch_vak",), YES_NO, "must be J or N", nullable=False),
    ),
)
