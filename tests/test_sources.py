"""The DUO pupil and vestigingen contracts: both format generations, and one-line errors."""

from pathlib import Path

import pytest

from ingest.errors import InputFileError
from ingest.sources import SOURCES
from ingest.sources.base import schooljaar_from_name
from tests.duo_fixtures import pupil_row, write_pupil_file

PUPILS = SOURCES["duo_leerlingen_vestiging"]
VESTIGINGEN = SOURCES["duo_vestigingen"]


def test_legacy_and_new_generation_parse_to_the_same_rows(tmp_path):
    rows = [pupil_row("10AB", "00", "bb", "6111", (3, 1)), pupil_row("10AB", "01", "kb", "6021", (12, 7))]
    legacy = write_pupil_file(tmp_path / "a", 2019, rows, "legacy")
    new = write_pupil_file(tmp_path / "b", 2019, rows, "new")
    a = PUPILS.parse(legacy, "a-2019.csv")
    b = PUPILS.parse(new, "b-2019.csv")
    assert (a.format_generation, b.format_generation) == ("legacy", "new")
    assert a.schooljaar == b.schooljaar == 2019
    cols = ["brin", "vestigingsnummer", "elementcode", "lj3_man", "lj3_vrouw"]
    assert a.frame.select(cols).rows() == [("10AB", "00", "6111", "3", "1"), ("10AB", "01", "6021", "12", "7")]
    # The newer file publishes 1..4 as '<5'; the 6-character VESTIGINGSCODE is reduced to its 2 digits.
    assert b.frame.select(cols).rows() == [("10AB", "00", "6111", "<5", "<5"), ("10AB", "01", "6021", "12", "7")]


def test_real_2019_file_is_detected_as_legacy(tmp_path):
    from tests.conftest import REALDATA

    path = REALDATA / "cito" / "leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv"
    parsed = PUPILS.parse(path, "duo_leerlingen_vestiging/leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv")
    assert (parsed.format_generation, parsed.schooljaar, parsed.rows_read) == ("legacy", 2019, 24243)


def test_suppression_marker_is_refused_in_a_legacy_file(tmp_path):
    path = write_pupil_file(tmp_path, 2019, [pupil_row("10AB", "00", "bb", "6111", ("<5", 2))], "legacy")
    with pytest.raises(InputFileError) as err:
        PUPILS.parse(path, "p-2019.csv")
    assert str(err.value) == (
        "p-2019.csv, line 2, column 'LEER- OF VERBLIJFSJAAR 3 - MAN': must be a whole number >= 0 (found '<5')"
    )


@pytest.mark.parametrize("bad", ["-3", "2,5", "x"])
def test_negative_or_non_numeric_counts_are_refused(tmp_path, bad):
    path = write_pupil_file(
        tmp_path,
        2020,
        [pupil_row("10AB", "00", "bb", "6111", (1, 1)), pupil_row("10AB", "00", "kb", "6121", (bad, 2))],
        "new",
    )
    with pytest.raises(InputFileError) as err:
        PUPILS.parse(path, "p-2020.csv")
    assert "line 3, column 'LEER- OF VERBLIJFSJAAR 3 - MAN'" in str(err.value)
    assert f"(found '{bad}')" in str(err.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # a missing column is named
        ("BRIN NUMMER;VESTIGINGSNUMMER\n10AB;00\n", "column 'INSTELLINGSNAAM VESTIGING': missing required column"),
        # an unknown format is refused
        ("SCHOOL;AANTAL\nX;1\n", "column 'SCHOOL': unknown format"),
    ],
    ids=["missing_column_is_named", "unknown_format_is_refused"],
)
def test_header_problems_name_line_1_and_the_column(tmp_path, text, message):
    path = tmp_path / "p-2019.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputFileError) as err:
        PUPILS.parse(path, "p-2019.csv")
    assert str(err.value).startswith("p-2019.csv, line 1, " + message)


def test_duplicate_natural_key_names_both_lines(tmp_path):
    row = pupil_row("10AB", "00", "bb", "6111", (1, 1))
    path = write_pupil_file(tmp_path, 2019, [row, pupil_row("10AB", "00", "kb", "6121", (1, 1)), row])
    with pytest.raises(InputFileError) as err:
        PUPILS.parse(path, "p-2019.csv")
    assert "line 2" in str(err.value) and "also on line 4" in str(err.value)


def test_name_without_year_is_refused(tmp_path):
    path = write_pupil_file(tmp_path, 2019, [pupil_row("10AB", "00", "bb", "6111", (1, 1))])
    renamed = path.rename(tmp_path / "leerlingen.csv")
    with pytest.raises(InputFileError) as err:
        PUPILS.parse(renamed, "leerlingen.csv")
    assert "cannot tell the schooljaar" in str(err.value)


@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("01.-leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv", 2019),
        ("01.-leerlingen-vo-per-vestiging-naar-onderwijstype-2013-2014.csv", 2013),
        ("alle-vestigingen-vo.csv", None),
    ],
)
def test_schooljaar_from_name(name, year):
    assert schooljaar_from_name(name) == year


def test_real_vestigingen_file(tmp_path):
    from tests.conftest import REALDATA

    parsed = VESTIGINGEN.parse(REALDATA / "cito" / "alle-vestigingen-vo.csv", "alle-vestigingen-vo.csv")
    assert parsed.format_generation == "legacy" and parsed.schooljaar is None
    assert parsed.frame.height == 1619
    first = parsed.frame.row(0, named=True)
    assert (first["vestigingscode"], first["postcode"], first["telefoonnummer"]) == ("18BR00", "9406 NN", "0592340973")
    assert parsed.frame.row(1, named=True)["telefoonnummer"] is None  # fixed-width blanks are stripped


def test_bad_postcode_is_refused(tmp_path: Path):
    from ingest.demo.duo_writers import VESTIGINGEN_HEADER_LEGACY, write_legacy

    row = ["Utrecht", "1", "10AB", "10AB00", "X", "s", "1", "12345", "P", *[""] * 22]
    write_legacy(tmp_path / "v.csv", VESTIGINGEN_HEADER_LEGACY, [row])
    with pytest.raises(InputFileError) as err:
        VESTIGINGEN.parse(tmp_path / "v.csv", "v.csv")
    assert str(err.value) == (
        "v.csv, line 2, column 'POSTCODE': must be a Dutch postcode such as 9406 NN (found '12345')"
    )
