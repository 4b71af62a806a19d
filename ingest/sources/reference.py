"""Reference data that replaces a dbt seed: `landing/reference/<seed>.csv` (';', UTF-8, the seed's header).

Each overridable seed is a source `reference__<seed>` loaded into raw; the staging model of the seed
uses the delivered rows when there are any and the versioned seed otherwise (macro reference_rows).
"""

from __future__ import annotations

import csv
from pathlib import Path

from ingest.errors import InputFileError
from ingest.paths import DBT_PROJECT_DIR
from ingest.sources.base import Column, ParsedFile, Source, check_unique, check_values, map_columns
from ingest.tabular import read_text_table

SEEDS_DIR = DBT_PROJECT_DIR / "seeds"

# seed name -> its key columns. A seed listed here can be replaced by a file in landing/reference/.
OVERRIDABLE_SEEDS: dict[str, tuple[str, ...]] = {
    "element_codes": ("elementcode",),
    "profielen": ("profiel",),
    "exam_codes": ("kolom", "code"),
    "sto_regio_vestigingen": ("brin", "vestigingsnummer", "geldig_van"),
    "keuzevakken": ("vakcode",),
    "mbo_opleidingen": ("opleidingscode",),
    "survey_scales": ("scale_id", "answer_code"),
    "survey_items": ("survey_id", "table_id", "item_id"),
    "survey_tables": ("survey_id", "table_id"),
    "survey_derived_items": ("survey_id", "item_id", "source_item_id", "code"),
    "lerarenopleidingen_techniek": ("opleidingscode",),
}


def seed_header(seed: str) -> list[str]:
    with (SEEDS_DIR / f"{seed}.csv").open(encoding="utf-8", newline="") as f:
        return next(csv.reader(f, delimiter=";"))


def seed_rows(seed: str, landing: Path | None = None) -> list[dict[str, str]]:
    """The rows of a reference list as text (stripped): its delivered replacement in
    `landing`/reference/ when there is one, else the versioned seed."""
    delivered = landing / "reference" / f"{seed}.csv" if landing is not None else None
    path = delivered if delivered is not None and delivered.is_file() else SEEDS_DIR / f"{seed}.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(f, delimiter=";")]


def reference_source(seed: str, key: tuple[str, ...]) -> Source:
    header = seed_header(seed)
    columns = tuple(Column(h, (h,), nullable=h not in key) for h in header)

    def parse(path: Path, file: str) -> ParsedFile:
        table = read_text_table(path, file, encodings=("utf-8",))
        frame, extra = map_columns(table, columns)
        if extra:
            raise InputFileError.one(
                file, f"unknown column for reference list {seed} (expected {';'.join(header)})", line=1, column=extra[0]
            )
        check_values(table, frame, columns)
        check_unique(table, frame, key)
        return ParsedFile(frame, None, "reference", table.frame.height)

    return Source(
        name=f"reference__{seed}",
        title=f"Reference list {seed} (replaces seed {seed}.csv)",
        columns=columns,
        key=key,
        parse=parse,
        file_globs=(f"{seed}.csv",),
        partitioned=False,
        folder="reference",
    )


REFERENCE_SOURCES: list[Source] = [reference_source(seed, key) for seed, key in OVERRIDABLE_SEEDS.items()]
