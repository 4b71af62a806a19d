"""Catalog section G (teachers) on a hand-built IPTO extract; every expected value derived by hand.

Fixture (schooljaar 2022, peildatum 2022-10-01; fte = deeltijdfactor x aandeel_profiel):
  10AB  t01..t10 BWI, OP, 1.0 x 0.5 = 0.5 fte each; t01 also PIE 1.0 x 0.5 (two technical profiles)
        t11 PIE 0.4 x 0.5 = 0.2 (attributes disagree with t11's larger row at 20CD)
  20CD  t11 PIE 0.8 x 1.0 = 0.8; t12 Z&W 1.0 x 0.6 = 0.6 and BWI 1.0 x 0.4 = 0.4 (technical and not)
  30EF  s01, s02 MVI, OOP only, 0.5 x 1.0 = 0.5 each (a school with only support staff)
  40GH  t13 E&O "1,2" x "0,25" = 0.3 (decimal commas; BRIN without an STO region)
2021: u01..u09 BWI at 10AB 1.0 x 0.6; u01 also PIE 1.0 x 0.4.
2017 (nulmeting): b01..b08 BWI at 10AB 1.0 x 0.5; b09 Z&W at 30EF 1.0 x 1.0.
Regions: 10AB00, 10AB01 -> R01 and 10AB02 -> R02 (10AB: R01, majority); 20CD00 -> R02, 20CD01 -> R03
(20CD: tie, lowest id R02); 30EF00 -> R04 until 2020-07-31, R03 from 2020-08-01.
"""

from pathlib import Path

import pytest

from tests.conftest import query, run_refresh_in

pytestmark = pytest.mark.e2e

HEADER = (
    "persoon_id;peildatum;brin;profiel;functiecategorie;deeltijdfactor;aandeel_profiel;leeftijd;geslacht;"
    "bevoegd;contract;situatie_5jr_eerder;hoofdbaan_buiten_onderwijs"
)

# persoon: (leeftijd, geslacht, bevoegd, contract, functiecategorie, situatie, hoofdbaan) in 2022
PEOPLE_2022 = {
    "t01": (62, "M", "J", "vast", "OP", "onderwijs", "N"),
    "t02": (55, "V", "J", "vast", "OP", "onderwijs", "N"),
    "t03": (50, "M", "N", "tijdelijk", "OP", "bedrijfsleven", "J"),
    "t04": (49, "M", "J", "vast", "OP", "onderwijs", "N"),
    "t05": (45, "V", "N", "vast", "OOP", "bedrijfsleven", "N"),
    "t06": (40, "M", "J", "tijdelijk", "OP", "opleiding", "N"),
    "t07": (35, "M", "J", "vast", "OP", "opleiding", "N"),
    "t08": (30, "M", "N", "vast", "OP", "overig", "N"),
    "t09": (28, "M", "J", "tijdelijk", "OP", "", ""),
    "t10": (60, "M", "J", "vast", "OP", "onderwijs", "N"),
    "t11": (40, "M", "J", "vast", "OP", "bedrijfsleven", "J"),
    "t12": (52, "V", "J", "vast", "OP", "onderwijs", "N"),
    "s01": (58, "M", "N", "tijdelijk", "OOP", "bedrijfsleven", "N"),
    "s02": (33, "M", "N", "vast", "OOP", "overig", "J"),
    "t13": (47, "V", "J", "vast", "OP", "onderwijs", "N"),
}
T11_SMALL_ROW = (30, "V", "N", "tijdelijk", "OOP", "opleiding", "N")  # loses: 0.2 fte < 0.8 fte


def line(pid, peildatum, brin, profiel, dtf, aandeel, attrs) -> str:
    age, sex, bev, contract, functie, situatie, hoofdbaan = attrs
    return ";".join(
        str(v)
        for v in (pid, peildatum, brin, profiel, functie, dtf, aandeel, age, sex, bev, contract, situatie, hoofdbaan)
    )


