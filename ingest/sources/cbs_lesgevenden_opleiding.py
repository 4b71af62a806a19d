"""The education of lesgevenden as CBS exports it from Remote Access (docs/teacher_deliveries.md,
cbs_lesgevenden_opleiding/): an aggregate, never microdata, one row per peiljaar x profiel (or
profielgroep, or all profile teachers) x kenmerk x categorie with the number of persons. Catalog G13
(kenmerk ``opleidingsniveau``) and G14 (``opleidingsrichting``).

CBS export rules apply before the file leaves CBS: a count of 1 to 9 persons is never delivered; it is
``<10`` (or the row is left out). A file with such a count is refused, so no small count of persons
reaches the warehouse. A file may hold several peiljaren, so each file is its own partition; for a
peiljaar in several files staging takes the newest load.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ingest.errors import Problem, raise_problems
from ingest.sources.base import Column, ParsedFile, Source, check_unique, checked, header_of, parsed, problems_where
from ingest.sources.ipto_lesgevenden import PROFIELEN, one_of
from ingest.tabular import TextTable, read_text_table

PROFIELGROEPEN = ("techniek", "niet-techniek")
CATEGORIEEN = {
    "opleidingsniveau": ("mbo", "hbo", "wo", "onbekend"),
    "opleidingsrichting": (
        "lerarenopleiding algemene en beroepsgerichte vakken",
        "overige onderwijsopleiding",
        "opleiding buiten het onderwijs",
        "onbekend",
    ),
}
CBS_MINIMUM = 10  # CBS export rule (indicators.md 3.5): fewer than ten observations are not exported
SUPPRESSED_BY_CBS = "<10"

COLUMNS = (
    Column("peiljaar", ("peiljaar",), r"(19|20)[0-9]{2}", "must be a year such as 2022", nullable=False),
    Column(
        "profiel",
        ("profiel",),
        one_of(PROFIELEN),
        f"unknown profile code (expected one of {', '.join(PROFIELEN)})",
    ),
    Column(
        "profielgroep",
        ("profielgroep",),
        one_of(PROFIELGROEPEN),
        f"must be one of {', '.join(PROFIELGROEPEN)}",
    ),
    Column(
        "kenmerk",
        ("kenmerk",),
        one_of(tuple(CATEGORIEEN)),
        f"must be one of {', '.join(CATEGORIEEN)}",
        nullable=False,
    ),
    Column("categorie", ("categorie",), nullable=False),
    Column(
        "aantal_personen",
        ("aantal_personen",),
        r"[0-9]+|<10",
        "must be a whole number of persons >= 0 or '<10'",
        nullable=False,
    ),
)
KEY = ("peiljaar", "profiel", "profielgroep", "kenmerk", "categorie")


def check_rows(table: TextTable, frame: pl.DataFrame, limit: int = 20) -> None:
    """Categories of their kenmerk; profiel or profielgroep, not both; no count of 1-9 persons."""
    problems: list[Problem] = []
    for i, (kenmerk, categorie) in enumerate(zip(frame["kenmerk"], frame["categorie"], strict=True)):
        allowed = CATEGORIEEN[kenmerk]
        if categorie not in allowed:
            problems.append(
                Problem(
                    table.file,
                    f"unknown {kenmerk} (expected one of {', '.join(allowed)})",
                    line=int(frame["_source_row"][i]),
                    column=header_of(table, COLUMNS, "categorie"),
                    value=categorie,
                )
            )
        if len(problems) >= limit:
            break
    problems += problems_where(
        table,
        frame,
        frame["profiel"].is_not_null() & frame["profielgroep"].is_not_null(),
        "give a profiel or a profielgroep, not both (both empty = all profile teachers)",
        header_of(table, COLUMNS, "profielgroep"),
        limit=limit,
    )
    n = frame["aantal_personen"].cast(pl.Int64, strict=False)
    problems += problems_where(
        table,
        frame,
        (n > 0) & (n < CBS_MINIMUM),
        f"fewer than {CBS_MINIMUM} persons may not leave CBS (export rule): write "
        f"'{SUPPRESSED_BY_CBS}' or leave the row out",
        header_of(table, COLUMNS, "aantal_personen"),
        frame["aantal_personen"],
        limit,
    )
    raise_problems(problems, limit)


def parse(path: Path, file: str) -> ParsedFile:
    table = read_text_table(path, file, encodings=("utf-8",))
    frame, extra = checked(table, COLUMNS)
    check_rows(table, frame)
    check_unique(table, frame, KEY)
    years = sorted({int(y) for y in frame["peiljaar"].unique().to_list()})
    return parsed(table, frame, None, "cbs_aggregate", extra, [f"peiljaren {', '.join(str(y) for y in years)}"])


SOURCE = Source(
    name="cbs_lesgevenden_opleiding",
    title="CBS aggregate: education level and field of lesgevenden per peiljaar x profiel (Remote Access export)",
    columns=COLUMNS,
    key=KEY,
    parse=parse,
    partitioned=False,
    per_file=True,
)
