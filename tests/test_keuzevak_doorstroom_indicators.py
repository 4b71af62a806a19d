"""Catalog sections D (keuzevakken), E (doorstroom), F (school-leaver judgements) and uitval/switch on a
hand-built microdata fixture; every expected value is derived by hand in the comments.

Pupils in leerjaar 4 of schooljaar 2021 (vestiging 10AB00 is in STO region R01, 10AB01 in none):

    id   profiel leerweg vest  sex mig  exams 2021 (owning profile)                  on 1-10-2022
    P1   BWI     bb      10AB00 M  N    XBWIK01 BWI, XBWIK02 BWI, XEOK01 E&O mbo 25401 (niv 2 BOL) + 25402 (niv 3 BBL)
    P2   BWI     bb      10AB00 V  J    XBWIK01 BWI, XPIEK01 PIE                      mbo 25417 BOL (not technical)
    P3   PIE     kb      10AB00 M  N    XPIEK01 PIE, 1511 MVI                         mbo 25411 BOL (ind. J, sk N)
    P4   Z&W     bb      10AB01 V  J    1511 MVI, XZWK01 Z&W                          mbo 25403 BOL (technical both)
    P5   Z&W     bb      10AB01 V  N    XZWK01 Z&W, 9999 (not in the reference list)  no record at all
    P6   E&O     kb      10AB01 M  N    XEOK01 E&O, XBWIP01 BWI (profielmodule)       vo, havo element code 0200
    P7   tl      tl      10AB00 M  N    XPIEK01 PIE                                   mbo 25412 BOL (ind. J, sk N)
    P8   D&P     gl      10AB01 M  J    -                                             vo, still leerjaar 4 vmbo (6931)
    P9   Z&W     bb      10AB01 M  N    XZWK01 Z&W                                    mbo 25418 BOL (not technical)
    P10  E&O     kb      10AB01 M  N    XEOK01 E&O                                    mbo 25407 BOL (technical both)
"""

from pathlib import Path

import pytest

from tests.conftest import query, run_refresh_in

pytestmark = pytest.mark.e2e

LJ4_2021 = [  # leerling_id, vestigingsnummer, elementcode, geslacht, migratieachtergrond
    ("P1", "00", "6011", "M", "N"),
    ("P2", "00", "6011", "V", "J"),
    ("P3", "00", "6121", "M", "N"),
    ("P4", "01", "6611", "V", "J"),
    ("P5", "01", "6611", "V", "N"),
    ("P6", "01", "6421", "M", "N"),
    ("P7", "00", "0470", "M", "N"),
    ("P8", "01", "6931", "M", "J"),
    ("P9", "01", "6611", "M", "N"),
    ("P10", "01", "6421", "M", "N"),
]
LJ3_2021 = [
    ("Q1", "00", "6011"),
    ("Q2", "00", "6011"),
    ("Q3", "00", "6011"),
    ("Q4", "00", "6011"),
    ("Q5", "01", "6611"),
]
VO_2022 = [  # leerling_id, vestigingsnummer, elementcode, leerjaar
    ("P6", "01", "0200", "4"),  # havo
    ("P8", "01", "6931", "4"),  # stays in vmbo
    ("Q1", "00", "6111", "4"),  # BWI bb -> PIE bb: switch of profile
    ("Q2", "00", "6021", "4"),  # BWI bb -> BWI kb: switch of leerweg
    ("Q3", "00", "6011", "4"),  # no switch
    ("Q5", "01", "6611", "4"),  # no switch; Q4 has no record: uitval
]
MBO_2022 = [  # leerling_id, opleidingscode, niveau, leerweg
    ("P1", "25401", "2", "BOL"),
    ("P1", "25402", "3", "BBL"),  # two programmes: the highest niveau (25402, BBL) is chosen
    ("P2", "25417", "3", "BOL"),
    ("P3", "25411", "3", "BOL"),
    ("P4", "25403", "3", "BOL"),
    ("P7", "25412", "4", "BOL"),
    ("P9", "25418", "3", "BOL"),
    ("P10", "25407", "2", "BOL"),
]
MBO_2023 = [  # first-year uitval / switch of the 2021 cohort's mbo entrants (P3 has no record: uitval)
    ("P1", "25402", "3", "BBL"),
    ("P2", "25418", "3", "BOL"),  # switch
    ("P4", "25403", "3", "BOL"),
    ("P9", "25418", "3", "BOL"),
    ("P10", "25408", "3", "BOL"),  # switch
]
EXAMS_2021 = {
    "P1": ["XBWIK01", "XBWIK02", "XEOK01"],
    "P2": ["XBWIK01", "XPIEK01"],
    "P3": ["XPIEK01", "1511"],
    "P4": ["1511", "XZWK01"],
    "P5": ["XZWK01", "9999"],
    "P6": ["XEOK01", "XBWIP01"],
    "P7": ["XPIEK01"],
    "P9": ["XZWK01"],
    "P10": ["XEOK01"],
}
SVO = [  # respondent, leerweg, profiel, weegfactor, aantrekkelijk, actueel
    ("R1", "bb", "BWI", "1,0", "5", "3"),
    ("R2", "bb", "PIE", "2,0", "4", "4"),
    ("R3", "bb", "MVI", "1,0", "2", ""),  # actueel not answered: not in that item's denominator
    ("R4", "bb", "Z&W", "1,5", "4", ""),
    ("R5", "kb", "Z&W", "0,5", "1", ""),
    ("R6", "tl", "", "1,0", "5", ""),  # no profile: neither techniek nor niet-techniek
]