def write_extract(folder: Path, year: int, lines: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"ipto_lesgevenden_{year}.csv").write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("teachers") / "sto_home"
    folder = home / "landing" / "ipto_lesgevenden"
    d22 = "2022-10-01"
    p = PEOPLE_2022
    rows22 = [line(f"t{i:02d}", d22, "10AB", "BWI", "1.0", "0.5", p[f"t{i:02d}"]) for i in range(1, 11)]
    rows22 += [
        line("t01", d22, "10AB", "PIE", "1.0", "0.5", p["t01"]),
        line("t11", d22, "10AB", "PIE", "0.4", "0.5", T11_SMALL_ROW),
        line("t11", d22, "20CD", "PIE", "0.8", "1.0", p["t11"]),
        line("t12", d22, "20CD", "Z&W", "1.0", "0.6", p["t12"]),
        line("t12", d22, "20CD", "BWI", "1.0", "0.4", p["t12"]),
        line("s01", d22, "30EF", "MVI", "0.5", "1", p["s01"]),
        line("s02", d22, "30EF", "MVI", "0.5", "1", p["s02"]),
        line("t13", d22, "40GH", "E&O", "1,2", "0,25", p["t13"]),
    ]
    write_extract(folder, 2022, rows22)
    plain = (40, "M", "J", "vast", "OP", "onderwijs", "N")
    rows21 = [line(f"u{i:02d}", "2021-10-01", "10AB", "BWI", "1.0", "0.6", plain) for i in range(1, 10)]
    rows21.append(line("u01", "2021-10-01", "10AB", "PIE", "1.0", "0.4", plain))
    write_extract(folder, 2021, rows21)
    old = (50, "M", "J", "vast", "OP", "onderwijs", "N")
    rows17 = [line(f"b{i:02d}", "2017-10-01", "10AB", "BWI", "1.0", "0.5", old) for i in range(1, 9)]
    rows17.append(line("b09", "2017-10-01", "30EF", "Z&W", "1.0", "1.0", old))
    write_extract(folder, 2017, rows17)
    reference = home / "landing" / "reference"
    reference.mkdir(parents=True)
    (reference / "sto_regio_vestigingen.csv").write_text(
        "sto_regio_id;regio_naam;techniekluw;brin;vestigingsnummer;geldig_van;geldig_tot\n"
        "R01;Regio een;N;10AB;00;2016-08-01;\n"
        "R01;Regio een;N;10AB;01;2016-08-01;\n"
        "R02;Regio twee;N;10AB;02;2016-08-01;\n"
        "R02;Regio twee;N;20CD;00;2016-08-01;\n"
        "R03;Regio drie;J;20CD;01;2016-08-01;\n"
        "R04;Regio vier;N;30EF;00;2016-08-01;2020-07-31\n"
        "R03;Regio drie;J;30EF;00;2020-08-01;\n",
        encoding="utf-8",
    )
    run_refresh_in(home)
    return home


def cell(home: Path, indicator: str, schooljaar: int, profiel=None, breakdown=None, value=None, regio=None) -> tuple:
    rows = query(
        home,
        """
        SELECT numerator, denominator, value, unit FROM marts.indicator_values
        WHERE indicator_id = ? AND schooljaar = ? AND profiel IS NOT DISTINCT FROM ?
          AND breakdown IS NOT DISTINCT FROM ? AND breakdown_value IS NOT DISTINCT FROM ?
          AND sto_regio_id IS NOT DISTINCT FROM ? AND vestiging_id IS NULL AND leerweg IS NULL""",
        [indicator, schooljaar, profiel, breakdown, value, regio],
    )
    assert len(rows) == 1, f"expected one cell, found {rows}"
    return rows[0]


def absent(home: Path, indicator: str, schooljaar: int, profiel, breakdown, value) -> bool:
    return not query(
        home,
        "SELECT 1 FROM marts.indicator_values WHERE indicator_id = ? AND schooljaar = ? "
        "AND profiel IS NOT DISTINCT FROM ? AND breakdown = ? AND breakdown_value = ?",
        [indicator, schooljaar, profiel, breakdown, value],
    )


G = "profielgroep"


def test_persons_and_fte_per_profile(home):
    # BWI: t01..t10 at 10AB + t12 at 20CD = 11 persons; fte 10 x 0.5 + 0.4 = 5.4
    assert cell(home, "teachers_tech_persons", 2022, "BWI")[2] == 11
    assert cell(home, "teachers_tech_fte", 2022, "BWI")[2] == pytest.approx(5.4)
    # PIE: t01 (0.5) and t11 at two schools (0.8 + 0.2): 2 persons, 1.5 fte
    assert cell(home, "teachers_tech_persons", 2022, "PIE")[2] == 2
    assert cell(home, "teachers_tech_fte", 2022, "PIE")[2] == pytest.approx(1.5)
    # E&O from decimal commas: 1,2 x 0,25 = 0.3
    assert cell(home, "teachers_nontech_persons_fte", 2022, "E&O", "maat", "fte")[2] == pytest.approx(0.3)
    assert cell(home, "teachers_nontech_persons_fte", 2022, "E&O", "maat", "personen")[2] == 1


