"""The report's figures of the issue-22 teacher deliveries (B4.2 = G5, B4.7/B4.8 = G13/G14, B4.10 = G17),
rendered from a small hand-written release: values in Dutch format, withheld cells as '*', DUO's `-1`
cells marked '†', the forecast drawn beside the observed lines, and a release without these marts saying
what is missing."""

import re

import pytest

from orchestration.report import render_report
from tests.test_report_regio import IV_COLUMNS, write


def iv(indicator, year, value, *, num=None, den=None, profiel=None, bd=None, bv=None, suppressed=False):
    return (indicator, year, None, None, None, profiel, bd, bv, num, den, value, "percent", suppressed)


INDICATORS = [
    # G5, 2024: PIE 3 of 12 also avo (25,0 %), 0 of 12 an other vak; techniek 9 of 40 (22,5 %), 6 of 40 (15,0 %)
    iv("teachers_also_avo_share", 2024, 25.0, num=3, den=12, profiel="PIE"),
    iv("teachers_also_other_share", 2024, 0.0, num=0, den=12, profiel="PIE"),
    iv("teachers_also_avo_share", 2024, 22.5, num=9, den=40, bd="profielgroep", bv="techniek"),
    iv("teachers_also_other_share", 2024, 15.0, num=6, den=40, bd="profielgroep", bv="techniek"),
    # MaT: 7 persons, withheld by the release (no value, no count)
    iv("teachers_also_avo_share", 2024, None, profiel="MaT", suppressed=True),
    iv("teachers_also_other_share", 2024, None, profiel="MaT", suppressed=True),
    iv("teachers_also_avo_share", 2023, 50.0, num=6, den=12, profiel="PIE"),  # an older year: not shown
    # G13, 2023: all profile teachers, hbo 620 of 1.000 = 62,0 %; G14 per profielgroep
    iv("teachers_education_level", 2023, 62.0, num=620, den=1000, bd="opleidingsniveau", bv="hbo"),
    iv(
        "teachers_education_field",
        2023,
        37.5,
        num=150,
        den=400,
        bd="profielgroep|opleidingsrichting",
        bv="techniek|techniek",
    ),
]

STUDENTEN = "schooljaar INTEGER, maat VARCHAR, opleidingscode VARCHAR, opleidingsnaam VARCHAR, n_studenten DOUBLE, "
STUDENTEN += "is_suppressed_at_source BOOLEAN"
PROGNOSE = "schooljaar INTEGER, methode VARCHAR, prognose DOUBLE"


@pytest.fixture(scope="module")
def html_page(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("supply") / "releases" / "2025.1"
    (folder / "marts").mkdir(parents=True)
    (folder / "manifest.json").write_text('{"release_id": "2025.1"}', encoding="utf-8")
    write(folder, "indicator_values", IV_COLUMNS, INDICATORS)
    write(
        folder,
        "lerarenopleidingen_studenten",
        STUDENTEN,
        [
            (2022, "eerstejaars", "totaal", None, 410.0, False),
            (2023, "eerstejaars", "totaal", None, 388.0, False),
            (2022, "gediplomeerden", "totaal", None, 150.0, False),
            (2023, "gediplomeerden", "totaal", None, 142.5, True),  # holds a DUO '-1' cell counted as 2.5
            (2023, "eerstejaars", "35254", "Leraar VHO Techniek", 1234.0, False),
        ],
    )
    write(folder, "lerarenopleidingen_prognose", PROGNOSE, [(2025, "cohortrendement", 160.0), (2026, "lasso", None)])
    return render_report(folder, folder / "report", release_id="2025.1").read_text(encoding="utf-8")


def section(page: str, key: str) -> str:
    match = re.search(rf'<section>\s*<h2 id="{key}".*?</section>', page, re.S)
    assert match, f"no section {key}"
    return match.group(0)


def cells(fragment: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", fragment, re.S)]


def test_b4_2_other_vakken_latest_year_with_withheld_cells(html_page):
    b4_2 = section(html_page, "b4_2")
    assert "Schooljaar 2024" in b4_2
    values = cells(b4_2)
    rows = [values[i : i + 5] for i in range(0, len(values), 5)]
    assert len(rows) == 3  # the profiles PIE and MaT and the profielgroep techniek of 2024
    assert ["techniek", "totaal", "40", "22,5", "15,0"] in rows
    assert ["", "PIE", "12", "25,0", "0,0"] in rows
    assert ["", "MaT", "*", "*", "*"] in rows
    assert "50,0" not in b4_2  # 2023 is not the latest year
    assert "sto-monitor trace teachers_also_avo_share --schooljaar 2024 --release 2025.1" in b4_2


def test_b4_7_education_level_and_field(html_page):
    values = cells(section(html_page, "b4_7"))
    rows = [values[i : i + 6] for i in range(0, len(values), 6)]
    assert ["Opleidingsniveau", "totaal", "totaal", "hbo", "620", "62,0"] in rows
    assert ["Opleidingsrichting", "techniek", "totaal", "techniek", "150", "37,5"] in rows


def test_b4_10_future_teachers_lines_forecast_and_source_suppression(html_page):
    b4_10 = section(html_page, "b4_10")
    assert "Studiejaar 2023" in b4_10
    rows = [cells(r) for r in re.findall(r"<tr>.*?</tr>", b4_10, re.S) if "<td" in r]
    assert ["Leraar VHO Techniek", "35254", "Eerstejaars", "1.234"] in rows
    assert ["totaal", "totaal", "Gediplomeerden", "142,5†"] in rows
    assert "2022" not in "".join("".join(r) for r in rows)  # the table shows the latest year only
    svg = re.search(r"<svg.*?</svg>", b4_10, re.S).group(0)
    for legend in ("Eerstejaars", "Gediplomeerden", "Prognose (cohortrendement)"):
        assert legend in svg
    assert "Prognose (lasso)" not in svg  # no forecast value: no line


def test_a_release_without_the_deliveries_names_what_is_missing(tmp_path):
    folder = tmp_path / "2025.1"
    (folder / "marts").mkdir(parents=True)
    (folder / "manifest.json").write_text('{"release_id": "2025.1"}', encoding="utf-8")
    write(folder, "indicator_values", IV_COLUMNS, [])
    page = render_report(folder, folder / "report", release_id="2025.1").read_text(encoding="utf-8")
    assert "marts.lerarenopleidingen_studenten" in section(page, "b4_10")
    assert "marts.indicator_values" in section(page, "b4_2")
