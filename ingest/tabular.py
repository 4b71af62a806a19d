"""Reading delimited text files as DUO and our microdata contracts deliver them.

Both DUO format generations are handled here: the legacy one (cp1252, unquoted) and the newer one
(UTF-8, every field quoted, CRLF). Every problem is reported with file, line and column; nothing is
guessed silently. Values are returned as stripped text; typing happens in each source's contract.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ingest.errors import InputFileError, Problem

UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class TextTable:
    """A delimited file read as text: stripped header names and one string column per header."""

    file: str  # name used in messages (relative to the landing zone)
    header: list[str]
    frame: pl.DataFrame  # all columns Utf8, stripped, '' -> null; plus "_source_row" (file line number)
    encoding: str
    quoted: bool
    crlf: bool
    had_bom: bool


def decode(
    data: bytes, file: str, encodings: tuple[str, ...] = ("utf-8", "cp1252"), kind: str = "';'-separated"
) -> tuple[str, str, bool]:
    """Return (text, encoding, had_bom), trying `encodings` in order; binary data is refused.

    `kind` names the expected text in messages (e.g. "tab-separated")."""
    if not data.strip():
        raise InputFileError.one(file, "file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputFileError.one(
            file, f"file is UTF-16 encoded (e.g. Excel 'Unicode text'); save it as {kind} UTF-8 text"
        )
    sample = data[:65536]
    if b"\x00" in sample:
        raise InputFileError.one(file, f"not a text file (binary data, NUL bytes); expected {kind} text")
    had_bom = data.startswith(UTF8_BOM)
    if had_bom:
        data = data[len(UTF8_BOM) :]
    for encoding in encodings:
        try:
            return data.decode(encoding), encoding, had_bom
        except UnicodeDecodeError as exc:
            error = exc
    line = data.count(b"\n", 0, error.start) + 1
    col_start = data.rfind(b"\n", 0, error.start) + 1
    names = " or ".join({"utf-8": "UTF-8", "cp1252": "Windows-1252"}.get(e, e) for e in encodings)
    raise InputFileError.one(
        file,
        f"cannot decode byte 0x{data[error.start]:02x} at character {error.start - col_start + 1} as {names}",
        line=line,
    )


def _structure_problems(text: str, sep: str, n_fields: int, file: str, has_header: bool = True) -> list[Problem]:
    """Rows whose number of fields differs from the header's, with their file line numbers."""
    problems: list[Problem] = []
    if '"' not in text:
        lines = pl.Series("line", text.splitlines()[1:] if has_header else text.splitlines())
        counts = lines.str.count_matches(sep, literal=True) + 1
        blank = lines.str.strip_chars() == ""
        bad = (counts != n_fields) & ~blank
        for idx in bad.arg_true().head(20).to_list():
            problems.append(
                Problem(file, f"expected {n_fields} fields, found {counts[idx]}", line=idx + (2 if has_header else 1))
            )
        return problems
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, quotechar='"', strict=True)
    try:
        if has_header:
            next(reader)
        for row in reader:
            if len(row) != n_fields and not (len(row) == 1 and row[0].strip() == "") and row:
                problems.append(Problem(file, f"expected {n_fields} fields, found {len(row)}", line=reader.line_num))
                if len(problems) >= 20:
                    break
    except csv.Error as exc:
        problems.append(Problem(file, f"malformed quoting ({exc})", line=reader.line_num))
    return problems


def read_text_table(
    path: Path,
    file: str,
    sep: str = ";",
    has_header: bool = True,
    column_names: list[str] | None = None,
    encodings: tuple[str, ...] = ("utf-8", "cp1252"),
) -> TextTable:
    """Read a delimited text file completely and check that every row has the header's fields."""
    data = path.read_bytes()
    text, encoding, had_bom = decode(data, file, encodings, "tab-separated" if sep == "\t" else f"'{sep}'-separated")
    crlf = "\r\n" in text[:4096]
    first_line = text.split("\n", 1)[0].rstrip("\r")
    if has_header:
        header = [h.strip().strip('"').strip() for h in next(csv.reader([first_line], delimiter=sep))]
        if len(header) < 2:
            raise InputFileError.one(
                file, f"no '{sep}'-separated header found on the first line", line=1, value=first_line[:60]
            )
        empty = [i + 1 for i, h in enumerate(header) if not h]
        if empty:
            raise InputFileError.one(file, f"header field {empty[0]} is empty", line=1)
        dupes = sorted({h for h in header if header.count(h) > 1})
        if dupes:
            raise InputFileError.one(file, "duplicate column in header", line=1, column=dupes[0])
    else:
        assert column_names is not None
        header = column_names
    quoted = first_line.startswith('"') or '"' in text[: 1 << 16]
    body_start = len(first_line) if has_header else 0
    if has_header and not text[body_start:].strip():
        raise InputFileError.one(file, "file has a header but no data rows", line=1)
    problems = _structure_problems(text, sep, len(header), file, has_header)
    if problems:
        raise InputFileError(problems)
    try:
        frame = pl.read_csv(
            io.BytesIO(text.encode("utf-8")),
            separator=sep,
            has_header=has_header,
            new_columns=None if has_header else header,
            infer_schema=False,
            quote_char='"',
        )
    except pl.exceptions.PolarsError as exc:
        raise InputFileError.one(file, f"cannot parse as '{sep}'-separated text: {str(exc).splitlines()[0]}") from None
    if has_header:
        frame.columns = header
    frame = frame.with_columns(pl.all().str.strip_chars()).with_columns(
        [pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c) for c in header]
    )
    # Blank lines are skipped by the parser; recompute line numbers only when there are none.
    frame = frame.with_row_index("_source_row", offset=2 if has_header else 1).with_columns(
        pl.col("_source_row").cast(pl.Int64)
    )
    return TextTable(file, header, frame, encoding, quoted, crlf, had_bom)