def test_double_counting_in_group_and_total(home):
    # techniek: t01..t12 + s01, s02 = 14 persons (t01 teaches BWI and PIE: once); fte 5.4 + 1.5 + 1.0 = 7.9
    assert cell(home, "teachers_tech_persons", 2022, None, G, "techniek")[2] == 14
    assert cell(home, "teachers_tech_fte", 2022, None, G, "techniek")[2] == pytest.approx(7.9)
    # niet-techniek: t12 (Z&W) and t13 (E&O) = 2 persons, 0.6 + 0.3 = 0.9 fte
    nt = "teachers_nontech_persons_fte"
    assert cell(home, nt, 2022, None, "profielgroep|maat", "niet-techniek|personen")[2] == 2
    assert cell(home, nt, 2022, None, "profielgroep|maat", "niet-techniek|fte")[2] == pytest.approx(0.9)
    # total: t12 is in both groups but counts once: 14 + 2 - 1 = 15 persons; fte 7.9 + 0.9 = 8.8
    assert cell(home, "teachers_beroepsgericht_total", 2022, None, "maat", "personen")[2] == 15
    assert cell(home, "teachers_beroepsgericht_total", 2022, None, "maat", "fte")[2] == pytest.approx(8.8)


def test_change_against_previous_year_and_nulmeting(home):
    ch = "verandering"
    # BWI persons: 2021 has 9 -> (11 - 9) / 9 = 22.2 %; 2017 has 8 -> (11 - 8) / 8 = 37.5 %
    assert cell(home, "teachers_tech_persons", 2022, "BWI", ch, "vorig_jaar")[:3] == (11, 9, pytest.approx(200 / 9))
    assert cell(home, "teachers_tech_persons", 2022, "BWI", ch, "nulmeting")[2] == pytest.approx(37.5)
    # BWI fte: 2021 9 x 0.6 = 5.4 -> 0 %; 2017 8 x 0.5 = 4.0 -> (5.4 - 4) / 4 = 35 %
    assert cell(home, "teachers_tech_fte", 2022, "BWI", ch, "vorig_jaar")[2] == pytest.approx(0)
    assert cell(home, "teachers_tech_fte", 2022, "BWI", ch, "nulmeting")[2] == pytest.approx(35)
    # techniek persons vs 2021 (9): 55.6 %; fte vs 2017 (4.0): (7.9 - 4) / 4 = 97.5 %
    gch = "profielgroep|verandering"
    assert cell(home, "teachers_tech_persons", 2022, None, gch, "techniek|vorig_jaar")[2] == pytest.approx(500 / 9)
    assert cell(home, "teachers_tech_fte", 2022, None, gch, "techniek|nulmeting")[2] == pytest.approx(97.5)
    # PIE fte vs 2021 (0.4): (1.5 - 0.4) / 0.4 = 275 %
    assert cell(home, "teachers_tech_fte", 2022, "PIE", ch, "vorig_jaar")[2] == pytest.approx(275)
    # total persons vs 2017 (9): 66.7 %; niet-techniek fte vs 2017 (1.0): -10 %
    tot = cell(home, "teachers_beroepsgericht_total", 2022, None, "maat|verandering", "personen|nulmeting")
    assert tot[2] == pytest.approx(600 / 9)
    nt = cell(
        home, "teachers_nontech_persons_fte", 2022, None, "profielgroep|maat|verandering", "niet-techniek|fte|nulmeting"
    )
    assert nt[2] == pytest.approx(-10)


def test_no_change_rows_without_a_reference_year(home):
    assert absent(home, "teachers_tech_persons", 2022, "PIE", "verandering", "nulmeting")  # no PIE in 2017
    assert absent(home, "teachers_tech_persons", 2021, "BWI", "verandering", "vorig_jaar")  # no 2020
    assert absent(home, "teachers_tech_persons", 2017, "BWI", "verandering", "nulmeting")  # the nulmeting itself
    assert (
        query(home, "SELECT count(*) FROM marts.indicator_values WHERE schooljaar = 2017 AND unit = 'percent_change'")[
            0
        ][0]
        == 0
    )
    # 2021 against the nulmeting: (9 - 8) / 8 = 12.5 %
    assert cell(home, "teachers_tech_persons", 2021, "BWI", "verandering", "nulmeting")[2] == pytest.approx(12.5)


