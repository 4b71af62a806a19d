"""Microdata: teachers (lesgevenden) per profile on the peildatum, one row per person x school x profile
(data_contracts.md, ipto_lesgevenden/). Decimals may use '.' or ','; ranges are checked here, so a bad
value is reported as one line naming file, line and column."""

from __future__ import annotations

import polars as pl

from ingest.errors import Problem, raise_problems
from ingest.sources.base import Column, decimal, header_of, problems_where
from ingest.sources.microdata import BRIN, DECIMAL, GESLACHT, WHOLE, YES_NO, microdata_source, peildatum
from ingest.tabular import TextTable

PROFIELEN = ("BWI", "PIE", "MVI", "M&T", "MaT", "D&P", "E&O", "HBR", "Z&W", "Groen", "BWI/PIE")
SITUATIES = ("onderwijs", "bedrijfsleven", "opleiding", "overig")


def one_of(values: tuple[str, ...]) -> str:
    """A full-match regex alternative of literal codes (/ and & escaped)."""
    return "|".join(v.replace("/", r"\/").replace("&", r"\&") for v in values)


COLUMNS = (
    Column("persoon_id", ("persoon_id",), nullable=False),
    peildatum("2022-10-01"),
    BRIN,
    Column(
        "profiel",
        ("profiel",),
        one_of(PROFIELEN),
        f"unknown profile code (expected one of {', '.join(PROFIELEN)})",
        nullable=False,
    ),
    Column("functiecategorie", ("functiecategorie",), r"OP|OOP", "must be OP or OOP", nullable=False),
    Column("deeltijdfactor", ("deeltijdfactor",), DECIMAL, "must be a decimal number", nullable=False),
    Column("aandeel_profiel", ("aandeel_profiel",), DECIMAL, "must be a decimal number", nullable=False),
    Column("leeftijd", ("leeftijd",), WHOLE, "must be a whole number of years", nullable=False),
    Column("geslacht", ("geslacht",), GESLACHT, "must be M or V", nullable=False),
    Column("bevoegd", ("bevoegd",), YES_NO, "must be J or N", nullable=False),
    Column("contract", ("contract",), r"vast|tijdelijk", "must be vast or tijdelijk", nullable=False),
    Column(
        "situatie_5jr_eerder",
        ("situatie_5jr_eerder",),
        one_of(SITUATIES),
        f"must be one of {', '.join(SITUATIES)}",
    ),
    Column("hoofdbaan_buiten_onderwijs", ("hoofdbaan_buiten_onderwijs",), YES_NO, "must be J or N"),
)

# column -> (minimum, maximum, wording); values already match DECIMAL / WHOLE
RANGES = {
    "deeltijdfactor": (0.0, 1.2, "must be between 0 and 1.2"),
    "aandeel_profiel": (0.0, 1.0, "must be between 0 and 1"),
    "leeftijd": (15.0, 80.0, "must be an age between 15 and 80"),
}


def check_ranges(table: TextTable, frame: pl.DataFrame, limit: int = 20) -> None:
    """Decimal and age ranges of the contract; ',' is accepted as the decimal separator."""
    problems: list[Problem] = []
    for name, (low, high, rule) in RANGES.items():
        text = frame.get_column(name)
        number = decimal(text)
        bad = (number < low) | (number > high)
        problems += problems_where(table, frame, bad, rule, header_of(table, COLUMNS, name), text, limit)
    raise_problems(problems, limit)


SOURCE = microdata_source(
    "ipto_lesgevenden",
    "Microdata: lesgevenden per profile on the peildatum (IPTO/DUO/CBS; one row per person x BRIN x profile)",
    COLUMNS,
    key=("persoon_id", "brin", "profiel"),
    schooljaar_column="peildatum",
    extra_checks=check_ranges,
)
