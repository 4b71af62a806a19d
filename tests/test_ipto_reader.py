"""The teacher extract reader (ipto_lesgevenden): decimals with ',' or '.', ranges, codes and key."""

from pathlib import Path

import pytest

from ingest.errors import InputFileError
from ingest.sources.ipto_lesgevenden import SOURCE

HEADER = (
    "persoon_id;peildatum;brin;profiel;functiecategorie;deeltijdfactor;aandeel_profiel;leeftijd;geslacht;"
    "bevoegd;contract;situatie_5jr_eerder;hoofdbaan_buiten_onderwijs"
)
GOOD = "p1;2022-10-01;10AB;BWI;OP;0,8;0.5;45;M;J;vast;onderwijs;N"


def parse(tmp_path: Path, *lines: str):
    path = tmp_path / "ipto_lesgevenden_2022.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return SOURCE.parse(path, "ipto_lesgevenden/ipto_lesgevenden_2022.csv")


def error_of(tmp_path: Path, *lines: str) -> str:
    with pytest.raises(InputFileError) as err:
        parse(tmp_path, *lines)
    return str(err.value)


def test_good_file_with_both_decimal_separators(tmp_path: Path):
    parsed = parse(
        tmp_path,
        GOOD,
        "p2;2022-10-01;10AB;M&T;OOP;1.2;1;80;V;N;tijdelijk;;",
        "p1;2022-10-01;10AB;Z&W;OP;0,8;0,5;45;M;J;vast;onderwijs;N",
    )
    assert parsed.schooljaar == 2022
    assert parsed.frame.height == 3
    assert parsed.frame["deeltijdfactor"].to_list() == ["0,8", "1.2", "0,8"]  # typed in staging


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            GOOD.replace("0,8", "1,3"),
            "line 2, column 'deeltijdfactor': must be between 0 and 1.2 (found '1,3')",
        ),
        (GOOD.replace("0.5", "1.5"), "line 2, column 'aandeel_profiel': must be between 0 and 1 (found '1.5')"),
        (GOOD.replace(";45;", ";81;"), "line 2, column 'leeftijd': must be an age between 15 and 80 (found '81')"),
        (GOOD.replace(";45;", ";12;"), "line 2, column 'leeftijd': must be an age between 15 and 80 (found '12')"),
        (GOOD.replace(";0.5;", ";half;"), "line 2, column 'aandeel_profiel': must be a decimal number (found 'half')"),
        (GOOD.replace(";BWI;", ";MTR;"), "line 2, column 'profiel': unknown profile code (expected one of BWI, PIE"),
        (GOOD.replace(";OP;", ";DIR;"), "line 2, column 'functiecategorie': must be OP or OOP (found 'DIR')"),
        (GOOD.replace(";vast;", ";vaste;"), "line 2, column 'contract': must be vast or tijdelijk (found 'vaste')"),
        (
            GOOD.replace(";onderwijs;", ";industrie;"),
            "line 2, column 'situatie_5jr_eerder': must be one of onderwijs, bedrijfsleven, opleiding, overig",
        ),
    ],
)
def test_bad_values_are_one_line_errors(tmp_path: Path, row: str, message: str):
    assert f"ipto_lesgevenden/ipto_lesgevenden_2022.csv, {message}" in error_of(tmp_path, row)


def test_key_is_person_brin_profile(tmp_path: Path):
    message = error_of(tmp_path, GOOD, GOOD.replace("0,8", "0,4"))
    assert "line 2: duplicate key (persoon_id, brin, profiel) = (p1, 10AB, BWI); also on line 3" in message
    parse(tmp_path, GOOD, GOOD.replace("10AB", "20CD"))  # the same person at another school is fine
