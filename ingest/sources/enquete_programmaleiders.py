"""Survey extract: the programme-leader survey (Enquête programmaleiders STO; waves 2021, 2024, 2025), one
row per respondent x item; the respondent id is stable across waves (panel) and the respondent's STO
region is the region id of dim_sto_regio (docs/surveys.md)."""

from ingest.sources.base import Column
from ingest.sources.survey_extract import survey_source

SOURCE = survey_source(
    "enquete_programmaleiders",
    "Survey: programme leaders of the STO regions, one row per respondent x item",
    "PL",
    (
        Column("sto_regio_id", ("sto_regio_id",), r"[A-Za-z0-9_-]{1,32}", "must be an STO region id", nullable=False),
        Column(
            "toedelingswijze",
            ("toedelingswijze",),
            r"verdeelsleutel|regionaal_beheer",
            "must be verdeelsleutel or regionaal_beheer (or empty)",
        ),
    ),
)
