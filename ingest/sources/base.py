"""What every raw source declares: its columns, accepted header names, value rules and key."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

import polars as pl

from ingest.errors import InputFileError, Problem, raise_problems
from ingest.tabular import TextTable, read_text_table

COUNT_RULE = "must be a whole number >= 0"
SUPPRESSED = "<5"


@dataclass(frozen=True)
class Column:
    """One column of a raw table: its canonical name, the headers files use for it, its value rule."""

    name: str
    headers: tuple[str, ...]
    pattern: str | None = None  # full-match regex on the stripped text value
    rule: str | None = None  # human wording of the pattern, used in messages
    required: bool = True  # the column must be present in the file
    nullable: bool = True  # an empty value is allowed


def choice(name: str, header: str, values: tuple[str, ...], nullable: bool = False, note: str = "") -> Column:
    """A column whose value is one of the literal `values` (no regex characters in them); its rule names
    them ("must be a, b or c") followed by `note`."""
    rule = f"must be {', '.join(values[:-1])} or {values[-1]}{note}"
    return Column(name, (header,), "|".join(values), rule, nullable=nullable)


# The BRIN of the public DUO files: both generations' headers (BRIN NUMMER / INSTELLINGSCODE).
DUO_BRIN = Column(
    "brin",
    ("BRIN NUMMER", "INSTELLINGSCODE"),
    r"[0-9]{2}[0-9A-Z]{2}",
    "must be a 4-character BRIN code such as 00AH",
    nullable=False,
)


class Parsed(Protocol):
    """What the loader writes of a file: its rows in one or more batches, in line order, and partition info.
    A file read whole is a ParsedFile; a microdata extract is read in batches (ingest/sources/microdata.py)."""

    schooljaar: int | None
    format_generation: str
    notes: list[str]

    @property
    def rows_read(self) -> int: ...  # the rows of the file (known once every batch was read)

    @property
    def unique_key(self) -> tuple[str, ...]: ...  # a natural key the loader checks on the written rows

    def batches(self) -> Iterator[pl.DataFrame]: ...

    def finish(self) -> None: ...  # raises the problems known only once every batch was read


@dataclass(frozen=True)
class ParsedFile:
    """A file read whole that passed its checks: canonical columns, provenance row numbers, partition info."""

    frame: pl.DataFrame
    schooljaar: int | None
    format_generation: str
    rows_read: int
    extra_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unique_key: tuple[str, ...] = ()  # checked by the reader

    def batches(self) -> Iterator[pl.DataFrame]:
        yield self.frame

    def finish(self) -> None:
        pass


@dataclass(frozen=True)
class Source:
    """A landing folder and the raw table it feeds."""

    name: str  # folder under landing/ and table name in schema raw
    title: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # natural key: unique within one schooljaar partition
    parse: Callable[[Path, str], Parsed]
    file_globs: tuple[str, ...] = ("*.csv",)
    partitioned: bool = True  # one (schooljaar) partition per file; False: the file is a snapshot
    folder: str | None = None  # landing folder when it differs from the name (reference data)
    per_file: bool = False  # each file is its own partition (a file may hold several schooljaren)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def landing_folder(self) -> str:
        return self.folder or self.name


def map_columns(table: TextTable, columns: tuple[Column, ...]) -> tuple[pl.DataFrame, list[str]]:
    """Rename file headers to canonical names; missing required columns are an error.

    Unknown extra columns are kept as JSON text in ``_extra`` and their names returned.
    """
    lookup = {h.upper(): c for c in columns for h in c.headers}
    rename: dict[str, str] = {}
    extra: list[str] = []
    for h in table.header:
        col = lookup.get(h.upper())
        if col is None:
            extra.append(h)
        elif col.name in rename.values():
            raise InputFileError.one(table.file, "two headers map to the same column", line=1, column=h)
        else:
            rename[h] = col.name
    missing = [c for c in columns if c.required and c.name not in rename.values()]
    if missing:
        problems = [
            Problem(
                table.file, f"missing required column (expected one of {list(c.headers)})", line=1, column=c.headers[0]
            )
            for c in missing
        ]
        raise InputFileError(problems)
    frame = table.frame.rename(rename)
    for c in columns:
        if c.name not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.Utf8).alias(c.name))
    if extra:
        frame = frame.with_columns(
            pl.struct(extra)
            .map_elements(lambda s: json.dumps(s, ensure_ascii=False), return_dtype=pl.Utf8)
            .alias("_extra")
        )
    else:
        frame = frame.with_columns(pl.lit(None, dtype=pl.Utf8).alias("_extra"))
    return frame.select([*(c.name for c in columns), "_extra", "_source_row"]), extra


def header_of(table: TextTable, columns: tuple[Column, ...], name: str) -> str:
    """The header text the file used for canonical column ``name`` (for messages)."""
    col = next(c for c in columns if c.name == name)
    wanted = {h.upper() for h in col.headers}
    return next((h for h in table.header if h.upper() in wanted), col.headers[0])


def check_values(table: TextTable, frame: pl.DataFrame, columns: tuple[Column, ...], limit: int = 20) -> None:
    """Every value matches its column's rule; report the first ``limit`` violations."""
    raise_problems(value_problems(table, frame, columns, limit), limit)


