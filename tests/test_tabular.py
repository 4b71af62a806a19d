"""Reading delimited text: encodings, BOM, CRLF, quoting, structure errors with line numbers."""

from pathlib import Path

import pytest

from ingest.errors import InputFileError
from ingest.tabular import read_text_table


def write(tmp_path: Path, data: bytes, name: str = "f.csv") -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_cp1252_legacy_file_is_decoded(tmp_path):
    p = write(tmp_path, "A;B\nFrysl\u00e2n;1\n".encode("cp1252"))
    t = read_text_table(p, "f.csv")
    assert t.encoding == "cp1252"
    assert t.frame["A"].to_list() == ["Frysl\u00e2n"]


def test_utf8_quoted_crlf_with_bom(tmp_path):
    p = write(tmp_path, b'\xef\xbb\xbf"A";"B"\r\n"Fran\xc3\xa7ois";"<5"\r\n')
    t = read_text_table(p, "f.csv")
    assert (t.encoding, t.had_bom, t.crlf, t.quoted) == ("utf-8", True, True, True)
    assert t.header == ["A", "B"]
    assert t.frame.row(0, named=True) == {"_source_row": 2, "A": "Fran\u00e7ois", "B": "<5"}


def test_values_are_stripped_and_blank_is_null(tmp_path):
    p = write(tmp_path, b"A;B\n  x ;          \n")
    t = read_text_table(p, "f.csv")
    assert t.frame.row(0, named=True) == {"_source_row": 2, "A": "x", "B": None}


def test_short_row_is_reported_with_its_line(tmp_path):
    p = write(tmp_path, b"A;B;C\n1;2;3\n4;5\n6;7;8\n")
    with pytest.raises(InputFileError) as err:
        read_text_table(p, "f.csv")
    assert str(err.value) == "f.csv, line 3: expected 3 fields, found 2"


def test_long_row_in_quoted_file_is_reported_with_its_line(tmp_path):
    p = write(tmp_path, b'"A";"B"\r\n"1";"2"\r\n"3";"4";"5"\r\n')
    with pytest.raises(InputFileError) as err:
        read_text_table(p, "f.csv")
    assert "line 3" in str(err.value) and "found 3" in str(err.value)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "f.csv: file is empty"),
        (b"A;B\n", "f.csv, line 1: file has a header but no data rows"),
        (b"\x00\x01\x02PK\x03\x04" * 10, "f.csv: not a text file"),
        (b"just one column\n1\n", "f.csv, line 1: no ';'-separated header found"),
        (b"A;A\n1;2\n", "f.csv, line 1, column 'A': duplicate column in header"),
    ],
)
def test_unreadable_files_get_one_line_errors(tmp_path, data, expected):
    p = write(tmp_path, data)
    with pytest.raises(InputFileError) as err:
        read_text_table(p, "f.csv")
    assert str(err.value).startswith(expected)
    assert "\n" not in str(err.value)
