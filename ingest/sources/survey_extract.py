"""Respondent-level survey extracts (docs/surveys.md): long form, one row per respondent x item, one file
per wave. Every answer is checked against the item's answer scale in the item catalogue (the seeds
survey_items / survey_scales, or their replacements in landing/reference/), so an unknown item or an
answer outside its scale is one line naming file, line, column and rule."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ingest.errors import InputFileError, Problem
from ingest.sources.base import Column, Source, header_of
from ingest.sources.microdata import YEAR, microdata_source
from ingest.sources.reference import seed_rows
from ingest.tabular import TextTable

PSEUDONYM = r"[A-Za-z0-9_-]{4,64}"


def item_scales(landing: Path | None, survey_id: str) -> dict[str, tuple[str, list[str]]]:
    """item_id -> (scale_id, the scale's answer codes) for one survey."""
    codes: dict[str, list[str]] = {}
    for r in seed_rows("survey_scales", landing):
        codes.setdefault(r["scale_id"], []).append(r["answer_code"])
    return {
        r["item_id"]: (r["scale_id"], codes.get(r["scale_id"], []))
        for r in seed_rows("survey_items", landing)
        if r["survey_id"] == survey_id
    }


def derived_items(landing: Path | None, survey_id: str) -> set[str]:
    """Items the warehouse computes (seed survey_derived_items): never delivered in an extract."""
    return {r["item_id"] for r in seed_rows("survey_derived_items", landing) if r["survey_id"] == survey_id}


def check_answers(
    table: TextTable,
    frame: pl.DataFrame,
    survey_id: str,
    landing: Path | None,
    limit: int = 20,
    scales: dict[str, tuple[str, list[str]]] | None = None,
    derived: set[str] | None = None,
):
    """Every item is a delivered item of the survey and every answer is on its scale (``scales`` and
    ``derived``: the catalogue of ``landing``, read once per file when given)."""
    scales = item_scales(landing, survey_id) if scales is None else scales
    derived = derived_items(landing, survey_id) if derived is None else derived
    item_col = header_of(table, COMMON, "item_id")
    answer_col = header_of(table, COMMON, "antwoord")
    problems: list[Problem] = []
    for item, answer, line in zip(frame["item_id"], frame["antwoord"], frame["_source_row"], strict=True):
        if item is None or answer is None:
            continue  # reported by the column rules
        if item in derived:
            problems.append(
                Problem(
                    table.file,
                    f"derived item for survey {survey_id} (computed from survey_derived_items, not delivered)",
                    line,
                    item_col,
                    item,
                )
            )
        elif item not in scales:
            problems.append(
                Problem(table.file, f"unknown item for survey {survey_id} (not in survey_items)", line, item_col, item)
            )
        else:
            scale, codes = scales[item]
            if answer not in codes:
                problems.append(
                    Problem(
                        table.file,
                        f"not an answer of scale {scale} (expected one of {', '.join(codes)})",
                        line,
                        answer_col,
                        answer,
                    )
                )
        if len(problems) >= limit:
            break
    if problems:
        raise InputFileError(problems)


COMMON = (
    Column(
        "respondent_id",
        ("respondent_id",),
        PSEUDONYM,
        "must be a pseudonymous id (4-64 letters, digits, _ or -)",
        nullable=False,
    ),
    Column("golf", ("golf", "wave"), YEAR, "must be a year such as 2025", nullable=False),
    Column("item_id", ("item_id",), r"[a-z0-9_]+", "must be an item id such as pl_impact_01", nullable=False),
    Column("antwoord", ("antwoord", "answer"), nullable=False),
)


def survey_source(name: str, title: str, survey_id: str, attributes: tuple[Column, ...]) -> Source:
    """A survey extract: the common columns plus the instrument's respondent attributes; every answer is
    checked against the item catalogue of the landing zone the file is in, after the file's schooljaar."""
    columns = (*COMMON[:2], *attributes, *COMMON[2:])

    def answers(path: Path):
        landing = path.parent.parent
        scales, derived = item_scales(landing, survey_id), derived_items(landing, survey_id)
        return lambda table, frame: check_answers(table, frame, survey_id, landing, scales=scales, derived=derived)

    return microdata_source(
        name,
        title,
        columns,
        key=("respondent_id", "item_id"),
        schooljaar_column="golf",
        schooljaar_kind="year",
        final_checks=answers,
    )