def value_problems(
    table: TextTable, frame: pl.DataFrame, columns: tuple[Column, ...], limit: int = 20
) -> list[Problem]:
    """The values that break their column's rule: up to ``limit`` per rule, column by column until there
    are ``limit``."""
    problems: list[Problem] = []
    for c in columns:
        if c.name not in frame.columns:
            continue
        values = frame.get_column(c.name)
        header = header_of(table, columns, c.name)
        if not c.nullable:
            problems += problems_where(table, frame, values.is_null(), "value is required", header, limit=limit)
        if c.pattern is not None:
            ok = values.is_null() | values.str.contains(f"^(?:{c.pattern})$")
            problems += problems_where(table, frame, ~ok, c.rule or f"must match {c.pattern}", header, values, limit)
        if len(problems) >= limit:
            break
    return problems


def check_unique(table: TextTable, frame: pl.DataFrame, key: tuple[str, ...]) -> None:
    """The natural key occurs once; a duplicate names both lines (duplicate_key_error)."""
    dup = frame.filter(pl.struct(list(key)).is_duplicated())
    if dup.height:
        first = dup.sort("_source_row").row(0, named=True)
        same = dup.filter(pl.all_horizontal([pl.col(k).eq_missing(first[k]) for k in key]))
        lines = sorted(same["_source_row"].to_list())
        raise duplicate_key_error(table.file, key, [first[k] for k in key], lines[0], lines[1])


def duplicate_key_error(file: str, key: tuple[str, ...], values: Sequence, line: int, also: int) -> InputFileError:
    """The one line naming a duplicate natural key: its values, the first line that has it and the next."""
    return InputFileError.one(
        file,
        f"duplicate key ({', '.join(key)}) = ({', '.join(str(v) for v in values)}); also on line {also}",
        line=line,
    )


YEAR_PAIR = re.compile(r"(?<!\d)(19\d{2}|20\d{2})[-_](19\d{2}|20\d{2})(?!\d)")
YEAR_ONE = re.compile(r"(?<!\d)(19\d{2}|20\d{2})(?!\d)")


def schooljaar_from_name(file_name: str) -> int | None:
    """`...-2019.csv` -> 2019; `...-2013-2014.csv` -> 2013 (the schooljaar's starting year)."""
    stem = Path(file_name).name
    pair = YEAR_PAIR.findall(stem)
    if pair:
        start, end = (int(x) for x in pair[-1])
        if end == start + 1:
            return start
    years = YEAR_ONE.findall(stem)
    return int(years[-1]) if years else None


