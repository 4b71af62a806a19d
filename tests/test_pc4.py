"""The GeoNames PC4 reader (tab-separated, no header, 12 columns; duo_formats.md 5)."""

from pathlib import Path

import pytest

from ingest.errors import InputFileError
from ingest.sources.pc4 import SOURCE
from tests.conftest import REALDATA


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "NL.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_real_geonames_file_reads_every_row():
    parsed = SOURCE.parse(REALDATA / "postal-codes-data" / "NL.txt", "pc4/NL.txt")
    assert parsed.rows_read == parsed.frame.height == 4334
    first = parsed.frame.row(0, named=True)
    assert (first["postcode4"], first["place_name"], first["latitude"], first["longitude"]) == (
        "9401",
        "Assen",
        "52.9939",
        "6.5625",
    )
    assert first["_source_row"] == 1  # no header: the first line is data
    assert parsed.frame["postcode4"].n_unique() == 4086


def test_bad_latitude_names_line_and_column(tmp_path: Path):
    path = write(
        tmp_path,
        "NL\t9401\tAssen\tDrenthe\t01\tAssen\t0106\t\t\t52.99\t6.56\t\nNL\t9402\tAssen\tDrenthe\t01\tAssen\t0106\t\t\tnoord\t6.56\t\n",
    )
    with pytest.raises(InputFileError) as err:
        SOURCE.parse(path, "pc4/NL.txt")
    assert (
        str(err.value)
        == "pc4/NL.txt, line 2, column 'latitude': must be a decimal latitude such as 52.9939 (found 'noord')"
    )


def test_wrong_number_of_fields_is_refused(tmp_path: Path):
    path = write(tmp_path, "NL\t9401\tAssen\t52.99\t6.56\n")
    with pytest.raises(InputFileError) as err:
        SOURCE.parse(path, "pc4/NL.txt")
    assert str(err.value) == "pc4/NL.txt, line 1: expected 12 fields, found 5"
