"""Catalog section A (A1, A2/A3, A5) on a hand-built fixture; expected values derived by hand."""

from pathlib import Path

import pytest

from tests.conftest import query, run_refresh_in
from tests.duo_fixtures import pupil_row, write_pupil_file

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("pupils") / "sto_home"
    folder = home / "landing" / "duo_leerlingen_vestiging"
    write_pupil_file(
        folder,
        2019,
        [
            pupil_row("10AB", "00", "bb", "6011", (8, 2), lj4=(9, 1)),  # BWI bb: 10 (lj4 does not count)
            pupil_row("10AB", "00", "bb", "6155", (5, 0)),  # PIE bb, LWOO code: 5
            pupil_row("10AB", "00", "bb", "6611", (3, 12)),  # Z&W bb: 15
            pupil_row("10AB", "00", "kb", "6321", (4, 4)),  # MVI kb: 8
            pupil_row("10AB", "00", "kb", "6421", (10, 10)),  # E&O kb: 20
            pupil_row("10AB", "00", "gl", "6931", (6, 6)),  # D&P gl: 12
            pupil_row("10AB", "00", "bb", "4511", (7, 0)),  # legacy vakmanschapsroute bb: 7
            pupil_row("10AB", "00", "tl", "0470", (20, 5)),  # tl: not in bb/kb/gl indicators
            pupil_row("10AB", "00", "bb", "0200", (30, 30), onderwijstype="HAVO lj 4-5"),  # not vmbo
            pupil_row("10AB", "01", "bb", "7011", (2, 1)),  # BWI bb, LWT code, 2nd vestiging: 3
        ],
    )
    # 2020 in the newer format: DUO publishes the 3 boys as '<5' -> estimated at 2.5.
    write_pupil_file(folder, 2020, [pupil_row("10AB", "00", "bb", "6011", (3, 10))], "new")
    run_refresh_in(home)
    return home


def value(home: Path, indicator: str, schooljaar: int, leerweg=None, profiel=None, group=None) -> tuple:
    rows = query(
        home,
        """
        SELECT numerator, denominator, value FROM marts.indicator_values
        WHERE indicator_id = ? AND schooljaar = ? AND leerweg IS NOT DISTINCT FROM ?
          AND profiel IS NOT DISTINCT FROM ? AND breakdown_value IS NOT DISTINCT FROM ?
          AND sto_regio_id IS NULL AND vestiging_id IS NULL""",
        [indicator, schooljaar, leerweg, profiel, group],
    )
    assert len(rows) == 1, f"expected one cell, found {rows}"
    return rows[0]


def test_counts_per_profiel_and_leerweg(home):
    assert value(home, "pupils_lj3_count", 2019, "bb", "BWI")[2] == 13  # 10 + 3 (two vestigingen, LWT code)
    assert value(home, "pupils_lj3_count", 2019, "bb", "PIE")[2] == 5
    assert value(home, "pupils_lj3_count", 2019, "kb", "MVI")[2] == 8
    assert value(home, "pupils_lj3_count", 2019, None, "BWI")[2] == 13  # bb+kb+gl


def test_group_and_total_rows(home):
    assert value(home, "pupils_lj3_count", 2019, "bb", None, "techniek")[2] == 18  # 13 + 5
    assert value(home, "pupils_lj3_count", 2019, "bb", None, "niet-techniek")[2] == 15
    assert value(home, "pupils_lj3_count", 2019, "bb", None, "legacy")[2] == 7
    assert value(home, "pupils_lj3_count", 2019, "bb")[2] == 33  # 18 + 15, legacy excluded
    assert value(home, "pupils_lj3_count", 2019, None, None, "techniek")[2] == 26  # 18 + 8
    assert value(home, "pupils_lj3_count", 2019)[2] == 73  # 33 + 28 + 12


def test_tech_share_national_includes_legacy_in_denominator(home):
    # A2: 26 technical / (73 + 7 legacy) = 32.5 %
    assert value(home, "tech_share_lj3", 2019) == (26, 80, pytest.approx(32.5))


def test_tech_share_per_leerweg(home):
    assert value(home, "tech_share_lj3", 2019, "bb") == (18, 33, pytest.approx(100 * 18 / 33))  # 54.55 %
    assert value(home, "tech_share_lj3", 2019, "kb") == (8, 28, pytest.approx(100 * 8 / 28))  # 28.57 %
    assert value(home, "tech_share_lj3", 2019, "gl") == (0, 12, 0)  # no technical gl pupils


def test_female_share(home):
    assert value(home, "female_share_lj3", 2019, "bb", "BWI") == (3, 13, pytest.approx(100 * 3 / 13))
    # techniek over bb+kb+gl: girls 2 + 1 + 0 + 4 = 7 of 26
    assert value(home, "female_share_lj3", 2019, None, None, "techniek") == (7, 26, pytest.approx(100 * 7 / 26))


def test_suppressed_source_cell_is_estimated_at_midpoint(home):
    # 2020: '<5' boys (2.5) + 10 girls
    assert value(home, "pupils_lj3_count", 2020, "bb", "BWI")[2] == 12.5
    flagged = query(
        home,
        "SELECT n_suppressed_source_cells FROM marts.pupils_lj3_by_profiel "
        "WHERE schooljaar = 2020 AND leerweg = 'bb' AND profiel = 'BWI'",
    )
    assert flagged == [(1,)]


def test_every_indicator_has_a_catalog_entry(home):
    missing = query(
        home,
        "SELECT DISTINCT indicator_id FROM marts.indicator_values "
        "EXCEPT SELECT indicator_id FROM marts.indicator_catalog",
    )
    assert missing == []
    assert {r[0] for r in query(home, "SELECT indicator_id FROM marts.indicator_catalog")} >= {
        "pupils_lj3_count",
        "tech_share_lj3",
        "female_share_lj3",
    }
    # Catalog text may hold quotes (the macro escapes them).
    definition = query(home, "SELECT definition FROM marts.indicator_catalog WHERE indicator_id = 'pupils_lj3_count'")
    assert 'the report\'s "Totaal" rows' in definition[0][0]
