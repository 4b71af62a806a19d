"""The regioportretten (report/regio/) rendered from a small hand-written release: one page per region of
dim_sto_regio, the figures of the release's Parquet in Dutch format, withheld values as '*' under both
suppression conventions (is_suppressed today, suppressed_columns of the disclosure step), the sortable
index that never carries a withheld value, the stroomdiagram and the map, `sto-monitor report --regio`.
The demo release in Chromium: tests/test_report_regio_demo.py."""

import html
import re
from pathlib import Path

import duckdb
import pytest

from orchestration.cli import main
from orchestration.report import charts, render_report
from orchestration.report.suppression import shown, withheld

IV_COLUMNS = (
    "indicator_id VARCHAR, schooljaar INTEGER, sto_regio_id VARCHAR, vestiging_id VARCHAR, leerweg VARCHAR, "
    "profiel VARCHAR, breakdown VARCHAR, breakdown_value VARCHAR, numerator DOUBLE, denominator DOUBLE, "
    "value DOUBLE, unit VARCHAR, is_suppressed BOOLEAN"
)


def iv(indicator, year, regio=None, value=None, *, num=None, den=None, leerweg=None, profiel=None, bd=None, bv=None):
    unit = "count" if indicator.endswith(("pupils_lj3", "_count", "_persons", "per_region")) else "percent"
    return (indicator, year, regio, None, leerweg, profiel, bd, bv, num, den, value, unit, value is None)


INDICATORS = [
    # R1: technical share 2023 30/120 = 25,0 %, 2024 33/120 = 27,5 % -> +2,5 procentpunt; 33 technical pupils
    iv("region_tech_share_lj3", 2023, "R1", 25.0, num=30, den=120),
    iv("region_tech_share_lj3", 2024, "R1", 27.5, num=33, den=120),
    iv("region_tech_pupils_lj3", 2023, "R1", 30.0),
    iv("region_tech_pupils_lj3", 2024, "R1", 33.0),
    iv("vestigingen_any_tech_profile_share", 2024, "R1", 100.0, num=2, den=2),
    iv(
        "tech_to_tech_mbo_rate",
        2023,
        "R1",
        80.0,
        num=16,
        den=20,
        bd="profielgroep|definitie",
        bv="techniek|techniek_indicatie",
    ),
    iv("keuzevak_exam_tech_share", 2024, "R1", 40.0, num=14, den=35),
    iv("teachers_per_region", 2024, "R1", 12.0, profiel="BWI"),
    iv("teachers_per_region", 2024, "R1", None, profiel="PIE"),  # withheld (< 10 persons)
    iv("teachers_per_region", 2024, "R1", 17.0, bd="profielgroep", bv="techniek"),
    # R2: 2024 withheld (4 technical pupils), 2023 10,0 %: the change is '*' too
    iv("region_tech_share_lj3", 2023, "R2", 10.0, num=5, den=50),
    iv("region_tech_share_lj3", 2024, "R2", None),
    iv("region_tech_pupils_lj3", 2024, "R2", None),
    # national kerncijfers and the national line
    iv("tech_share_lj3", 2023, None, 20.1, num=12060, den=60000),
    iv("tech_share_lj3", 2024, None, 20.4, num=12240, den=60000),
    iv("pupils_lj3_count", 2024, None, 60000.0),
    iv("reach_10km_share", 2024, None, 88.0, num=880, den=1000, leerweg="kb", profiel="PIE"),
    iv(
        "tech_to_tech_mbo_rate",
        2023,
        None,
        74.0,
        num=740,
        den=1000,
        bd="profielgroep|definitie",
        bv="techniek|techniek_indicatie",
    ),
    iv("teachers_tech_persons", 2024, None, 1600.0, bd="profielgroep", bv="techniek"),
]
NAMES = {
    "region_tech_share_lj3": "Aandeel techniekleerlingen per STO-regio",
    "region_tech_pupils_lj3": "Aantal derdejaars techniekleerlingen per STO-regio",
    "vestigingen_any_tech_profile_share": "Vestigingen met een techniekprofiel",
    "tech_to_tech_mbo_rate": "Doorstroom naar een mbo-techniekopleiding",
    "tech_share_lj3": "Aandeel derdejaarsleerlingen in een technisch profiel",
    "pupils_lj3_count": "Aantal derdejaarsleerlingen",
    "reach_10km_share": "Aandeel binnen 10 km",
    "teachers_tech_persons": "Aantal lesgevenden techniek",
}


