"""The pseudonymised microdata extracts (data_contracts.md, "Microdata extracts"): ';'-separated UTF-8
CSV with a header, or Parquet with the same column names. A file holds one schooljaar, read from its
content (a peildatum, schooljaar or meting column) and checked against a year in its name."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import cached_property
from itertools import chain
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

from ingest.errors import InputFileError, Problem, raise_problems
from ingest.sources.base import (
    Column,
    Source,
    check_unique,
    header_of,
    map_columns,
    schooljaar_from_name,
    value_problems,
)
from ingest.tabular import TextTable, read_text_batches, read_text_table

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


def _parquet_as_text(frame: pl.DataFrame, first_row: int) -> pl.DataFrame:
    """Parquet columns as stripped text ('' -> null; dates as ISO dates) and `_source_row` from `first_row`."""
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
    return text.with_row_index("_source_row", offset=first_row).with_columns(pl.col("_source_row").cast(pl.Int64))


def read_parquet_as_text(path: Path, file: str) -> TextTable:
    """A Parquet extract as a TextTable of strings; `_source_row` is the 1-based row number."""
    try:
        frame = pl.read_parquet(path)
    except Exception as exc:  # polars raises several error types for a broken file
        raise InputFileError.one(file, f"cannot read as Parquet: {str(exc).splitlines()[0]}") from None
    if frame.height == 0:
        raise InputFileError.one(file, "file has a header but no data rows")
    return TextTable(file, list(frame.columns), _parquet_as_text(frame, 1), "parquet", False, False, False)


def read_parquet_batches(path: Path, file: str, batch_rows: int) -> Iterator[TextTable]:
    """A Parquet extract as TextTables of at most `batch_rows` rows (read row group by row group);
    `_source_row` is the 1-based row number, continuing across batches."""

    def unreadable(exc: Exception) -> InputFileError:
        return InputFileError.one(file, f"cannot read as Parquet: {str(exc).splitlines()[0]}")

    try:
        parquet = pq.ParquetFile(path)
        header, rows = parquet.schema_arrow.names, parquet.metadata.num_rows
        batches = parquet.iter_batches(batch_size=batch_rows)
    except Exception as exc:  # pyarrow raises several error types for a broken file
        raise unreadable(exc) from None
    if rows == 0:
        raise InputFileError.one(file, "file has a header but no data rows")
    first_row = 1
    while True:
        try:
            batch = next(batches, None)
        except Exception as exc:
            raise unreadable(exc) from None
        if batch is None:
            return
        frame = pl.from_arrow(batch)
        assert isinstance(frame, pl.DataFrame)
        yield TextTable(file, header, _parquet_as_text(frame, first_row), "parquet", False, False, False)
        first_row += frame.height


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


BATCH_ROWS = 500_000  # an extract is read, checked and written this many rows at a time (at most)
LIMIT = 20  # problems named per kind of check


def read_extract_batches(path: Path, file: str, batch_rows: int) -> Iterator[TextTable]:
    """An extract as TextTables of at most `batch_rows` rows: Parquet by its suffix, else ';'-separated
    UTF-8 CSV with a header."""
    if path.suffix.lower() == ".parquet":
        return read_parquet_batches(path, file, batch_rows)
    return read_text_batches(path, file, batch_rows)


Check = Callable[[TextTable, pl.DataFrame], None]


class ExtractFile:
    """A microdata extract read, checked and written in batches of at most BATCH_ROWS rows, so that no
    process holds the whole file (ingest/loader.py writes one batch after the other in one transaction).

    Reading it (the constructor) reads the first two batches. A file of one batch is checked completely there,
    exactly as a file read whole. A file that cannot be read, lacks a column or whose first batch already
    breaks a rule or shows a schooljaar other than its one (or its name's) is read to the end without keeping
    its rows and refused at once (without the key check). Otherwise the checks and their precedence are those
    of a file read whole: the value rules (the first LIMIT problems, in the order the batches are read); the natural key
    (`unique_key`: the loader checks it in raw on the written rows, `frame` on the whole frame); the source's
    `extra_checks`; the one schooljaar of the file, which must be its name's; then `final_checks` (the survey
    answers). Value problems are raised while the batches are read, the rest by `finish`."""

    format_generation = "microdata"

    def __init__(
        self,
        tables: Iterator[TextTable],
        file: str,
        columns: tuple[Column, ...],
        key: tuple[str, ...],
        schooljaar_column: str,
        schooljaar_kind: str,
        extra_checks: Check | None = None,
        final_checks: Check | None = None,
    ):
        self.file, self.columns, self.unique_key, self._key = file, columns, key, key
        self._column, self._kind = schooljaar_column, schooljaar_kind
        self._extra_checks, self._final_checks = extra_checks, final_checks
        self._tables = tables
        self._values: list[Problem] = []
        self._extra: list[Problem] = []
        self._final: list[Problem] = []
        self._years: set[int] = set()
        self.rows_read = 0
        table = next(tables)  # a file without rows raises, so there is always one
        self._table = replace(table, frame=table.frame.clear())  # its header, for messages
        self._first_line = int(table.frame["_source_row"][0])
        self._first: pl.DataFrame | None = self._check(table)
        kept = f"extra columns kept in _extra: {', '.join(self.extra_columns)}"
        self.notes = [kept] if self.extra_columns else []
        self._named = schooljaar_from_name(file)
        second = next(tables, None)
        if second is None:  # the whole file is one batch: every check now, as for a file read whole
            raise_problems(self._values, LIMIT)
            check_unique(self._table, self._first, key)
            self.unique_key = ()
            self.finish()
        self._tables = tables if second is None else chain([second], tables)
        if self._values or len(self._years) != 1 or self._named not in (None, *self._years):
            for table in self._tables:  # the file fails: find what a reading of the whole file would report
                if len(self._values) >= LIMIT:
                    break
                self._check(table)
            raise_problems(self._values, LIMIT)
            raise_problems(self._extra, LIMIT)
            self._check_schooljaar()
        self.schooljaar: int = next(iter(self._years))

    def _check(self, table: TextTable) -> pl.DataFrame:
        """One batch under canonical names; its problems are added to those of the file."""
        frame, self.extra_columns = map_columns(table, self.columns)
        self.rows_read += frame.height
        self._values += value_problems(table, frame, self.columns, LIMIT)
        if self._values:
            return frame
        for check, problems in ((self._extra_checks, self._extra), (self._final_checks, self._final)):
            if check is not None and len(problems) < LIMIT:
                try:
                    check(table, frame)
                except InputFileError as exc:
                    problems += exc.problems
        values = frame.get_column(self._column).drop_nulls().unique().to_list()
        self._years |= {schooljaar_of(v, self._kind) for v in values}
        return frame

    def _check_schooljaar(self) -> None:
        column = header_of(self._table, self.columns, self._column)
        years = sorted(self._years)
        if len(years) != 1:
            raise InputFileError.one(
                self.file, f"expected one schooljaar in the file, found {years or 'none'}", column=column
            )
        if self._named is not None and self._named != years[0]:
            raise InputFileError.one(
                self.file,
                f"schooljaar in the file ({years[0]}) differs from the one in its name ({self._named})",
                line=self._first_line,
                column=column,
            )

    def batches(self) -> Iterator[pl.DataFrame]:
        """The rows in line order, one batch at a time (once); raises the value problems of the file."""
        first, self._first = self._first, None
        if first is None:
            raise RuntimeError(f"{self.file}: the batches of a file can be read once")
        yield first
        del first
        for table in self._tables:
            frame = self._check(table)
            if self._values:
                for more in self._tables:  # read on for the first LIMIT problems, writing nothing
                    if len(self._values) >= LIMIT:
                        break
                    self._check(more)
                raise_problems(self._values, LIMIT)
            yield frame

    def finish(self) -> None:
        """After every batch (and the key in raw): the source's checks and the file's one schooljaar."""
        raise_problems(self._extra, LIMIT)
        self._check_schooljaar()
        raise_problems(self._final, LIMIT)

    @cached_property
    def frame(self) -> pl.DataFrame:
        """The whole file, every check done (for readers of a small extract, e.g. tests)."""
        frame = pl.concat(list(self.batches()))
        check_unique(self._table, frame, self._key)
        self.finish()
        return frame


def microdata_source(
    name: str,
    title: str,
    columns: tuple[Column, ...],
    key: tuple[str, ...],
    schooljaar_column: str,
    schooljaar_kind: str = "peildatum",  # peildatum | year
    extra_checks: Check | None = None,
    final_checks: Callable[[Path], Check] | None = None,
) -> Source:
    """A Source for one microdata extract; `schooljaar_column` gives the file's one schooljaar. A file is read
    in batches of at most BATCH_ROWS rows (ExtractFile); `final_checks(path)` gives a check of the file at
    `path` run after the schooljaar's."""

    def parse(path: Path, file: str) -> ExtractFile:
        return ExtractFile(
            read_extract_batches(path, file, BATCH_ROWS),
            file,
            columns,
            key,
            schooljaar_column,
            schooljaar_kind,
            extra_checks,
            None if final_checks is None else final_checks(path),
        )

    return Source(name=name, title=title, columns=columns, key=key, parse=parse, file_globs=("*.csv", "*.parquet"))
