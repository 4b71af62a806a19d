"""GeoNames postal codes NL (`NL.txt`): PC4 -> place and centroid coordinates (duo_formats.md 5).

Tab-separated, no header, UTF-8, 12 columns as in the GeoNames readme. Several rows per PC4 are
possible (one per place); staging averages their coordinates. The file is a snapshot (no schooljaar).
"""

from __future__ import annotations

from pathlib import Path

from ingest.sources.base import Column, ParsedFile, Source, checked, parsed
from ingest.tabular import read_text_table

COORDINATE = r"-?[0-9]{1,3}(\.[0-9]+)?"

COLUMNS: tuple[Column, ...] = (
    Column("country_code", ("country_code",), r"NL", "must be NL (GeoNames country code)", nullable=False),
    Column("postcode4", ("postcode4",), r"[1-9][0-9]{3}", "must be a 4-digit postcode such as 9401", nullable=False),
    Column("place_name", ("place_name",), nullable=False),
    Column("admin_name1", ("admin_name1",)),
    Column("admin_code1", ("admin_code1",)),
    Column("admin_name2", ("admin_name2",)),
    Column("admin_code2", ("admin_code2",)),
    Column("admin_name3", ("admin_name3",)),
    Column("admin_code3", ("admin_code3",)),
    Column("latitude", ("latitude",), COORDINATE, "must be a decimal latitude such as 52.9939", nullable=False),
    Column("longitude", ("longitude",), COORDINATE, "must be a decimal longitude such as 6.5625", nullable=False),
    Column("accuracy", ("accuracy",)),
)
KEY = ("postcode4", "place_name", "admin_code2")


def parse(path: Path, file: str) -> ParsedFile:
    table = read_text_table(
        path, file, sep="\t", has_header=False, column_names=[c.name for c in COLUMNS], encodings=("utf-8",)
    )
    frame, _extra = checked(table, COLUMNS, KEY)
    return parsed(table, frame, None, "geonames")


SOURCE = Source(
    name="pc4",
    title="GeoNames postal codes NL (PC4 centroids)",
    columns=COLUMNS,
    key=KEY,
    parse=parse,
    file_globs=("*.txt",),
    partitioned=False,
)
