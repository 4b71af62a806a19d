"""Microdata: mbo enrolments on the peildatum (data_contracts.md, duo_inschrijvingen_mbo/).

A student may have more than one enrolment on the peildatum (e.g. a bol and a bbl programme);
they are all kept here; the doorstroom model picks one (see int_doorstroom__lj4)."""

from ingest.sources.base import Column
from ingest.sources.microdata import BRIN, LEERLING_ID, microdata_source, peildatum

COLUMNS = (
    LEERLING_ID,
    peildatum("2023-10-01"),
    BRIN,
    Column(
        "opleidingscode", ("opleidingscode",), r"[0-9A-Z]{3,10}", "must be an opleidingscode (crebo)", nullable=False
    ),
    Column("niveau", ("niveau",), r"[1-4]", "must be an mbo niveau 1-4", nullable=False),
    Column("leerweg_mbo", ("leerweg_mbo",), r"BOL|BBL", "must be BOL or BBL", nullable=False),
)

SOURCE = microdata_source(
    "duo_inschrijvingen_mbo",
    "Microdata: mbo enrolments on the peildatum (one row per enrolment)",
    COLUMNS,
    key=("leerling_id", "brin", "opleidingscode", "leerweg_mbo"),
    schooljaar_column="peildatum",
)