def write(folder: Path, name: str, columns: str, rows: list[tuple]) -> None:
    con = duckdb.connect()
    con.execute(f"CREATE TABLE t ({columns})")
    if rows:
        con.executemany(f"INSERT INTO t VALUES ({', '.join('?' * len(rows[0]))})", rows)
    con.execute(f"COPY t TO '{folder / 'marts' / f'{name}.parquet'}' (FORMAT parquet)")
    con.close()


# R1's plan 2020-2024 in regio_portret: regio, naam, planperiode, type, verdeling, subsidie, per jaar,
# cofinanciering, cofinanciering %, partners (all, vmbo, mbo, bedrijven)
R1_PLAN = ("R1", "Regio Een", "2020-2024", "techniekregio", "verdeelsleutel", 4e6, 8e5, 5e5, 11.1, 12, 3, 1, 8)


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("regio") / "sto_home" / "releases" / "2025.1"
    (folder / "marts").mkdir(parents=True)
    (folder / "manifest.json").write_text('{"release_id": "2025.1"}', encoding="utf-8")
    write(folder, "indicator_values", IV_COLUMNS, INDICATORS)
    write(folder, "indicator_catalog", "indicator_id VARCHAR, name_nl VARCHAR", list(NAMES.items()))
    write(
        folder,
        "dim_sto_regio",
        "sto_regio_id VARCHAR, naam VARCHAR, is_techniekluw BOOLEAN, geldig_van DATE, geldig_tot DATE, "
        "n_vestigingen_ooit INTEGER, n_vestigingen INTEGER, is_illustrative BOOLEAN",
        [
            ("R1", "Regio Een", False, None, None, 2, 2, False),
            ("R2", "Regio Twee", False, None, "2025-07-31", 1, 1, False),
            ("ILL01", "Illustratief: COROP Testgebied", False, None, None, 1, 1, True),
        ],
    )
    write(
        folder,
        "dim_vestiging",
        "vestiging_id VARCHAR, naam VARCHAR, plaatsnaam VARCHAR, sto_regio_id VARCHAR, latitude DOUBLE, "
        "longitude DOUBLE",
        [
            ("10AB00", "School A", "Apeldoorn", "R1", 52.2, 5.9),
            ("20CD00", "School B", "Deventer", "R1", 52.25, 6.15),
            ("30EF00", "School C", "Leiden", "R2", 52.15, 4.5),
            ("40GH00", "School D", "Assen", "ILL01", 53.0, 6.55),
        ],
    )
    pupils = "schooljaar INTEGER, vestiging_id VARCHAR, sto_regio_id VARCHAR, leerjaar INTEGER, leerweg VARCHAR, "
    pupils += "profielgroep VARCHAR, profiel VARCHAR, n_pupils DOUBLE, is_estimated BOOLEAN, is_suppressed BOOLEAN"
    write(
        folder,
        "pupils_per_vestiging",
        pupils,
        [
            (2024, "10AB00", "R1", 3, "bb", "techniek", "BWI", 10.0, False, False),
            (2024, "10AB00", "R1", 3, "kb", "techniek", "BWI", 12.0, False, False),
            (2024, "10AB00", "R1", 3, None, "techniek", "BWI", 22.0, False, False),
            (2024, "10AB00", "R1", 3, None, "techniek", None, 22.0, False, False),
            (2024, "10AB00", "R1", 3, None, None, None, 61.0, False, False),
            (2024, "10AB00", "R1", 4, None, "techniek", "BWI", 17.5, True, False),  # a '<5' line counted 2.5
            (2024, "20CD00", "R1", 3, "kb", "techniek", "PIE", None, False, True),  # withheld: 3 pupils
            (2024, "20CD00", "R1", 3, None, None, None, 59.0, False, False),
            (2024, "30EF00", "R2", 3, None, None, None, 50.0, False, False),
        ],
    )
    # the disclosure step's convention: suppressed_columns names what is withheld
    write(
        folder,
        "regio_aanbod_bereikbaarheid",
        "schooljaar INTEGER, sto_regio_id VARCHAR, leerweg VARCHAR, profielgroep VARCHAR, profiel VARCHAR, "
        "n_vestigingen INTEGER, n_pupils DOUBLE, n_pupils_leerweg_placed INTEGER, n_pupils_within_10km INTEGER, "
        "share_within_10km DOUBLE, is_suppressed BOOLEAN, suppressed_columns VARCHAR",
        [
            (2024, "R1", "bb", "techniek", "BWI", 1, 10.0, 40, 30, 75.0, False, None),
            (2024, "R1", "kb", "techniek", "BWI", 1, 12.0, 40, 32, 80.0, False, None),
            (
                2024,
                "R1",
                "kb",
                "techniek",
                "PIE",
                1,
                None,
                40,
                None,
                None,
                True,
                "n_pupils,n_pupils_within_10km,share_within_10km",
            ),
            (2024, "R1", "gl", "techniek", "BWI", 0, 0.0, None, None, None, False, None),  # no reach: '—'
        ],
    )
    write(
        folder,
        "dim_keuzevak",
        "vakcode VARCHAR, vaknaam VARCHAR, keuzevak_profiel VARCHAR, keuzevak_profielgroep VARCHAR",
        [
            ("K1", "Meubelmaken", "BWI", "techniek"),
            ("K2", "Robotica", "PIE", "techniek"),
            ("K9", "Koken", "HBR", "niet-techniek"),
        ],
    )
    write(
        folder,
        "keuzevak_exams_regio",
        "schooljaar INTEGER, sto_regio_id VARCHAR, keuzevak_profielgroep VARCHAR, vakcode VARCHAR, n_exams INTEGER, "
        "is_suppressed BOOLEAN",
        [
            (2024, "R1", "techniek", "K1", 11, False),
            (2024, "R1", "techniek", "K2", None, True),
            (2024, "R1", "niet-techniek", "K9", 21, False),  # a non-technical keuzevak: only in its total
            (2024, "R1", "techniek", None, 14, False),
            (2024, "R1", "niet-techniek", None, 21, False),
            (2024, "R1", None, None, 35, False),
        ],
    )
    flows = "schooljaar INTEGER, sto_regio_id VARCHAR, van_profielgroep VARCHAR, van_profiel VARCHAR, naar VARCHAR, "
    flows += "naar_sectorkamer VARCHAR, n_pupils INTEGER, is_suppressed BOOLEAN"
    write(
        folder,
        "doorstroom_stromen",
        flows,
        [
            (2023, "R1", "techniek", "BWI", "mbo_techniek", None, 16, False),
            (2023, "R1", "techniek", "BWI", "mbo_overig", None, None, True),
            (2023, "R1", "techniek", "BWI", "havo_vwo", None, None, True),
            (2023, "R1", "techniek", "BWI", None, None, 22, False),
            (2023, "R1", "techniek", None, "mbo_techniek", None, 16, False),
            (2023, "R1", "techniek", None, None, None, 22, False),
            (2023, None, "techniek", "BWI", "mbo_techniek", None, 400, False),
            (2023, None, "techniek", "BWI", "mbo_overig", None, 100, False),
            (2023, None, "techniek", "BWI", None, None, 500, False),
            (2023, None, "techniek", None, "mbo_techniek", "Techniek en gebouwde omgeving", 400, False),
        ],
    )
    write(
        folder,
        "regio_portret",
        "schooljaar INTEGER, sto_regio_id VARCHAR, regio_naam VARCHAR, planperiode VARCHAR, regio_type VARCHAR, "
        "verdeling_middelen VARCHAR, subsidie_eur DOUBLE, subsidie_per_jaar_eur DOUBLE, cofinanciering_eur DOUBLE, "
        "cofinanciering_aandeel DOUBLE, n_partners INTEGER, n_partners_vmbo INTEGER, n_partners_mbo INTEGER, "
        "n_partners_bedrijven INTEGER, n_leerlingen_lj3 DOUBLE, n_techniek_lj3 DOUBLE, "
        "subsidie_per_jaar_per_techniekleerling_lj3 DOUBLE",
        [
            # plan 2020-2024: 4.000.000 over 5 years = 800.000 a year; 2024: 800.000 / 33 technical pupils
            (year, *R1_PLAN, n_lj3, n_tech, 8e5 / n_tech)
            for year, n_lj3, n_tech in ((2020, 118.0, 31.0), (2024, 120.0, 33.0))
        ],
    )
    render_report(folder, folder / "report", release_id="2025.1")
    return folder


