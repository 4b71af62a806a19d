"""Programme administration per STO region (docs/programme_admin.md; indicators.md §1 H, §2.14):
one row per STO region and plan period with its partners by type (samenwerkingsovereenkomst), subsidy,
cofinancing by bedrijfsleven, allocation mode of the budget and region type.

';'-separated UTF-8 CSV with a header (or Parquet with the same column names), one file per plan
period, named with the period's first year (`sto-programma-2020.csv` holds planperiode 2020-2024).
Amounts in euro with a decimal comma or point and no thousands separator. When a region list is
delivered (landing/reference/sto_regio_vestigingen.csv), every sto_regio_id must occur in it.
"""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl

from ingest.errors import InputFileError, raise_problems
from ingest.sources.base import (
    COUNT_RULE,
    Column,
    ParsedFile,
    Source,
    checked,
    choice,
    header_of,
    parsed,
    problems_where,
    schooljaar_from_name,
)
from ingest.sources.microdata import ISO_DATE, read_extract

PLANPERIODE = r"(20[0-9]{2})-(20[0-9]{2})"
AMOUNT = r"[0-9]+([.,][0-9]{1,2})?"
AMOUNT_RULE = "must be an amount in euro >= 0 such as 4901000 or 4901000,50 (no thousands separator)"
REGIO_TYPES = ("techniekregio", "techniekarm", "techniekluw")
VERDELING = ("verdeelsleutel", "regionaal beheer")
# partner type -> column; the order of Tabel 2.1 (003:L270-306) plus 'overig'
PARTNER_TYPES = {
    "vmbo_vestigingen": "n_vmbo_vestigingen",
    "mbo_instellingen": "n_mbo_instellingen",
    "bedrijven": "n_bedrijven",
    "po_scholen": "n_po_scholen",
    "vso_pro_vestigingen": "n_vso_pro_vestigingen",
    "hbo_instellingen": "n_hbo_instellingen",
    "gemeenten": "n_gemeenten",
    "overig": "n_overig",
}
REQUIRED_PARTNERS = ("n_vmbo_vestigingen", "n_mbo_instellingen", "n_bedrijven")

COLUMNS: tuple[Column, ...] = (
    Column(
        "sto_regio_id",
        ("sto_regio_id", "regio_id"),
        r"[A-Za-z0-9_-]{1,20}",
        "must be a region id such as STO19040",
        nullable=False,
    ),  # fmt: skip
    Column("regio_naam", ("regio_naam",), required=False),
    Column("planperiode", ("planperiode",), PLANPERIODE, "must be a plan period such as 2020-2024", nullable=False),
    Column("datum_goedkeuring", ("datum_goedkeuring",), ISO_DATE, "must be a date such as 2019-10-15 (or empty)"),
    choice("regio_type", "regio_type", REGIO_TYPES),
    choice("verdeling_middelen", "verdeling_middelen", VERDELING, nullable=True, note=" (or empty = unknown)"),
    *(
        Column(col, (col,), r"[0-9]+", f"{COUNT_RULE} (or empty = not specified)", required=col in REQUIRED_PARTNERS)
        for col in PARTNER_TYPES.values()
    ),
    Column("subsidie_eur", ("subsidie_eur",), AMOUNT, AMOUNT_RULE, nullable=False),
    Column("cofinanciering_eur", ("cofinanciering_eur",), AMOUNT, AMOUNT_RULE),
)
KEY = ("sto_regio_id",)


def delivered_regions(landing: Path) -> set[str] | None:
    """The region ids of the delivered vestiging -> region list, None when none is delivered."""
    path = landing / "reference" / "sto_regio_vestigingen.csv"
    if not path.exists():
        return None
    with path.open(encoding="utf-8-sig", newline="") as f:
        return {row.get("sto_regio_id", "").strip() for row in csv.DictReader(f, delimiter=";")} - {""}


def parse(path: Path, file: str) -> ParsedFile:
    table = read_extract(path, file)
    frame, extra = checked(table, COLUMNS, KEY)
    period = frame["planperiode"][0]
    column = header_of(table, COLUMNS, "planperiode")
    first = int(frame["_source_row"][0])
    other = frame.filter(pl.col("planperiode") != period)
    if other.height:
        raise InputFileError.one(
            file,
            f"expected one plan period in the file ({period} on line {first})",
            line=int(other["_source_row"][0]),
            column=column,
            value=other["planperiode"][0],
        )
    start, end = (int(x) for x in period.split("-"))
    if end < start:
        raise InputFileError.one(file, "plan period must not end before it starts", line=first, column=column,
                                 value=period)  # fmt: skip
    named = schooljaar_from_name(file)
    if named is not None and named != start:
        raise InputFileError.one(
            file,
            f"plan period in the file starts in {start}, the file name says {named}",
            line=first,
            column=column,
        )
    for col in REQUIRED_PARTNERS:  # the first row without a partner of the type, per type
        values = frame.get_column(col)
        missing = values.is_null() | (values.cast(pl.Int64, strict=False) == 0)
        rule = "a region has at least one partner of this type (regeling STO, 003:L226-244)"
        raise_problems(problems_where(table, frame, missing, rule, header_of(table, COLUMNS, col), values, limit=1))
    regions = delivered_regions(path.parent.parent)
    if regions is not None:
        ids = frame.get_column("sto_regio_id")
        rule = "unknown STO region: not in the delivered region list reference/sto_regio_vestigingen.csv"
        header = header_of(table, COLUMNS, "sto_regio_id")
        raise_problems(problems_where(table, frame, ~ids.is_in(list(regions)), rule, header, ids, limit=1))
    return parsed(table, frame, start, "programma", extra)


SOURCE = Source(
    name="sto_programma",
    title="Programme administration per STO region and plan period (partners, subsidy, cofinancing)",
    columns=COLUMNS,
    key=KEY,
    parse=parse,
    file_globs=("*.csv", "*.parquet"),
)