def test_person_attributes_come_from_the_largest_fte_row(home):
    rows = query(
        home,
        "SELECT leeftijd, geslacht, is_oop, n_rows, has_conflicting_attributes "
        "FROM intermediate.int_teachers__persons WHERE schooljaar = 2022 AND persoon_id = 't11'",
    )
    assert rows == [(40, "M", False, 2, True)]  # the 20CD row (0.8 fte) wins over the 10AB row (0.2 fte)


def test_shares_for_technical_profiles(home):
    # techniek (14): bevoegd t01 t02 t04 t06 t07 t09 t10 t11 t12 = 9; vast 10; OOP t05 s01 s02 = 3; women 3
    assert cell(home, "teachers_bevoegd_share", 2022, None, G, "techniek")[:3] == (9, 14, pytest.approx(900 / 14))
    assert cell(home, "teachers_permanent_contract_share", 2022, None, G, "techniek")[:2] == (10, 14)
    assert cell(home, "teachers_support_staff_share", 2022, None, G, "techniek")[:2] == (3, 14)
    assert cell(home, "teachers_female_share", 2022, None, G, "techniek")[:2] == (3, 14)  # t02 t05 t12
    # BWI (11): bevoegd 8 -> 72.7 %
    assert cell(home, "teachers_bevoegd_share", 2022, "BWI")[:3] == (8, 11, pytest.approx(800 / 11))
    # hoofdbaan buiten onderwijs: t03 t11 s02 of 13 with a known value (t09 empty)
    assert cell(home, "teachers_main_job_outside_education_share", 2022, None, G, "techniek")[:2] == (3, 13)


def test_school_with_only_support_staff(home):
    # 30EF has only s01 and s02 (OOP): MVI 2 persons at the school, OOP share of MVI 100 %
    assert cell(home, "teachers_per_school", 2022, "MVI", "brin", "30EF")[2] == 2
    assert cell(home, "teachers_support_staff_share", 2022, "MVI")[:3] == (2, 2, 100)
    assert cell(home, "teachers_per_school", 2022, None, "profielgroep|brin", "techniek|30EF")[2] == 2


def test_age(home):
    # techniek ages sum 637 over 14 persons -> 45.5; bands <50: 8, 50-59: 4, 60+: 2 -> 50+ 6/14
    assert cell(home, "teachers_mean_age", 2022, None, G, "techniek")[:3] == (637, 14, 45.5)
    lk = "profielgroep|leeftijdsklasse"
    assert cell(home, "teachers_age_distribution", 2022, None, lk, "techniek|18-49")[:2] == (8, 14)
    assert cell(home, "teachers_age_distribution", 2022, None, lk, "techniek|50-59")[:2] == (4, 14)
    assert cell(home, "teachers_age_distribution", 2022, None, lk, "techniek|60+")[:2] == (2, 14)
    assert cell(home, "teachers_50plus_share", 2022, None, G, "techniek")[2] == pytest.approx(600 / 14)
    # BWI: 454 + 52 = 506 over 11 -> 46
    assert cell(home, "teachers_mean_age", 2022, "BWI")[2] == 46


def test_situation_five_years_earlier(home):
    # techniek, 13 known (t09 unknown): onderwijs 5, bedrijfsleven 4 (t03 t05 t11 s01), opleiding 2, overig 2
    s = "profielgroep|situatie_5jr_eerder"
    assert cell(home, "teachers_prior_work_situation", 2022, None, s, "techniek|onderwijs")[:2] == (5, 13)
    assert cell(home, "teachers_prior_work_situation", 2022, None, s, "techniek|bedrijfsleven")[:2] == (4, 13)
    assert cell(home, "teachers_prior_work_situation", 2022, None, s, "techniek|opleiding")[:2] == (2, 13)
    assert cell(home, "teachers_prior_work_situation", 2022, None, s, "techniek|overig")[:2] == (2, 13)