def text_of(path: Path) -> str:
    page = path.read_text(encoding="utf-8")
    page = re.sub(r"<(style|script)>.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_one_page_per_region_of_dim_sto_regio_and_an_index(release):
    pages = sorted(p.name for p in (release / "report" / "regio").iterdir())
    assert pages == ["ILL01.html", "R1.html", "R2.html", "index.html"]
    index = (release / "report" / "regio" / "index.html").read_text(encoding="utf-8")
    for rid in ("R1", "R2", "ILL01"):
        assert f'<a href="{rid}.html">' in index
    # the national report links to the regioportretten and stays script-free
    national = (release / "report" / "index.html").read_text(encoding="utf-8")
    assert 'href="regio/index.html"' in national and "<script" not in national


# (page under report/, the phrases its text shows): figures of the release's Parquet in Dutch format
PAGE_TEXTS = {
    "region_kerncijfers_from_the_release": (
        "regio/R1.html",
        [
            "Regio Een",
            "27,5 % Aandeel techniekleerlingen per STO-regio (2024)",
            "2,5 procentpunt Verandering aandeel techniek t.o.v. vorig schooljaar — 2024 t.o.v. 2023 (2024)",
            "33 Aantal derdejaars techniekleerlingen per STO-regio (2024)",
            # the numerator of the share: 2 vestigingen with a technical profile
            "2 Vestigingen met een techniekprofiel — aantal met een techniekprofiel (2024)",
            # doorstroom: latest schooljaar that has it is 2023 (2024 has no next year)
            "80,0 % Doorstroom naar een mbo-techniekopleiding — vanuit een techniekprofiel",
            "(2023)",
            "sto-monitor trace tech_to_tech_mbo_rate --schooljaar 2023 --regio R1 --breakdown "
            "'profielgroep|definitie=techniek|techniek_indicatie' --release 2025.1",
        ],
    ),
    "withheld_values_read_star_and_change_of_a_withheld_share_too": (
        "regio/R2.html",
        [
            "* Aandeel techniekleerlingen per STO-regio (2024)",
            "* Verandering aandeel techniek",  # 2024 withheld: no change can be shown
            "bestaat tot 2025-07-31",
        ],
    ),
    "pupils_per_vestiging_table": (
        "regio/R1.html",
        [
            # School A: BWI lj3 bb 10, kb 12, gl —, total 22; lj4 total 17,5 estimated (~)
            "School A, Apeldoorn 10AB00 BWI 10 12 — 22 — — — 17,5~",
            "School A, Apeldoorn 10AB00 Totaal techniek — — — 22",
            "School A, Apeldoorn 10AB00 Alle profielen — — — 61",
            # School B: PIE kb withheld ('*' under is_suppressed), all profiles 59
            "School B, Deventer 20CD00 PIE — * — —",
            "School B, Deventer 20CD00 Alle profielen — — — 59",
        ],
    ),
    "suppressed_columns_convention_and_missing_values": (
        "regio/R1.html",
        [
            # regio_aanbod_bereikbaarheid carries suppressed_columns: PIE kb n_pupils and share withheld; gl has
            # no reachability (no microdata): '—', not '*'
            "BWI bb 1 10 75,0 %",
            "BWI kb 1 12 80,0 %",
            "PIE kb 1 * *",
            "BWI gl 0 0 —",
        ],
    ),
    "keuzevakken_stroomdiagram_teachers_and_programme": (
        "regio/R1.html",
        [
            "Meubelmaken BWI techniek 11",
            "Robotica PIE techniek *",
            "Totaal niet-techniek — niet-techniek 21",  # non-technical keuzevakken only as their total
            "Totaal alle keuzevakken — alle 35",
            "Aandeel techniekleerlingen",
            # stroomdiagram: BWI 16 to technical mbo drawn; the withheld flows read '*' in the table
            "BWI 16 * * — — 22",
            # teachers: BWI 12, PIE withheld, all technical profiles 17
            "BWI 12 PIE * Alle techniekprofielen 17",
            # programme: subsidy 4.000.000, per year 800.000, 12 partners; per technical pupil 800.000 / 33 = 24.242
            "2020-2024 techniekregio verdeelsleutel 4.000.000 800.000 500.000 11,1 12 3 1 8",
            "(schooljaar 2024, plan 2020-2024): € 24.242",
        ],
    ),
    "kerncijfers_of_the_national_report_each_with_its_cell_and_year": (
        "index.html",
        [
            "20,4 % Aandeel derdejaarsleerlingen in een technisch profiel (2024)",
            "60.000 Aantal derdejaarsleerlingen (2024)",
            "88,0 % Aandeel binnen 10 km — PIE, kb (2024)",
            "74,0 % Doorstroom naar een mbo-techniekopleiding — vanuit een techniekprofiel, DUO-techniekindicatie "
            "(2023)",
            "1.600 Aantal lesgevenden techniek — personen, alle techniekprofielen (2024)",
            "sto-monitor trace reach_10km_share --schooljaar 2024 --leerweg kb --profiel PIE --release 2025.1",
            # the national stroomdiagram: BWI 400 to technical mbo, 100 to other mbo
            "Stroomdiagram — doorstroom na leerjaar 4 (landelijk)",
            "BWI 400 100 — — — 500",
        ],
    ),
}


@pytest.mark.parametrize(("page", "phrases"), PAGE_TEXTS.values(), ids=PAGE_TEXTS)
def test_page_shows(release, page, phrases):
    text = text_of(release / "report" / page)
    assert [p for p in phrases if p not in text] == []


def test_non_technical_keuzevakken_only_as_their_total_and_stroomdiagram_bands_have_titles(release):
    assert "Koken" not in text_of(release / "report" / "regio" / "R1.html")
    page = (release / "report" / "regio" / "R1.html").read_text(encoding="utf-8")
    assert "<title>BWI → mbo techniek: 16</title>" in page


def test_illustrative_region_says_so(release):
    text = text_of(release / "report" / "regio" / "ILL01.html")
    assert "Illustratieve regio" in text and "niet een echte STO-regio" in text
    assert "Illustratieve regio" not in text_of(release / "report" / "regio" / "R1.html")


def test_index_table_sorts_without_revealing_withheld_values(release):
    index = release / "report" / "regio" / "index.html"
    page = index.read_text(encoding="utf-8")
    text = text_of(index)
    assert "Regio Een R1 27,5 % 2,5 procentpunt 33 2 80,0 % 24.242" in text
    assert "Regio Twee R2 * * * — — —" in text
    assert '<table class="sortable">' in page and "<script>" in page
    # a withheld cell has no sort value: its row order never shows what is withheld
    table = page[page.index('<table class="sortable">') :]
    r2 = next(row for row in table.split("<tr>") if 'href="R2.html"' in row)
    assert r2.count("data-v=") == 2  # only the name and the code
    # the maps: one dot per placed vestiging of a region on each map, linked to its page
    assert page.count('<a href="R1.html"><circle') == 4  # 2 vestigingen x 2 maps
    assert page.count("<circle") == 8


def test_report_regio_renders_one_region_outside_the_release(release, monkeypatch, capsys):
    home = release.parents[1]
    monkeypatch.setenv("STO_HOME", str(home))
    assert main(["report", "2025.1", "--regio", "R1"]) == 0
    page = home / "reports" / "2025.1" / "regio" / "R1.html"
    assert str(page) in capsys.readouterr().out
    assert text_of(page) == text_of(release / "report" / "regio" / "R1.html").replace(
        "../../docs/index.html", (release / "docs" / "index.html").as_uri()
    )
    assert main(["report", "2025.1", "--regio", "R9"]) == 1
    assert "has no STO region 'R9'" in capsys.readouterr().err


def test_withheld_reads_both_conventions():
    today = {"n": None, "m": 3, "is_suppressed": True}
    assert withheld(today, "n") and not withheld(today, "m") and shown(today, "m") == 3
    disclosure = {"n": None, "m": None, "is_suppressed": True, "suppressed_columns": "n"}
    assert withheld(disclosure, "n") and not withheld(disclosure, "m")  # m is missing, not withheld
    assert not withheld({"n": None, "is_suppressed": False, "suppressed_columns": None}, "n")
    assert withheld({"n": None, "is_below_cbs_threshold": True}, "n")  # teacher marts of today
    assert shown(disclosure, "n") is None and not withheld(None, "n")


def test_sankey_draws_only_published_flows():
    c = charts.sankey([("BWI", "mbo", 30), ("BWI", "havo", None), ("PIE", "mbo", 10)], "t", height=200)
    assert [n.text for n in c.nodes] == ["BWI (30)", "PIE (10)", "mbo (40)"]  # havo: only a withheld flow
    # node heights in proportion to the drawn flows: 30 : 10, total height 200 - 2 x 10 - 10 (one gap)
    scale = (200 - 20 - 10) / 40
    assert c.nodes[0].height == pytest.approx(30 * scale, abs=0.1)
    assert c.nodes[1].height == pytest.approx(10 * scale, abs=0.1)
    assert [round(link.thickness, 1) for link in c.links] == [round(30 * scale, 1), round(10 * scale, 1)]
    assert charts.sankey([("BWI", "mbo", None)], "t") is None


def test_dot_map_puts_north_up_and_keeps_proportions():
    m = charts.dot_map([(53.0, 5.0, "#000", "noord", ""), (52.0, 6.0, "#000", "zuidoost", "")], "t", width=220)
    north, southeast = m.dots
    assert north.y < southeast.y and north.x < southeast.x
    assert (north.x, north.y) == (10, 10) and southeast.x == 210
    # 1 degree of latitude over cos(52.5) degree of longitude: height = 200 / cos(52.5 deg) + 20
    assert m.height == round(200 / 0.6087614290087207) + 20
