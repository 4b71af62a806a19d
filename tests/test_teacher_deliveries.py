"""Catalog G5, G13, G14 and the G17 forecast on hand-built deliveries; every expected value derived here.

G17 history (one programme, 35210, at one hogeschool, in DUO's format): first-year students F of
studiejaren 2006-2020 and graduates G(t) = F(t-3) / 2 of diplomajaren 2009-2019, in several editions of
five or six years each, as DUO publishes them; an older edition (2012-2014, every count 999) overlaps a
newer one (2011-2015) and must lose. Both forecasts for 2020-2023 are then F(t-3) / 2: the cohort method
exactly (yield 1/2), LassoCV approximately (it should find the lag of three years). The programme list
is delivered in landing/reference/ and replaces the seed: 35210, its (invented) predecessor code 34999 and
35254; in 2006-2008, 20 of each year's first-year students are listed under 34999 and count for 35210.

G5 (2022): a teaches BWI + an avo-vak; b BWI and PIE + an overig vak; c Z&W + an avo-vak at another BRIN;
d PIE only; e an avo-vak only (no profielvak: in no cell).
Rows not counted: the older edition's three rows, a 2020 row of a programme that is not a technical
teacher-training programme (35263, `-1`) and e's avo row; every other row of these files is counted.
G13/G14 (peiljaar 2022): BWI opleidingsniveau 30 / 50 / 10 / 10 persons; techniek opleidingsrichting
40 / 20 / 15 / <10 (counted 5); all profile teachers opleidingsniveau 200 / 600 / 100 / 100.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from ingest.demo.duo_writers import write_hbo
from orchestration.checks import coverage_checks
from tests.conftest import query, run_refresh_in

pytestmark = pytest.mark.e2e

F = dict(zip(range(2006, 2021), [120, 96, 140, 110, 80, 130, 100, 150, 90, 116, 106, 136, 86, 126, 146], strict=True))
G = {t: F[t - 3] // 2 for t in range(2009, 2020)}
NAME = "B Opleiding tot leraar voortgezet onderwijs van de tweede graad in het Technisch Beroepsonderwijs"
EERSTEJAARS = [
    "STUDIEJAAR", "PROVINCIENAAM", "GEMEENTENUMMER", "GEMEENTENAAM", "SOORT_INSTELLING", "TYPE_HOGER_ONDERWIJS",
    "INSTELLINGSCODE_ACTUEEL", "INSTELLINGSNAAM_ACTUEEL", "ONDERDEEL", "SUBONDERDEEL", "OPLEIDINGSCODE_ACTUEEL",
    "OPLEIDINGSNAAM_ACTUEEL", "AANTAL_EERSTEJAARS_INGESCHREVENEN",
]  # fmt: skip
GEDIPLOMEERDEN = [
    "DIPLOMAJAAR", "PROVINCIENAAM", "GEMEENTENUMMER", "GEMEENTENAAM", "SOORT_INSTELLING", "INSTELLINGSCODE_ACTUEEL",
    "INSTELLINGSNAAM_ACTUEEL", "ONDERDEEL", "SUBONDERDEEL", "OPLEIDINGSCODE_ACTUEEL", "OPLEIDINGSNAAM_ACTUEEL",
    "SOORT_DIPLOMA", "AANTAL_GEDIPLOMEERDEN",
]  # fmt: skip
PLACE = ["Utrecht", "0344", "Utrecht", "reguliere inst."]
INST = ["90HB", "Hogeschool Demo", "ONDERWIJS", "leraar voortgezet onderwijs", "35210", NAME]


def write_editions(landing: Path) -> None:
    folder = landing / "duo_hbo_eerstejaars"
    folder.mkdir(parents=True)
    predecessor = [*INST[:4], "34999", "B Opleiding tot leraar Techniek (oude code)"]
    for name, years, count in (
        ("eerstejaarsingeschrevenenhbo-2010.csv", range(2006, 2011), None),
        ("eerstejaarsingeschrevenenhbo-2015.csv", range(2011, 2016), None),
        ("eerstejaarsingeschrevenenhbo-2014-oud.csv", range(2012, 2015), 999),  # older edition: loses
        ("eerstejaarsingeschrevenenhbo.csv", range(2016, 2021), None),
    ):
        rows = []
        for y in years:
            old = 20 if y <= 2008 else 0
            rows.append([y, *PLACE, "bachelor", *INST, count or F[y] - old])
            if old:
                rows.append([y, *PLACE, "bachelor", *predecessor, old])
        if name == "eerstejaarsingeschrevenenhbo.csv":  # not a technical teacher-training programme; DUO's 1-4
            rows.append([2020, *PLACE, "bachelor", *INST[:4], "35263", "B Opleiding tot leraar Engels", -1])
        write_hbo(folder / name, EERSTEJAARS, rows)
    folder = landing / "duo_hbo_gediplomeerden"
    folder.mkdir(parents=True)
    for name, years in (
        ("gediplomeerdenhbo-2013.csv", range(2009, 2014)),
        ("gediplomeerdenhbo.csv", range(2014, 2020)),
    ):
        write_hbo(folder / name, GEDIPLOMEERDEN, [[t, *PLACE, *INST, "hbo bachelor", G[t]] for t in years])


VAKKEN = """persoon_id;peildatum;brin;vak;vak_categorie;profiel;lesuren
a;2022-10-01;10AB;profielvak (BWI);profielvak;BWI;12
a;2022-10-01;10AB;Wiskunde;avo;;2,5
b;2022-10-01;10AB;profielvak (BWI);profielvak;BWI;6
b;2022-10-01;10AB;keuzevak bij profielvak (PIE);profielvak;PIE;4
b;2022-10-01;10AB;Mentorles;overig;;1
c;2022-10-01;10AB;profielvak (Z&W);profielvak;Z&W;10
c;2022-10-01;20CD;Biologie;avo;;3
d;2022-10-01;20CD;profielvak (PIE);profielvak;PIE;20
e;2022-10-01;20CD;Engels;avo;;8
"""

CBS = """peiljaar;profiel;profielgroep;kenmerk;categorie;aantal_personen
2022;BWI;;opleidingsniveau;mbo;30
2022;BWI;;opleidingsniveau;hbo;50
2022;BWI;;opleidingsniveau;wo;10
2022;BWI;;opleidingsniveau;onbekend;10
2022;;techniek;opleidingsrichting;lerarenopleiding algemene en beroepsgerichte vakken;40
2022;;techniek;opleidingsrichting;overige onderwijsopleiding;20
2022;;techniek;opleidingsrichting;opleiding buiten het onderwijs;15
2022;;techniek;opleidingsrichting;onbekend;<10
2022;;;opleidingsniveau;mbo;200
2022;;;opleidingsniveau;hbo;600
2022;;;opleidingsniveau;wo;100
2022;;;opleidingsniveau;onbekend;100
"""


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("teacher_deliveries") / "sto_home"
    landing = home / "landing"
    write_editions(landing)
    (landing / "ipto_lesgevenden_vakken").mkdir(parents=True)
    (landing / "ipto_lesgevenden_vakken" / "lesgevenden-vakken-2022.csv").write_text(VAKKEN, encoding="utf-8")
    (landing / "cbs_lesgevenden_opleiding").mkdir(parents=True)
    (landing / "cbs_lesgevenden_opleiding" / "cbs-opleiding-2022.csv").write_text(CBS, encoding="utf-8")
    (landing / "reference").mkdir(parents=True)
    (landing / "reference" / "lerarenopleidingen_techniek.csv").write_text(
        "opleidingscode;programma_code;opleidingsnaam;technische_lerarenopleiding\n"
        "35210;35210;Leraar tweedegraads technisch beroepsonderwijs;J\n"
        "34999;35210;Leraar techniek (voorganger);J\n"
        "35254;35254;Leraar tweedegraads techniek;J\n",
        encoding="utf-8",
    )
    run_refresh_in(home)
    return home


def values(home: Path, indicator: str, where: str = "true") -> dict:
    rows = query(
        home,
        f"SELECT schooljaar, profiel, breakdown, breakdown_value, numerator, denominator, value, is_suppressed "
        f"FROM marts.indicator_values WHERE indicator_id = ? AND {where}",
        [indicator],
    )
    return {(r[0], r[1], r[2], r[3]): r[4:] for r in rows}


def test_each_edition_is_a_partition_and_the_newest_edition_of_a_year_wins(home):
    got = {
        y: v
        for (y, _p, _b, code), (_n, _d, v, _s) in values(home, "teacher_pipeline_first_year_students").items()
        if code == "totaal"
    }
    assert got == {y: float(n) for y, n in F.items()}  # never the older edition's 999
    files = query(home, "SELECT count(DISTINCT _source_file) FROM raw.duo_hbo_eerstejaars")
    assert files == [(4,)]
    # the delivered list replaces the seed; the predecessor code counts for its programme
    per_code = values(home, "teacher_pipeline_first_year_students", "schooljaar = 2006")
    assert {k[3]: v[2] for k, v in per_code.items()} == {"35210": 120.0, "35254": 0.0, "totaal": 120.0}
    assert values(home, "teacher_pipeline_graduates", "breakdown_value = '35210'") == {
        (t, None, "croho", "35210"): (float(n), None, float(n), False) for t, n in G.items()
    }


def test_cohort_forecast_is_half_of_the_cohort_three_years_earlier(home):
    # every loaded pair has G(t) = F(t-3) / 2, so the yield is 1/2; last diplomajaar 2019 -> 2020..2023
    got = values(home, "teacher_pipeline_graduates_forecast", "breakdown_value = 'cohortrendement'")
    assert got == {
        (t, None, "methode", "cohortrendement"): (F[t - 3] / 2, None, F[t - 3] / 2, False) for t in range(2020, 2024)
    }
    basis = query(
        home,
        "SELECT DISTINCT rendement, n_basisjaren, eerste_basisjaar, laatste_basisjaar FROM "
        "marts.lerarenopleidingen_prognose WHERE methode = 'cohortrendement'",
    )
    assert basis == [(0.5, 11, 2009, 2019)]  # 2009-2019: all eleven diplomajaren have their cohort loaded


def test_lasso_forecast_finds_the_three_year_lag(home):
    got = values(home, "teacher_pipeline_graduates_forecast", "breakdown_value = 'lasso'")
    assert {k[0] for k in got} == {2020, 2021, 2022, 2023}
    for (t, *_k), (_n, _d, value, suppressed) in got.items():
        assert value == pytest.approx(F[t - 3] / 2, rel=0.03), t
        assert suppressed is False
    rows = query(
        home,
        "SELECT schooljaar, lags, n_basisjaren, eerste_basisjaar, coefficienten FROM marts.lerarenopleidingen_prognose "
        "WHERE methode = 'lasso' ORDER BY schooljaar",
    )
    # studiejaren up to 2020: lags 2-5 for 2020-2022 (training 2011-2019: F(t-5) from 2006), lags 3-6 for 2023
    assert [r[:4] for r in rows] == [
        (2020, "2,3,4,5", 9, 2011),
        (2021, "2,3,4,5", 9, 2011),
        (2022, "2,3,4,5", 9, 2011),
        (2023, "3,4,5,6", 8, 2012),
    ]
    for _t, _lags, _n, _first, coefficients in rows:
        coef = {k: float(c) for k, c in (part.split(":") for part in coefficients.split(";"))}
        assert max(coef, key=lambda k: abs(coef[k])) == "t-3"


def test_g5_shares_of_profile_teachers_also_teaching_avo_or_overig(home):
    avo = values(home, "teachers_also_avo_share")
    assert avo == {
        (2022, "BWI", None, None): (1.0, 2.0, 50.0, False),
        (2022, "PIE", None, None): (0.0, 2.0, 0.0, False),
        (2022, "Z&W", None, None): (1.0, 1.0, 100.0, False),
        (2022, None, "profielgroep", "techniek"): (1.0, 3.0, pytest.approx(100 / 3), False),
        (2022, None, "profielgroep", "niet-techniek"): (1.0, 1.0, 100.0, False),
        (2022, None, None, None): (2.0, 4.0, 50.0, False),
    }
    overig = values(home, "teachers_also_other_share")
    assert overig[(2022, "PIE", None, None)] == (1.0, 2.0, 50.0, False)
    assert overig[(2022, None, "profielgroep", "techniek")][:2] == (1.0, 3.0)
    assert overig[(2022, None, None, None)] == (1.0, 4.0, 25.0, False)
    # the persons behind each G5 cell, for the release's CBS threshold of 10
    assert query(
        home,
        "SELECT n_persons, is_below_cbs_threshold FROM marts.lesgevenden_indicator_personen "
        "WHERE indicator_id = 'teachers_also_avo_share' AND profiel IS NULL AND breakdown IS NULL",
    ) == [(4, True)]


def test_g13_g14_shares_per_category_with_cbs_suppression(home):
    level = values(home, "teachers_education_level")
    assert level[(2022, "BWI", "opleidingsniveau", "hbo")] == (50.0, 100.0, 50.0, False)
    assert level[(2022, None, "opleidingsniveau", "mbo")] == (200.0, 1000.0, 20.0, False)
    assert len(level) == 8
    field = values(home, "teachers_education_field")
    # 40 + 20 + 15 + <10 counted as 5 = 80; every share of that cell flagged, the withheld one without value
    assert field == {
        (
            2022,
            None,
            "profielgroep|opleidingsrichting",
            "techniek|lerarenopleiding algemene en beroepsgerichte vakken",
        ): (
            40.0,
            80.0,
            50.0,
            True,
        ),
        (2022, None, "profielgroep|opleidingsrichting", "techniek|overige onderwijsopleiding"): (
            20.0,
            80.0,
            25.0,
            True,
        ),
        (2022, None, "profielgroep|opleidingsrichting", "techniek|opleiding buiten het onderwijs"): (
            15.0,
            80.0,
            18.75,
            True,
        ),
        (2022, None, "profielgroep|opleidingsrichting", "techniek|onbekend"): (None, 80.0, None, True),
    }


def test_catalog_says_which_delivery_each_new_indicator_needs(home):
    rows = dict(
        query(
            home,
            "SELECT indicator_id, definition FROM marts.indicator_catalog "
            "WHERE catalog_section IN ('G5', 'G13', 'G14', 'G17')",
        )
    )
    needs = {
        "teachers_also_avo_share": "landing/ipto_lesgevenden_vakken/",
        "teachers_also_other_share": "landing/ipto_lesgevenden_vakken/",
        "teachers_education_level": "landing/cbs_lesgevenden_opleiding/",
        "teachers_education_field": "landing/cbs_lesgevenden_opleiding/",
        "teacher_pipeline_first_year_students": "landing/duo_hbo_eerstejaars/",
        "teacher_pipeline_enrolled": "landing/duo_hbo_ingeschrevenen/",
        "teacher_pipeline_graduates": "landing/duo_hbo_gediplomeerden/",
        "teacher_pipeline_graduates_forecast": "landing/duo_hbo_gediplomeerden/",
    }
    assert rows.keys() == needs.keys()
    for indicator, folder in needs.items():
        assert folder in rows[indicator] and "no cells" in rows[indicator], indicator


def test_every_row_of_the_teacher_deliveries_is_classified(home):
    files = query(
        home,
        "SELECT source, source_file, status, reason, n_rows, n_rows_file, aantal, n_suppressed_cells "
        "FROM intermediate.int_coverage__files WHERE source IN ('duo_hbo_eerstejaars', 'duo_hbo_ingeschrevenen', "
        "'duo_hbo_gediplomeerden', 'ipto_lesgevenden_vakken', 'cbs_lesgevenden_opleiding', "
        "'reference__lerarenopleidingen_techniek')",
    )
    got = {(r[0], r[1].rsplit("/", 1)[-1], r[2], r[3]): r[4:] for r in files}
    superseded = "superseded: a newer edition holds the year"
    not_technical = "not a technical teacher-training programme (reference list lerarenopleidingen_techniek)"
    no_profielvak = "person teaches no profielvak (of a profiel in reference list profielen) in the schooljaar"
    hbo1, hbo2 = "duo_hbo_eerstejaars", "duo_hbo_gediplomeerden"
    assert got == {
        # 2006-2008 have two rows (35210 and its predecessor 34999), which add up to F
        (hbo1, "eerstejaarsingeschrevenenhbo-2010.csv", "counted", None): (
            8,
            8,
            sum(F[y] for y in range(2006, 2011)),
            0,
        ),
        (hbo1, "eerstejaarsingeschrevenenhbo-2015.csv", "counted", None): (
            5,
            5,
            sum(F[y] for y in range(2011, 2016)),
            0,
        ),
        (hbo1, "eerstejaarsingeschrevenenhbo-2014-oud.csv", "not counted", superseded): (3, 3, 3 * 999, 0),
        (hbo1, "eerstejaarsingeschrevenenhbo.csv", "counted", None): (5, 6, sum(F[y] for y in range(2016, 2021)), 0),
        (hbo1, "eerstejaarsingeschrevenenhbo.csv", "not counted", not_technical): (1, 6, None, 1),
        (hbo2, "gediplomeerdenhbo-2013.csv", "counted", None): (5, 5, sum(G[t] for t in range(2009, 2014)), 0),
        (hbo2, "gediplomeerdenhbo.csv", "counted", None): (6, 6, sum(G[t] for t in range(2014, 2020)), 0),
        ("ipto_lesgevenden_vakken", "lesgevenden-vakken-2022.csv", "counted", None): (8, 9, None, 0),
        ("ipto_lesgevenden_vakken", "lesgevenden-vakken-2022.csv", "not counted", no_profielvak): (1, 9, None, 0),
        # 30+50+10+10 + 40+20+15 (+ <10) + 200+600+100+100
        ("cbs_lesgevenden_opleiding", "cbs-opleiding-2022.csv", "counted", None): (12, 12, 1175, 1),
        ("reference__lerarenopleidingen_techniek", "lerarenopleidingen_techniek.csv", "counted", None): (3, 3, None, 0),
    }
    not_counted = query(
        home,
        "SELECT source_row FROM intermediate.int_coverage__raw_rows "
        "WHERE source = 'ipto_lesgevenden_vakken' AND status = 'not counted'",
    )
    assert not_counted == [(10,)]  # e's Engels: line 10 of the file (the header is line 1)
    # the check rows_not_counted sees them: a warning per source with such rows, a pass for the others
    con = duckdb.connect(str(home / "sto_monitor.duckdb"), read_only=True)
    try:
        checks = {c.target: c.as_dict()["status"] for c in coverage_checks(con)}
    finally:
        con.close()
    assert {
        t: checks[t]
        for t in (
            "raw/duo_hbo_eerstejaars",
            "raw/duo_hbo_gediplomeerden",
            "raw/ipto_lesgevenden_vakken",
            "raw/cbs_lesgevenden_opleiding",
        )
    } == {
        "raw/duo_hbo_eerstejaars": "warn",
        "raw/duo_hbo_gediplomeerden": "pass",
        "raw/ipto_lesgevenden_vakken": "warn",
        "raw/cbs_lesgevenden_opleiding": "pass",
    }