def test_per_school_means(home):
    # BWI: 10AB 10, 20CD 1 -> 11 / 2 = 5.5; PIE: 10AB {t01, t11}, 20CD {t11} -> 3 / 2 = 1.5
    assert cell(home, "teachers_per_school", 2022, "BWI")[:3] == (11, 2, 5.5)
    assert cell(home, "teachers_per_school", 2022, "PIE")[:3] == (3, 2, 1.5)
    # techniek: 10AB 11, 20CD 2, 30EF 2 -> 15 / 3 = 5; total: 11 + 2 + 2 + 1 -> 16 / 4 = 4
    assert cell(home, "teachers_per_school", 2022, None, G, "techniek")[:3] == (15, 3, 5)
    assert cell(home, "teachers_per_school", 2022)[:3] == (16, 4, 4)
    assert cell(home, "teachers_per_school", 2022, "BWI", "brin", "10AB")[2] == 10


def test_per_region(home):
    # 10AB -> R01 (2 of 3 vestigingen), 20CD -> R02 (tie with R03, lowest id), 30EF -> R03 (on 2022-10-01)
    assert query(
        home,
        "SELECT brin, sto_regio_id FROM intermediate.int_teachers__brin_regio WHERE schooljaar = 2022 ORDER BY 1",
    ) == [("10AB", "R01"), ("20CD", "R02"), ("30EF", "R03")]  # 40GH has no region
    # in 2017 30EF was still in R04
    assert cell(home, "teachers_per_region", 2017, "Z&W", regio="R04")[2] == 1
    assert cell(home, "teachers_per_region", 2022, None, G, "techniek", regio="R01")[2] == 11
    assert cell(home, "teachers_per_region", 2022, "MVI", regio="R03")[2] == 2
    # mean: techniek R01 11, R02 2, R03 2 -> 15 / 3 = 5; niet-techniek only R02 (t12; 40GH has no region)
    assert cell(home, "teachers_per_region", 2022, None, G, "techniek")[:3] == (15, 3, 5)
    assert cell(home, "teachers_per_region", 2022, None, G, "niet-techniek")[:3] == (1, 1, 1)


def test_suppressed_cell_flags_in_marts(home):
    rows = query(
        home,
        "SELECT schooljaar, profiel, n_persons, is_below_cbs_threshold FROM marts.lesgevenden_per_profiel "
        "WHERE profiel IN ('BWI', 'PIE') ORDER BY 1, 2",
    )
    # BWI 2022 has 11 persons (published); PIE 2022 (2), BWI 2021 (9) and 2017 (8) fall below 10
    assert rows == [
        (2017, "BWI", 8, True),
        (2021, "BWI", 9, True),
        (2021, "PIE", 1, True),
        (2022, "BWI", 11, False),
        (2022, "PIE", 2, True),
    ]
    kenmerken = query(
        home,
        "SELECT n_persons, share_oop, is_below_cbs_threshold FROM marts.lesgevenden_kenmerken "
        "WHERE schooljaar = 2022 AND profielgroep = 'techniek' AND profiel IS NULL",
    )
    assert kenmerken == [(14, pytest.approx(300 / 14), False)]
    # The person count behind every teacher cell of indicator_values: change BWI 2022 vs 2021 rests on min(11, 9)
    personen = query(
        home,
        "SELECT n_persons, is_below_cbs_threshold FROM marts.lesgevenden_indicator_personen "
        "WHERE indicator_id = 'teachers_tech_persons' AND schooljaar = 2022 AND profiel = 'BWI' "
        "AND breakdown = 'verandering' AND breakdown_value = 'vorig_jaar'",
    )
    assert personen == [(9, True)]
    unmatched = query(
        home,
        """SELECT count(*) FROM marts.indicator_values AS v
        LEFT JOIN marts.lesgevenden_indicator_personen AS p
          ON p.indicator_id = v.indicator_id AND p.schooljaar = v.schooljaar
          AND p.sto_regio_id IS NOT DISTINCT FROM v.sto_regio_id AND p.profiel IS NOT DISTINCT FROM v.profiel
          AND p.breakdown IS NOT DISTINCT FROM v.breakdown AND p.breakdown_value IS NOT DISTINCT FROM v.breakdown_value
        WHERE v.indicator_id LIKE 'teachers%' AND p.n_persons IS NULL""",
    )
    assert unmatched == [(0,)]


def test_catalog_marks_teacher_indicators(home):
    ids = {
        r[0] for r in query(home, "SELECT indicator_id FROM marts.indicator_catalog WHERE catalog_section LIKE 'G%'")
    }
    assert len(ids) == 23  # G1-G16 as before (15) and G5, G13, G14, G17 (issue 22)
    assert {"teachers_tech_persons", "teachers_per_region", "teachers_prior_work_situation"} <= ids