def write(path: Path, header: str, rows: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("keuzevak_doorstroom") / "sto_home"
    write_landing(home)
    run_refresh_in(home)
    return home


def write_landing(home: Path) -> None:
    """The landing zone of the table above (also used by tests/test_trace_sections.py)."""
    landing = home / "landing"
    vo_header = (
        "leerling_id;peildatum;brin;vestigingsnummer;elementcode;leerjaar;geslacht;migratieachtergrond;postcode4"
    )
    vo_2021 = [f"{i};2021-10-01;10AB;{v};{e};4;{g};{m};3511" for i, v, e, g, m in LJ4_2021]
    vo_2021 += [f"{i};2021-10-01;10AB;{v};{e};3;M;N;3511" for i, v, e in LJ3_2021]
    write(landing / "duo_inschrijvingen_vo" / "inschrijvingen-vo-2021.csv", vo_header, vo_2021)
    write(
        landing / "duo_inschrijvingen_vo" / "inschrijvingen-vo-2022.csv",
        vo_header,
        [f"{i};2022-10-01;10AB;{v};{e};{lj};M;N;3511" for i, v, e, lj in VO_2022],
    )
    # 2023: the last year; its leerjaar-4 pupil has no t+1 and therefore no doorstroom row.
    write(
        landing / "duo_inschrijvingen_vo" / "inschrijvingen-vo-2023.csv",
        vo_header,
        ["Z1;2023-10-01;10AB;01;6611;4;V;N;3511"],
    )
    mbo_header = "leerling_id;peildatum;brin;opleidingscode;niveau;leerweg_mbo"
    for year, rows in ((2022, MBO_2022), (2023, MBO_2023)):
        write(
            landing / "duo_inschrijvingen_mbo" / f"inschrijvingen-mbo-{year}.csv",
            mbo_header,
            [f"{i};{year}-10-01;25MB;{c};{n};{lw}" for i, c, n, lw in rows],
        )
    elementcode = {i: e for i, _v, e, _g, _m in LJ4_2021}
    vest = {i: v for i, v, _e, _g, _m in LJ4_2021}
    write(
        landing / "duo_examens_vakken" / "examens-vakken-2021.csv",
        "leerling_id;schooljaar;brin;vestigingsnummer;elementcode;vakcode;vaksoort;eindcijfer",
        [
            f"{p};2021;10AB;{vest[p]};{elementcode[p]};{v};{'profielmodule' if 'P0' in v else 'keuzevak'};6,5"
            for p, vakken in EXAMS_2021.items()
            for v in vakken
        ],
    )
    items = "aantrekkelijk;actueel;uitdagend;basis_keuze;basis_vervolg;aansluiting"
    write(
        landing / "schoolverlaters" / "schoolverlaters-2023.csv",
        f"respondent_id;meting;diploma_schooljaar;leerweg;profiel;weegfactor;{items}",
        [f"{r};2023;2021;{lw};{p};{w};{a};{t};;;;" for r, lw, p, w, a, t in SVO],
    )
    write(
        landing / "reference" / "sto_regio_vestigingen.csv",
        "sto_regio_id;regio_naam;techniekluw;brin;vestigingsnummer;geldig_van;geldig_tot",
        ["R01;Regio Een;N;10AB;00;2015-08-01;"],
    )


def cell(home, indicator, schooljaar=2021, leerweg=None, profiel=None, breakdown=None, value=None, regio=None):
    rows = query(
        home,
        """SELECT numerator, denominator, value FROM marts.indicator_values
        WHERE indicator_id = ? AND schooljaar = ? AND leerweg IS NOT DISTINCT FROM ?
          AND profiel IS NOT DISTINCT FROM ? AND breakdown IS NOT DISTINCT FROM ?
          AND breakdown_value IS NOT DISTINCT FROM ? AND sto_regio_id IS NOT DISTINCT FROM ?
          AND vestiging_id IS NULL""",
        [indicator, schooljaar, leerweg, profiel, breakdown, value, regio],
    )
    assert len(rows) == 1, f"expected one cell for {indicator}, found {rows}"
    return rows[0]


def approx(n, d):
    return (n, d, pytest.approx(100.0 * n / d))


# --- D: keuzevakken -------------------------------------------------------------------------------------


def test_d1_exam_counts(home):
    # bb/kb/gl pupils with a profile (P7 is tl): 3+2+2+2+2+2+1+1 = 15 exams
    assert cell(home, "keuzevak_exam_count")[2] == 15
    # by owning profile: BWI = P1 2 + P2 1 + P6 1 (profielmodule) = 4; E&O = P1, P6, P10 = 3
    assert cell(home, "keuzevak_exam_count", breakdown="keuzevak_profiel", value="BWI")[2] == 4
    assert cell(home, "keuzevak_exam_count", breakdown="keuzevak_profiel", value="E&O")[2] == 3
    # the unknown vakcode 9999 is kept (quarantined as onbekend) and counted, not dropped
    assert cell(home, "keuzevak_exam_count", breakdown="keuzevak_profiel", value="onbekend")[2] == 1
    assert cell(home, "keuzevak_exam_count", breakdown="keuzevak_profielgroep", value="onbekend")[2] == 1
    quarantined = query(
        home,
        "SELECT leerling_id, vakcode, keuzevak_profielgroep FROM intermediate.int_keuzevak__exams"
        " WHERE is_vakcode_onbekend",
    )
    assert quarantined == [("P5", "9999", "onbekend")]
    # by the pupil's profile: BWI pupils P1 3 + P2 2 = 5
    assert cell(home, "keuzevak_exam_count", profiel="BWI")[2] == 5
    # tl view: P7's one exam, not in the bb+kb+gl total
    assert cell(home, "keuzevak_exam_count", leerweg="tl")[2] == 1


def test_d1_technical_share(home):
    # technical exams: P1 2, P2 2, P3 2, P4 1, P6 1 = 8 of 15 (the unknown one is in the denominator)
    assert cell(home, "keuzevak_exam_tech_share") == approx(8, 15)
    assert cell(home, "keuzevak_exam_tech_share", leerweg="tl") == approx(1, 1)


def test_d2_nontech_share_of_technical_keuzevak_exams(home):
    # BWI keuzevakken: 4 exams, 1 by a non-technical pupil (P6) -> 25 %
    assert cell(home, "tech_keuzevak_exams_by_nontech_share", breakdown="keuzevak_profiel", value="BWI") == approx(1, 4)
    # MVI (1511): P3 (PIE) and P4 (Z&W) -> 50 %
    assert cell(home, "tech_keuzevak_exams_by_nontech_share", breakdown="keuzevak_profiel", value="MVI") == approx(1, 2)
    # pooled: 8 technical exams, 2 by non-technical pupils (P4, P6) -> 25 %
    assert cell(home, "tech_keuzevak_exams_by_nontech_share", breakdown="keuzevak_profielgroep", value="techniek") == (
        approx(2, 8)
    )


def test_d3_own_profile_share_both_views(home):
    # offering view, BWI: 3 of the 4 BWI exams by BWI pupils (P1 2, P2 1)
    own = "keuzevak_own_profile_share"
    assert cell(home, own, profiel="BWI", breakdown="perspectief", value="aanbiedend_profiel") == approx(3, 4)
    # pupil view, BWI: BWI pupils took 5 exams, 3 within BWI
    assert cell(home, own, profiel="BWI", breakdown="perspectief", value="leerling_profiel") == approx(3, 5)
    # pooled technical: offering 8 exams, own-profile 3 (BWI) + 1 (P3 in PIE) = 4; pupils 7 exams, 4 own
    assert cell(home, own, breakdown="perspectief", value="aanbiedend_profiel") == approx(4, 8)
    assert cell(home, own, breakdown="perspectief", value="leerling_profiel") == approx(4, 7)


def test_d4_technical_pupils_in_nontech_keuzevakken(home):
    # technical pupils' 7 exams, 1 in a non-technical keuzevak (P1 XEOK01); BWI pupils 1 of 5
    assert cell(home, "tech_pupils_nontech_keuzevak_share") == approx(1, 7)
    assert cell(home, "tech_pupils_nontech_keuzevak_share", profiel="BWI") == approx(1, 5)


def test_d5_matrix_column_percentages(home):
    # Z&W pupils took 5 exams: MVI 1 (P4), Z&W 3, onbekend 1
    m = "keuzevak_cross_profile_matrix"
    assert cell(home, m, profiel="Z&W", breakdown="keuzevak_profiel", value="MVI") == approx(1, 5)
    assert cell(home, m, profiel="Z&W", breakdown="keuzevak_profiel", value="Z&W") == approx(3, 5)
    assert cell(home, m, profiel="Z&W", breakdown="keuzevak_profiel", value="onbekend") == approx(1, 5)


def test_d6_distinct_keuzevakken(home):
    # keuzevakken with exams (known): XBWIK01, XBWIK02, XEOK01, XPIEK01, 1511, XZWK01 = 6; profielmodule XBWIP01
    d = "distinct_keuzevakken_examined"
    assert cell(home, d, breakdown="vaksoort", value="keuzevak")[2] == 6
    assert cell(home, d, breakdown="vaksoort", value="profielmodule")[2] == 1
    assert cell(home, d, breakdown="vaksoort|keuzevak_profielgroep", value="keuzevak|techniek")[2] == 4


def test_d7_nontech_pupils_with_a_technical_keuzevak(home):
    # non-technical pupils with exams: P4, P5, P6, P9, P10; with a technical one: P4 (1511), P6 (XBWIP01)
    assert cell(home, "nontech_pupils_with_tech_keuzevak_share") == approx(2, 5)
    assert cell(home, "nontech_pupils_with_tech_keuzevak_share", profiel="Z&W") == approx(1, 3)  # P4 of P4, P5, P9


def test_d1_per_region(home):
    # region R01 = 10AB00: P1 (XBWIK01, XBWIK02, XEOK01), P2 (XBWIK01, XPIEK01), P3 (XPIEK01, 1511 MVI); P7 is tl
    assert cell(home, "keuzevak_exam_count", regio="R01")[2] == 7
    assert cell(home, "keuzevak_exam_tech_share", regio="R01") == approx(6, 7)
    mart = query(
        home,
        "SELECT keuzevak_profielgroep, vakcode, n_exams FROM marts.keuzevak_exams_regio WHERE schooljaar = 2021 "
        "AND sto_regio_id = 'R01' AND (vakcode IS NULL OR vakcode = 'XBWIK01') ORDER BY 1 NULLS LAST, 2 NULLS LAST",
    )
    assert mart == [("niet-techniek", None, 1), ("techniek", "XBWIK01", 2), ("techniek", None, 6), (None, None, 7)]


def test_d8_d9_d10(home):
    # D8 national: 7 known vakcodes examined, 5 technical; region R01 (10AB00: P1, P2, P3, P7): 4 of 5
    assert cell(home, "tech_keuzevak_offer_ratio") == approx(5, 7)
    assert cell(home, "tech_keuzevak_offer_ratio", regio="R01") == approx(4, 5)
    # D9: 8 profiled pupils with exams, 5 with a technical one (P1, P2, P3, P4, P6)
    assert cell(home, "pupils_with_any_tech_keuzevak_share") == approx(5, 8)
    # D10: BWI pupils' 3 exams in BWI keuzevakken, 2 of them in XBWIK01
    d10 = "keuzevak_exam_distribution_within_profile"
    assert cell(home, d10, profiel="BWI", breakdown="vakcode", value="XBWIK01") == approx(2, 3)


def test_topic_marts_b37_b38(home):
    b37 = query(
        home,
        "SELECT n_exams, n_by_tech_pupils, n_by_nontech_pupils, n_by_own_profile_pupils"
        " FROM marts.keuzevak_exams_by_offering_profile"
        " WHERE schooljaar = 2021 AND keuzevak_profiel IS NULL",
    )
    assert b37 == [(8, 6, 2, 4)]  # technical keuzevakken: 8 exams, 6 by technical pupils, 2 not, 4 own
    b38 = query(
        home,
        "SELECT n_exams, n_in_tech_keuzevakken, n_in_nontech_keuzevakken, n_within_own_profile"
        " FROM marts.keuzevak_exams_by_pupil_profile WHERE schooljaar = 2021 AND leerling_profiel = 'BWI'",
    )
    assert b38 == [(5, 4, 1, 3)]


# --- E: doorstroom --------------------------------------------------------------------------------------


def test_e1_destinations(home):
    # cohort: P1-P6, P8-P10 = 9; mbo bol P2 P3 P4 P9 P10 = 5, bbl P1, havo/vwo P6, vmbo P8, overig P5 (no record)
    d = "destination_after_lj4"
    assert cell(home, d, breakdown="bestemming", value="mbo_bol") == approx(5, 9)
    assert cell(home, d, breakdown="bestemming", value="mbo_bbl") == approx(1, 9)
    assert cell(home, d, breakdown="bestemming", value="havo_vwo") == approx(1, 9)
    assert cell(home, d, breakdown="bestemming", value="vmbo") == approx(1, 9)
    assert cell(home, d, breakdown="bestemming", value="overig") == approx(1, 9)
    # BWI bb: P1 bbl (the niveau-3 BBL programme wins over niveau-2 BOL), P2 bol
    assert cell(home, d, leerweg="bb", profiel="BWI", breakdown="bestemming", value="mbo_bbl") == approx(1, 2)


def test_pupil_in_two_mbo_programmes_gets_one_deterministic_destination(home):
    rows = query(
        home,
        "SELECT bestemming, mbo_opleidingscode, n_mbo_inschrijvingen FROM intermediate.int_doorstroom__lj4"
        " WHERE leerling_id = 'P1'",
    )
    assert rows == [("mbo_bbl", "25402", 2)]


def test_last_year_has_no_doorstroom(home):
    assert (
        query(
            home,
            "SELECT count(*) FROM marts.indicator_values"
            " WHERE indicator_id = 'destination_after_lj4' AND schooljaar >= 2023",
        )[0][0]
        == 0
    )


def test_e2_e3_technical_mbo(home):
    # mbo entrants, technical profiles: P1 (25402: indicatie J, sectorkamer J), P2 (N, N), P3 (J, N)
    assert cell(home, "mbo_entrants_tech_indicatie_share", profiel="BWI") == approx(1, 2)
    assert cell(home, "mbo_entrants_tech_indicatie_share", breakdown="profielgroep", value="techniek") == approx(2, 3)
    r = "tech_to_tech_mbo_rate"
    assert cell(home, r, breakdown="profielgroep|definitie", value="techniek|techniek_indicatie") == approx(2, 3)
    assert cell(home, r, breakdown="profielgroep|definitie", value="techniek|techniek_sectorkamer") == approx(1, 3)
    # non-technical entrants: P4 (J, J), P9 (N, N), P10 (J, J)
    assert cell(home, r, breakdown="profielgroep|definitie", value="niet-techniek|techniek_indicatie") == approx(2, 3)
    assert cell(
        home, "doorstroom_sectorkamer_share", profiel="PIE", breakdown="sectorkamer", value="Creatieve industrie en ICT"
    ) == approx(1, 1)


def test_e3_per_region_and_the_flows_of_the_stroomdiagram(home):
    # region R01 = 10AB00: technical mbo entrants P1 (indicatie J, sectorkamer J), P2 (N, N), P3 (J, N);
    # no non-technical pupil of R01 entered mbo, so R01 has no niet-techniek cell
    r = "tech_to_tech_mbo_rate"
    b = "profielgroep|definitie"
    assert cell(home, r, breakdown=b, value="techniek|techniek_indicatie", regio="R01") == approx(2, 3)
    assert cell(home, r, breakdown=b, value="techniek|techniek_sectorkamer", regio="R01") == approx(1, 3)
    assert not query(
        home,
        "SELECT * FROM marts.indicator_values WHERE indicator_id = ? AND sto_regio_id = 'R01' "
        "AND breakdown_value LIKE 'niet-techniek|%'",
        [r],
    )
    flows = query(
        home,
        "SELECT sto_regio_id, van_profiel, naar, n_pupils FROM marts.doorstroom_stromen WHERE schooljaar = 2021 "
        "AND van_profiel IN ('BWI', 'PIE') AND naar_sectorkamer IS NULL ORDER BY 1 NULLS FIRST, 2, 3 NULLS LAST",
    )
    # nationally and in R01 alike: BWI P1 -> technical mbo, P2 -> other mbo; PIE P3 -> technical mbo
    expected = [("BWI", "mbo_overig", 1), ("BWI", "mbo_techniek", 1), ("BWI", None, 2)]
    expected += [("PIE", "mbo_techniek", 1), ("PIE", None, 1)]
    assert flows == [(None, *f) for f in expected] + [("R01", *f) for f in expected]
    # the profielgroep rows: cohort of the technical profiles 3; all pupils with a profile (P7 tl is not): 9
    totals = query(
        home,
        "SELECT van_profielgroep, n_pupils FROM marts.doorstroom_stromen WHERE schooljaar = 2021 "
        "AND sto_regio_id IS NULL AND van_profiel IS NULL AND naar IS NULL ORDER BY 1 NULLS LAST",
    )
    assert totals == [("niet-techniek", 6), ("techniek", 3), (None, 9)]


def test_e5_decomposition_and_conditional_rate(home):
    # denominator = all 3 non-technical mbo entrants; with a technical keuzevak and technical mbo: P4;
    # without a technical keuzevak and technical mbo: P10. 1/3 + 1/3 = the E3 rate 2/3.
    e5 = "nontech_with_tech_keuzevak_to_tech_mbo"
    b = "variant|definitie"
    assert cell(home, e5, breakdown=b, value="met_techniek_keuzevak|techniek_indicatie") == approx(1, 3)
    assert cell(home, e5, breakdown=b, value="zonder_techniek_keuzevak|techniek_indicatie") == approx(1, 3)
    # conditional (flagged new metric): among non-technical entrants WITH a technical keuzevak (P4): 1 of 1
    assert cell(home, e5, breakdown=b, value="conditioneel|techniek_indicatie") == approx(1, 1)


def test_e6_tl(home):
    # P7 (tl) enters 25412: techniek-indicatie J, sectorkamer N
    assert cell(
        home, "gl_tl_to_tech_mbo_rate", leerweg="tl", breakdown="definitie", value="techniek_indicatie"
    ) == approx(1, 1)
    assert cell(home, "gl_tl_to_tech_mbo_rate", leerweg="tl", breakdown="definitie", value="techniek_sectorkamer") == (
        0,
        1,
        0,
    )


def test_e7_e8_composition_of_technical_mbo_entrants(home):
    # entrants into techniek-indicatie mbo: P1 (M, N), P3 (M, N), P4 (V, J), P10 (M, N)
    assert cell(home, "female_share_tech_mbo_inflow", breakdown="profielgroep", value="niet-techniek") == approx(1, 2)
    assert cell(home, "female_share_tech_mbo_inflow", profiel="BWI") == (0, 1, 0)
    assert cell(home, "migration_share_tech_mbo_inflow", profiel="Z&W") == approx(1, 1)
    rows = query(
        home,
        "SELECT profiel, n_tech_mbo_entrants, female_share, migratieachtergrond_share"
        " FROM marts.doorstroom_tech_mbo_composition WHERE schooljaar = 2021 ORDER BY profiel",
    )
    assert rows == [("BWI", 1, 0.0, 0.0), ("E&O", 1, 0.0, 0.0), ("PIE", 1, 0.0, 0.0), ("Z&W", 1, 100.0, 100.0)]


def test_b319_mart(home):
    rows = query(
        home,
        "SELECT n_mbo_entrants, techniek_indicatie_share, techniek_sectorkamer_share FROM marts.doorstroom_tech_mbo"
        " WHERE schooljaar = 2021 AND profiel = 'BWI'",
    )
    assert rows == [(2, 50.0, 50.0)]


# --- uitval / switch --------------------------------------------------------------------------------------


def test_vmbo_switch_and_uitval(home):
    # BWI bb lj3 2021 found in lj4 2022: Q1 (-> PIE), Q2 (-> kb), Q3 (same): 2 of 3 switched
    assert cell(home, "vmbo_switch_rate", leerweg="bb", profiel="BWI") == approx(2, 3)
    assert cell(home, "vmbo_switch_rate", leerweg="bb", profiel="BWI", regio="R01") == approx(2, 3)
    assert cell(home, "vmbo_switch_rate") == approx(2, 4)  # + Q5 (Z&W, no switch)
    # uitval: Q4 has no vo or mbo record in 2022: 1 of the 4 BWI bb pupils, 1 of all 5
    assert cell(home, "vmbo_uitval_rate", leerweg="bb", profiel="BWI") == approx(1, 4)
    assert cell(home, "vmbo_uitval_rate") == approx(1, 5)


def test_mbo_first_year_uitval_and_switch(home):
    # 2021 cohort entrants P1 P2 P3 P4 P9 P10; in 2023: P3 gone (uitval), P2 and P10 in another programme
    assert cell(home, "mbo_uitval_first_year_rate") == approx(1, 6)
    assert cell(home, "mbo_switch_first_year_rate") == approx(2, 6)
    assert cell(home, "mbo_switch_first_year_rate", profiel="BWI") == approx(1, 2)


# --- F: school-leaver judgements --------------------------------------------------------------------------


def test_f_weighted_shares_and_respondent_counts(home):
    # technical bb, aantrekkelijk: R1 (5, w 1.0), R2 (4, w 2.0), R3 (2, w 1.0): (1 + 2) / 4 = 75 %
    assert cell(home, "svo_attractive", 2023, "bb", breakdown="profielgroep", value="techniek") == (3.0, 4.0, 75.0)
    # actueel: R3 did not answer -> not in the denominator: R2 (w 2) of R1 + R2 (w 3)
    assert cell(home, "svo_topical", 2023, "bb", breakdown="profielgroep", value="techniek") == approx(2.0, 3.0)
    # non-technical, all leerwegen: R4 (4, w 1.5), R5 (1, w 0.5): 1.5 / 2 = 75 %
    assert cell(home, "svo_attractive", 2023, breakdown="profielgroep", value="niet-techniek") == (1.5, 2.0, 75.0)
    rows = query(
        home,
        "SELECT n_respondents, weighted_n, positive_share FROM marts.schoolverlaters_oordelen"
        " WHERE meting = 2023 AND indicator_id = 'svo_topical' AND profielgroep = 'techniek' AND leerweg = 'bb'",
    )
    assert rows == [(2, 3.0, pytest.approx(200 / 3))]


def test_catalog_has_every_new_indicator(home):
    ids = {r[0] for r in query(home, "SELECT indicator_id FROM marts.indicator_catalog")}
    expected = {
        "keuzevak_exam_count",
        "keuzevak_exam_tech_share",
        "tech_keuzevak_exams_by_nontech_share",
        "keuzevak_own_profile_share",
        "tech_pupils_nontech_keuzevak_share",
        "keuzevak_cross_profile_matrix",
        "distinct_keuzevakken_examined",
        "nontech_pupils_with_tech_keuzevak_share",
        "tech_keuzevak_offer_ratio",
        "pupils_with_any_tech_keuzevak_share",
        "keuzevak_exam_distribution_within_profile",
        "destination_after_lj4",
        "mbo_entrants_tech_indicatie_share",
        "tech_to_tech_mbo_rate",
        "doorstroom_sectorkamer_share",
        "nontech_with_tech_keuzevak_to_tech_mbo",
        "gl_tl_to_tech_mbo_rate",
        "female_share_tech_mbo_inflow",
        "migration_share_tech_mbo_inflow",
        "svo_attractive",
        "svo_topical",
        "svo_challenging",
        "svo_basis_choose_followup",
        "svo_basis_follow_followup",
        "svo_connection_followup",
        "exam_candidates",
        "exam_passes",
        "exam_pass_rate",
        "vmbo_switch_rate",
        "vmbo_uitval_rate",
        "mbo_uitval_first_year_rate",
        "mbo_switch_first_year_rate",
    }
    assert expected <= ids
