"""Microdata: the vakken each lesgevende teaches on the peildatum (IPTO), one row per person x BRIN x vak
(docs/teacher_deliveries.md, ipto_lesgevenden_vakken/). ``vak_categorie`` says whether the vak is a
profielvak (incl. keuzevak bij het profiel and the legacy vakken of Tabel B4.1; ``profiel`` then names
its profile), an avo-vak (Tabel B4.2) or an overig vak (Tabel B4.3). Catalog G5."""

from __future__ import annotations

import polars as pl

from ingest.errors import Problem, raise_problems
from ingest.sources.base import Column, decimal, header_of, problems_where
from ingest.sources.ipto_lesgevenden import PROFIELEN, one_of
from ingest.sources.microdata import BRIN, DECIMAL, microdata_source, peildatum
from ingest.tabular import TextTable

VAK_CATEGORIEEN = ("profielvak", "avo", "overig")
MAX_LESUREN = 40.0

COLUMNS = (
    Column("persoon_id", ("persoon_id",), nullable=False),
    peildatum("2022-10-01"),
    BRIN,
    Column("vak", ("vak",), nullable=False),
    Column(
        "vak_categorie",
        ("vak_categorie",),
        one_of(VAK_CATEGORIEEN),
        f"must be one of {', '.join(VAK_CATEGORIEEN)}",
        nullable=False,
    ),
    Column(
        "profiel",
        ("profiel",),
        one_of(PROFIELEN),
        f"unknown profile code (expected one of {', '.join(PROFIELEN)})",
    ),
    Column("lesuren", ("lesuren",), DECIMAL, "must be a decimal number", nullable=False),
)


def check_rows(table: TextTable, frame: pl.DataFrame, limit: int = 20) -> None:
    """A profielvak names its profile and only a profielvak does; lesuren per week in (0, 40]."""
    problems: list[Problem] = []
    is_profielvak = frame["vak_categorie"] == "profielvak"
    has_profiel = frame["profiel"].is_not_null()
    profiel = header_of(table, COLUMNS, "profiel")
    problems += problems_where(
        table, frame, is_profielvak & ~has_profiel, "a profielvak needs its profiel", profiel, limit=limit
    )
    for i in (~is_profielvak & has_profiel).arg_true().head(limit).to_list():
        problems.append(
            Problem(
                table.file,
                f"must be empty for an {frame['vak_categorie'][i]} vak (only a profielvak has a profiel)",
                line=int(frame["_source_row"][i]),
                column=profiel,
                value=frame["profiel"][i],
            )
        )
    number = decimal(frame["lesuren"])
    problems += problems_where(
        table,
        frame,
        (number <= 0) | (number > MAX_LESUREN),
        f"must be more than 0 and at most {MAX_LESUREN:g} lesuren per week",
        header_of(table, COLUMNS, "lesuren"),
        frame["lesuren"],
        limit,
    )
    raise_problems(problems, limit)


SOURCE = microdata_source(
    "ipto_lesgevenden_vakken",
    "Microdata: vakken of lesgevenden on the peildatum (IPTO; one row per person x BRIN x vak)",
    COLUMNS,
    key=("persoon_id", "brin", "vak"),
    schooljaar_column="peildatum",
    extra_checks=check_rows,
)
