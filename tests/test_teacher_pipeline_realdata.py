"""Catalog G17 end to end on DUO's real open hbo files (../shared/realdata/duo_hbo/, LF as stored there):
first-year students, enrolled students and graduates of the six teacher-training programmes equal what
this test recomputes from the CSV with the csv module; a programme-year with a -1 row carries its bounds
and the flag, never 0 or -1; the cohort forecast follows from the files by the stated rule and LassoCV
is not shown on five years of history."""

from __future__ import annotations

import csv
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from tests.conftest import REALDATA, query, query_keyed, run_refresh_in

pytestmark = [pytest.mark.e2e, pytest.mark.realdata]

HBO = REALDATA / "duo_hbo"
# The six programmes the report names (002:L5079), by the CROHO codes of the issue; not the project's seed.
SIX = ("35254", "35383", "35386", "35384", "35210", "35208")
FILES = {
    "teacher_pipeline_first_year_students": (
        "duo_hbo_eerstejaars",
        "eerstejaarsingeschrevenenhbo.csv",
        "STUDIEJAAR",
        "AANTAL_EERSTEJAARS_INGESCHREVENEN",
    ),
    "teacher_pipeline_enrolled": (
        "duo_hbo_ingeschrevenen",
        "ingeschrevenenhbo.csv",
        "STUDIEJAAR",
        "AANTAL_INGESCHREVENEN",
    ),
    "teacher_pipeline_graduates": (
        "duo_hbo_gediplomeerden",
        "gediplomeerdenhbo.csv",
        "DIPLOMAJAAR",
        "AANTAL_GEDIPLOMEERDEN",
    ),
}


def recount(name: str, year_column: str, count_column: str) -> dict[tuple[int, str], tuple[int, int]]:
    """(year, code) -> (students on exactly published rows, rows published as -1), for every year of the
    file and each of the six codes (0, 0 where DUO lists none); code 'totaal' = over the six."""
    with (HBO / name).open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    years = {int(r[year_column]) for r in rows}
    out: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for year in years:
        for code in (*SIX, "totaal"):
            out[(year, code)]  # noqa: B018 - every programme-year exists
    for r in rows:
        code = r["OPLEIDINGSCODE_ACTUEEL"]
        if code not in SIX:
            continue
        for key in ((int(r[year_column]), code), (int(r[year_column]), "totaal")):
            if r[count_column] == "-1":
                out[key][1] += 1
            else:
                out[key][0] += int(r[count_column])
    return {k: (v[0], v[1]) for k, v in out.items()}


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("hbo_real") / "sto_home"
    for folder, name, _y, _c in FILES.values():
        (home / "landing" / folder).mkdir(parents=True)
        shutil.copy(HBO / name, home / "landing" / folder / name)
    run_refresh_in(home)
    return home


def test_counts_per_programme_and_year_equal_the_csv(home):
    for indicator, (folder, name, year_column, count_column) in FILES.items():
        expected = recount(name, year_column, count_column)
        got = query_keyed(
            home,
            "SELECT schooljaar, breakdown_value, value, is_suppressed FROM marts.indicator_values "
            "WHERE indicator_id = ? AND breakdown = 'croho'",
            [indicator],
        )
        assert got.keys() == expected.keys(), indicator
        for key, (exact, n_minus_one) in expected.items():
            value, suppressed = got[key]
            assert value == exact + 2.5 * n_minus_one, (indicator, key)
            assert suppressed == (n_minus_one > 0), (indicator, key)
        bounds = query_keyed(
            home,
            "SELECT schooljaar, opleidingscode, n_studenten_min, n_studenten_max, n_bronregels_onderdrukt "
            "FROM marts.lerarenopleidingen_studenten WHERE maat = ?",
            [folder.removeprefix("duo_hbo_")],
        )
        assert bounds == {k: (e + m, e + 4 * m, m) for k, (e, m) in expected.items()}, indicator


