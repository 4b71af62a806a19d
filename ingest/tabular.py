"""Reading delimited text files as DUO and our microdata contracts deliver them.

Both DUO format generations are handled here: the legacy one (cp1252, unquoted) and the newer one
(UTF-8, every field quoted, CRLF). Every problem is reported with file, line and column; nothing is
guessed silently. Values are returned as stripped text; typing happens in each source's contract.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
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
    _check_text_start(data, file, kind)
    had_bom = data.startswith(UTF8_BOM)
    if had_bom:
        data = data[len(UTF8_BOM) :]
    for encoding in encodings:
        try:
            return data.decode(encoding), encoding, had_bom
        except UnicodeDecodeError as exc:
            error = exc
    raise _decode_error(data, error, file, encodings)


def _check_text_start(data: bytes, file: str, kind: str) -> None:
    """Refuse an empty, UTF-16 or binary file from its first bytes (``data``: the file or its first 64 kB)."""
    if not data.strip():
        raise InputFileError.one(file, "file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputFileError.one(
            file, f"file is UTF-16 encoded (e.g. Excel 'Unicode text'); save it as {kind} UTF-8 text"
        )
    sample = data[:65536]
    if b"\x00" in sample:
        raise InputFileError.one(file, f"not a text file (binary data, NUL bytes); expected {kind} text")


def _decode_error(
    data: bytes, error: UnicodeDecodeError, file: str, encodings: tuple[str, ...], first_line: int = 1
) -> InputFileError:
    """The message of the first byte of ``data`` (text from file line ``first_line`` on) that no encoding reads."""
    line = data.count(b"\n", 0, error.start) + first_line
    col_start = data.rfind(b"\n", 0, error.start) + 1
    names = " or ".join({"utf-8": "UTF-8", "cp1252": "Windows-1252"}.get(e, e) for e in encodings)
    return InputFileError.one(
        file,
        f"cannot decode byte 0x{data[error.start]:02x} at character {error.start - col_start + 1} as {names}",
        line=line,
    )


def _structure_problems(
    text: str, sep: str, n_fields: int, file: str, has_header: bool = True, first_line: int = 1
) -> list[Problem]:
    """Rows whose number of fields differs from the header's, with their file line numbers (``text`` starts
    on file line ``first_line``)."""
    problems: list[Problem] = []
    if '"' not in text:
        lines = pl.Series("line", text.splitlines()[1:] if has_header else text.splitlines())
        counts = lines.str.count_matches(sep, literal=True) + 1
        blank = lines.str.strip_chars() == ""
        bad = (counts != n_fields) & ~blank
        for idx in bad.arg_true().head(20).to_list():
            problems.append(
                Problem(
                    file,
                    f"expected {n_fields} fields, found {counts[idx]}",
                    line=idx + first_line + (1 if has_header else 0),
                )
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


def _header(first_line: str, sep: str, file: str) -> list[str]:
    """The stripped names of a header line; a missing, empty or repeated name is an error."""
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
    return header


def _parse_rows(data: bytes, file: str, sep: str, has_header: bool, header: list[str], first_row: int) -> pl.DataFrame:
    """``data`` (UTF-8, a header line first when ``has_header``) as stripped text columns, '' -> null, and
    ``_source_row`` counting from ``first_row``: every line after the header is a row (a blank one all null)."""
    try:
        frame = pl.read_csv(
            io.BytesIO(data),
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
    return frame.with_row_index("_source_row", offset=first_row).with_columns(pl.col("_source_row").cast(pl.Int64))


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
        header = _header(first_line, sep, file)
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
    # Blank lines are rows of nulls (polars reads them so), so row numbers are file line numbers.
    frame = _parse_rows(text.encode("utf-8"), file, sep, has_header, header, 2 if has_header else 1)
    return TextTable(file, header, frame, encoding, quoted, crlf, had_bom)


READ_BYTES = 1 << 23  # the batched reader reads the file 8 MB at a time


def _has_quote(path: Path) -> bool:
    with path.open("rb") as f:
        return any(b'"' in chunk for chunk in iter(lambda: f.read(READ_BYTES), b""))


def read_text_batches(path: Path, file: str, batch_rows: int, sep: str = ";") -> Iterator[TextTable]:
    """A UTF-8 delimited text file with a header as TextTables of at most ``batch_rows`` rows each, in line
    order, with the checks and messages of ``read_text_table`` (a problem of a later batch is raised when that
    batch is read). The bytes are read in chunks of whole lines: no text of the whole file is ever held.

    A file with a '"' anywhere is read whole (``read_text_table``) and cut into batches: a quoted field may
    span lines, so its lines cannot be cut apart without parsing the quoting."""
    kind = f"'{sep}'-separated"
    if _has_quote(path):
        table = read_text_table(path, file, sep, encodings=("utf-8",))
        for offset in range(0, table.frame.height, batch_rows):
            yield replace(table, frame=table.frame.slice(offset, batch_rows))
        return
    with path.open("rb") as f:
        pending = bytearray(f.read(READ_BYTES))
        _check_text_start(bytes(pending[:65536]), file, kind)
        had_bom = pending.startswith(UTF8_BOM)
        if had_bom:
            del pending[: len(UTF8_BOM)]
        while b"\n" not in pending and (more := f.read(READ_BYTES)):
            pending += more
        end = pending.find(b"\n")
        head = bytes(pending if end < 0 else pending[: end + 1])
        del pending[: len(head)]
        try:
            first_line = head.decode("utf-8").rstrip("\n").rstrip("\r")
        except UnicodeDecodeError as exc:
            raise _decode_error(head, exc, file, ("utf-8",)) from None
        header = _header(first_line, sep, file)
        header_bytes = first_line.encode("utf-8") + b"\n"
        crlf, line, rows = head.endswith(b"\r\n"), 2, 0
        eof = False
        while not eof or pending:
            newlines = pending.count(b"\n")
            while newlines < batch_rows and not eof:
                more = f.read(READ_BYTES)
                eof = not more
                pending += more
                newlines += more.count(b"\n")
            if not pending:
                break
            if newlines >= batch_rows:
                at = np.flatnonzero(np.frombuffer(pending, dtype=np.uint8) == 10)[batch_rows - 1]
                piece = bytes(pending[: at + 1])
            else:
                piece = bytes(pending)
            del pending[: len(piece)]
            if rows == 0 and eof and not pending and not piece.strip():
                break  # only blank lines after the header
            try:
                text = piece.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise _decode_error(piece, exc, file, ("utf-8",), first_line=line) from None
            problems = _structure_problems(text, sep, len(header), file, has_header=False, first_line=line)
            if problems:
                raise InputFileError(problems)
            del text
            frame = _parse_rows(header_bytes + piece, file, sep, True, header, line)
            rows += frame.height
            line += piece.count(b"\n")
            yield TextTable(file, header, frame, "utf-8", False, crlf, had_bom)
        if rows == 0:
            raise InputFileError.one(file, "file has a header but no data rows", line=1)
