"""The registry of raw sources. A new source is a module with a ``SOURCE`` and one line here."""

from ingest.sources import (
    cbs_lesgevenden_opleiding,
    duo_examenkandidaten,
    duo_examens_vakken,
    duo_hbo,
    duo_inschrijvingen_mbo,
    duo_inschrijvingen_vo,
    duo_leerlingen_vestiging,
    duo_vestigingen,
    enquete_leerlingen,
    enquete_lesgevenden,
    enquete_programmaleiders,
    ipto_lesgevenden,
    ipto_lesgevenden_vakken,
    pc4,
    schoolverlaters,
    sto_programma,
)
from ingest.sources.base import Source
from ingest.sources.reference import REFERENCE_SOURCES

SOURCES: dict[str, Source] = {
    s.name: s
    for s in (
        duo_leerlingen_vestiging.SOURCE,
        duo_vestigingen.SOURCE,
        duo_inschrijvingen_vo.SOURCE,
        ipto_lesgevenden.SOURCE,
        pc4.SOURCE,
        duo_examens_vakken.SOURCE,
        duo_inschrijvingen_mbo.SOURCE,
        schoolverlaters.SOURCE,
        duo_examenkandidaten.SOURCE,
        sto_programma.SOURCE,
        enquete_programmaleiders.SOURCE,
        enquete_lesgevenden.SOURCE,
        enquete_leerlingen.SOURCE,
        *duo_hbo.SOURCES,
        ipto_lesgevenden_vakken.SOURCE,
        cbs_lesgevenden_opleiding.SOURCE,
        *REFERENCE_SOURCES,
    )
}

__all__ = ["SOURCES", "Source"]
