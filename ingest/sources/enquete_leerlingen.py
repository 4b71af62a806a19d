"""Survey extract: the pupil survey (Leerlingenvragenlijst 2025), one row per respondent x item; school_id
is a pseudonym of the pupil's school, bouw_groep the report's sub-base (docs/surveys.md)."""

from ingest.sources.base import Column
from ingest.sources.survey_extract import PSEUDONYM, survey_source

SOURCE = survey_source(
    "enquete_leerlingen",
    "Survey: vmbo pupils, one row per respondent x item",
    "LL",
    (
        Column("school_id", ("school_id",), PSEUDONYM, "must be a pseudonymous school id", nullable=False),
        Column("sto_regio_id", ("sto_regio_id",), r"[A-Za-z0-9_-]{1,32}", "must be an STO region id (or empty)"),
        Column(
            "bouw_groep",
            ("bouw_groep",),
            r"onderbouw|bovenbouw_zonder_techniek|bovenbouw_met_techniek",
            "must be onderbouw, bovenbouw_zonder_techniek or bovenbouw_met_techniek",
            nullable=False,
        ),
    ),
)
