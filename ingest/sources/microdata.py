"""The pseudonymised microdata extracts (data_contracts.md, "Microdata extracts"): ';'-separated UTF-8
CSV with a header, or Parquet with the same column names. A file holds one schooljaar, read from its
content (a peildatum, schooljaar or meting column) and checked against a year in its name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl

from ingest.errors import InputFileError
from ingest.sources.base import Column, ParsedFile, Source, checked, header_of, parsed, schooljaar_from_name
from ingest.tabular import TextTable, read_text_table

ISO_DATE = r"(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
YEAR = r"(19|20)[0-9]{2}"
YES_NO = r"[JN]"
GESLACHT = r"[MV]"
DECIMAL = r"-?[0-9]+([.,][0-9]+)?"
WHOLE = r"[0-9]+"
GRADE = r"([1-9]([.,][0-9]+)?|10([.,]0+)?)"  # a Dutch grade 1-10
NON_NEGATIVE = r"[0-9]+([.,][0-9]+)?"

# The columns that several extracts share (their headers are the column names).
LEERLING_ID = Column("leerling_id", ("leerling_id",), nullable=False)
BRIN = Column("brin", ("brin",), r"[0-9]{2}[0-9A-Z]{2}", "must be a 4-character BRIN code", nullable=False)
VESTIGINGSNUMMER = Column(
    "vestigingsnummer", ("vestigingsnummer",), r"[0-9]{2}", "must be a 2-digit vestigingsnummer", nullable=False
)
ELEMENTCODE = Column("elementcode", ("elementcode",), r"[0-9]{4}", "must be a 4-digit element code", nullable=False)


def peildatum(example: str) -> Column:
    """The peildatum column; `example` is the date the rule names (e.g. 2023-10-01)."""
    return Column("peildatum", ("peildatum",), ISO_DATE, f"must be an ISO date such as {example}", nullable=False)


def read_parquet_as_text(path: Path, file: str) -> TextTable:
    """A Parquet extract as a TextTable of strings; `_source_row` is the 1-based row number."""
    try:
        frame = pl.read_parquet(path)
    except Exception as exc:  # polars raises several error types for a broken file
        raise InputFileError.one(file, f"cannot read as Parquet: {str(exc).splitlines()[0]}") from None
    if frame.height == 0:
        raise InputFileError.one(file, "file has a header but no data rows")
    casts = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if dtype.is_temporal():
            casts.append(col.dt.strftime("%Y-%m-%d").alias(name))
        else:
            casts.append(col.cast(pl.Utf8).str.strip_chars().alias(name))
    text = frame.with_columns(casts).with_columns(
        [pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c) for c in frame.columns]
    )
    text = text.with_row_index("_source_row", offset=1).with_columns(pl.col("_source_row").cast(pl.Int64))
    return TextTable(file, list(frame.columns), text, "parquet", False, False, False)


def read_extract(path: Path, file: str) -> TextTable:
    """An extract as text: Parquet by its suffix, else ';'-separated UTF-8 CSV with a header."""
    if path.suffix.lower() == ".parquet":
        return read_parquet_as_text(path, file)
    return read_text_table(path, file, encodings=("utf-8",))


def schooljaar_of(value: str, kind: str) -> int:
    """The schooljaar a value stands for: a peildatum (1 October of year t -> t; Jan-Jul -> t-1) or a year."""
    if kind == "peildatum":
        year, month = int(value[:4]), int(value[5:7])
        return year if month >= 8 else year - 1
    return int(value[:4])


def microdata_source(
    name: str,
    title: str,
    columns: tuple[Column, ...],
    key: tuple[str, ...],
    schooljaar_column: str,
    schooljaar_kind: str = "peildatum",  # peildatum | year
    extra_checks: Callable[[TextTable, pl.DataFrame], None] | None = None,
) -> Source:
    """A Source for one microdata extract; `schooljaar_column` gives the file's one schooljaar."""

    def parse(path: Path, file: str) -> ParsedFile:
        table = read_extract(path, file)
        frame, extra = checked(table, columns, key)
        if extra_checks is not None:
            extra_checks(table, frame)
        values = frame.get_column(schooljaar_column).drop_nulls().unique().to_list()
        years = sorted({schooljaar_of(v, schooljaar_kind) for v in values})
        column = header_of(table, columns, schooljaar_column)
        if len(years) != 1:
            raise InputFileError.one(
                file, f"expected one schooljaar in the file, found {years or 'none'}", column=column
            )
        named = schooljaar_from_name(file)
        if named is not None and named != years[0]:
            raise InputFileError.one(
                file,
                f"schooljaar in the file ({years[0]}) differs from the one in its name ({named})",
                line=int(frame["_source_row"][0]),
                column=column,
            )
        return parsed(table, frame, years[0], "microdata", extra)

    return Source(name=name, title=title, columns=columns, key=key, parse=parse, file_globs=("*.csv", "*.parquet"))