def checked(
    table: TextTable,
    columns: tuple[Column, ...],
    key: tuple[str, ...] = (),
    prepare: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
) -> tuple[pl.DataFrame, list[str]]:
    """A file's rows under canonical names, ``prepare``d, checked against the value rules and, when
    given, the natural key; returns the frame and the names of the extra columns kept in ``_extra``."""
    frame, extra = map_columns(table, columns)
    if prepare is not None:
        frame = prepare(frame)
    check_values(table, frame, columns)
    if key:
        check_unique(table, frame, key)
    return frame, extra


def parsed(
    table: TextTable,
    frame: pl.DataFrame,
    schooljaar: int | None,
    generation: str,
    extra: Sequence[str] = (),
    notes: Sequence[str] = (),
) -> ParsedFile:
    """The ParsedFile of a table: ``notes`` followed by one naming the extra columns, if any."""
    kept = [f"extra columns kept in _extra: {', '.join(extra)}"] if extra else []
    return ParsedFile(frame, schooljaar, generation, table.frame.height, list(extra), [*notes, *kept])


def read_duo_table(path: Path, file: str, what: str) -> tuple[TextTable, str]:
    """A public DUO file and its format generation: legacy (``BRIN NUMMER``) or new (``INSTELLINGSCODE``)."""
    table = read_text_table(path, file)
    upper = {h.upper() for h in table.header}
    if "BRIN NUMMER" in upper:
        return table, "legacy"
    if "INSTELLINGSCODE" in upper:
        return table, "new"
    raise InputFileError.one(
        file,
        f"unknown format: expected a DUO {what} file with a 'BRIN NUMMER' (legacy) or 'INSTELLINGSCODE' (new) column",
        line=1,
        column=table.header[0],
    )


def with_suppressed_counts(columns: tuple[Column, ...], counts: Callable[[Column], bool]) -> tuple[Column, ...]:
    """The newer DUO files publish counts 1..4 as the literal '<5': allow it in the ``counts`` columns."""
    return tuple(
        replace(c, pattern=f"[0-9]+|{SUPPRESSED}", rule=f"{COUNT_RULE} or '{SUPPRESSED}'") if counts(c) else c
        for c in columns
    )


def decimal(text: pl.Series) -> pl.Series:
    """Decimal text with '.' or ',' as the separator as floats (null where it is no number)."""
    return text.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)


def problems_where(
    table: TextTable,
    frame: pl.DataFrame,
    where: pl.Series,
    rule: str,
    column: str,
    values: pl.Series | None = None,
    limit: int = 20,
) -> list[Problem]:
    """One problem for each of the first ``limit`` rows where ``where`` holds (null counts as false)."""
    return [
        Problem(
            table.file,
            rule,
            line=int(frame["_source_row"][i]),
            column=column,
            value=None if values is None else values[i],
        )
        for i in where.fill_null(False).arg_true().head(limit).to_list()
    ]


def schooljaar_in_file(table: TextTable, frame: pl.DataFrame, columns: tuple[Column, ...], column: str,
                       cannot_tell: str) -> int:  # fmt: skip
    """The one schooljaar of a file: from its (optional) schooljaar ``column``, which must agree with a
    year in the file's name, else from the name; ``cannot_tell`` is the message when neither gives one."""
    named = schooljaar_from_name(table.file)
    in_file = frame.get_column(column).drop_nulls().unique().to_list()
    years = sorted({int(v[:4]) for v in in_file})
    if len(years) > 1:
        raise InputFileError.one(
            table.file,
            f"file holds several schooljaren {years}; expected one",
            column=header_of(table, columns, column),
        )
    if years and named is not None and years[0] != named:
        raise InputFileError.one(
            table.file,
            f"schooljaar in the file ({years[0]}) differs from the one in its name ({named})",
            line=int(frame.filter(pl.col(column).is_not_null())["_source_row"][0]),
            column=header_of(table, columns, column),
        )
    year = years[0] if years else named
    if year is None:
        raise InputFileError.one(table.file, cannot_tell)
    return year