def test_a_programme_year_with_a_minus_one_row_is_flagged_with_its_bounds(home):
    # DUO lists 35254 (tweedegraads Techniek) in studiejaar 2022 on two lines: 5 first-year students and -1.
    expected = recount("eerstejaarsingeschrevenenhbo.csv", "STUDIEJAAR", "AANTAL_EERSTEJAARS_INGESCHREVENEN")
    assert expected[(2022, "35254")] == (5, 1)
    assert query(
        home,
        "SELECT n_studenten, n_studenten_min, n_studenten_max, n_bronregels, is_suppressed_at_source "
        "FROM marts.lerarenopleidingen_studenten WHERE maat = 'eerstejaars' AND schooljaar = 2022 "
        "AND opleidingscode = '35254'",
    ) == [(7.5, 6, 9, 2, True)]
    assert query(
        home,
        "SELECT value, is_suppressed FROM marts.indicator_values WHERE indicator_id = "
        "'teacher_pipeline_first_year_students' AND schooljaar = 2022 AND breakdown_value = '35254'",
    ) == [(7.5, True)]
    # never 0 or -1: no cell with a -1 row has a value below its lower bound
    assert query(
        home,
        "SELECT count(*) FROM marts.lerarenopleidingen_studenten "
        "WHERE is_suppressed_at_source AND (n_studenten < n_studenten_min OR n_studenten_min < 1)",
    ) == [(0,)]


def test_programmes_duo_no_longer_lists_are_zero_in_every_year(home):
    # 35383, 35386 and 35384 do not occur in DUO's files of 2019-2024 (OPLEIDINGSCODE_ACTUEEL)
    for code in ("35383", "35386", "35384"):
        rows = query(
            home,
            "SELECT DISTINCT value, is_suppressed FROM marts.indicator_values WHERE breakdown_value = ?",
            [code],
        )
        assert rows == [(0.0, False)], code


def test_cohort_forecast_follows_from_the_files(home):
    """Yield = graduates of the one diplomajaar whose cohort three years earlier is loaded (2023 / 2020);
    forecast t = first-year students of t - 3 x yield for t = 2024..2027 (studiejaren 2021..2024)."""
    first = recount("eerstejaarsingeschrevenenhbo.csv", "STUDIEJAAR", "AANTAL_EERSTEJAARS_INGESCHREVENEN")
    grads = recount("gediplomeerdenhbo.csv", "DIPLOMAJAAR", "AANTAL_GEDIPLOMEERDEN")

    def total(counts, year):
        exact, n_minus_one = counts[(year, "totaal")]
        return exact + 2.5 * n_minus_one

    assert max(y for y, _c in grads) == 2023 and min(y for y, _c in first) == 2020
    rendement = total(grads, 2023) / total(first, 2020)
    got = dict(
        query(
            home,
            "SELECT schooljaar, value FROM marts.indicator_values "
            "WHERE indicator_id = 'teacher_pipeline_graduates_forecast' AND breakdown_value = 'cohortrendement'",
        )
    )
    assert got.keys() == {2024, 2025, 2026, 2027}
    for t, value in got.items():
        assert value == pytest.approx(total(first, t - 3) * rendement)


def test_lasso_is_not_shown_on_five_years(home):
    assert query(
        home,
        "SELECT count(*) FROM marts.indicator_values WHERE indicator_id = 'teacher_pipeline_graduates_forecast' "
        "AND breakdown_value = 'lasso'",
    ) == [(0,)]
    reasons = query(
        home,
        "SELECT schooljaar, prognose, n_basisjaren, reden FROM marts.lerarenopleidingen_prognose "
        "WHERE methode = 'lasso' ORDER BY schooljaar",
    )
    assert [r[0] for r in reasons] == [2024, 2025, 2026, 2027]
    assert all(r[1] is None and r[2] < 8 and "at least 8 needed" in r[3] for r in reasons)
