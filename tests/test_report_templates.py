"""The report's building blocks without a pipeline: Dutch number format, cells with their suppression
markers, the table / footer / chart macros, chart geometry, the survey tables read from the seed, and
that no HTML is written in the report's Python (tests/test_report_bi.py renders a whole release)."""

import re
from pathlib import Path

from markupsafe import Markup

from orchestration.report import charts
from orchestration.report.formatting import Cell, Column, Table, nl_number
from orchestration.report.page import Footer, Section, environment
from orchestration.report.sections import mart_cell, mart_table, surveys

REPORT = Path(__file__).resolve().parents[1] / "orchestration" / "report"


def macros():
    return environment().get_template("macros.html.j2").module


def text(markup: Markup | str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(markup))).strip()


def test_dutch_number_format():
    assert nl_number(1234567) == "1.234.567"
    assert nl_number(1234.0) == "1.234"  # a whole number without decimals
    assert nl_number(12.345) == "12,3"  # one decimal by default
    assert nl_number(54.0, 1) == "54,0"
    assert nl_number(1627.94, 1) == "1.627,9"
    assert nl_number(None) == "—" and nl_number(float("nan")) == "—"


def test_cell_shows_suppressed_as_star_missing_as_dash_numbers_in_dutch():
    cell_text = macros().cell_text
    assert str(cell_text(Cell(None, suppressed=True))) == "*"
    assert str(cell_text(Cell(float("nan"), suppressed=True))) == "*"
    assert str(cell_text(Cell(None))) == "—"
    assert str(cell_text(Cell(None, missing="totaal"))) == "totaal"
    assert str(cell_text(Cell(83.333, decimals=1, unit=" %", mark="†"))) == "83,3 %†"
    assert str(cell_text(Cell(12500.0))) == "12.500"


def test_mart_cells_total_rows_text_attributes_and_suppression():
    row = {"profiel": None, "regio_type": None, "n_female": None, "female_share": 54.0, "is_suppressed": True}
    cell_text = macros().cell_text
    assert str(cell_text(mart_cell(row, "profiel"))) == "totaal"  # a dimension's total row
    assert str(cell_text(mart_cell(row, "regio_type"))) == "—"  # unknown attribute, never '*'
    assert str(cell_text(mart_cell(row, "n_female"))) == "*"  # a suppressed count
    assert str(cell_text(mart_cell(row, "female_share"))) == "54,0"  # shares with one decimal
    below_cbs = {"n_persons": None, "is_below_cbs_threshold": True}
    assert str(cell_text(mart_cell(below_cbs, "n_persons"))) == "*"
    html = str(macros().table(mart_table([{"profiel": None, "n_pupils": 1234}], ["profiel", "n_pupils"])))
    assert "<th>Profiel</th>" in html and '<th class="num">Leerlingen</th>' in html
    assert "<td>totaal</td>" in html and '<td class="num">1.234</td>' in html  # text left, numbers right


def test_table_macro_escapes_text_and_right_aligns_numbers():
    table = Table([Column("Regio", numeric=False), Column("Leerlingen")], [[Cell("<b>R1</b>"), Cell(1234)]])
    html = str(macros().table(table))
    assert "<td>&lt;b&gt;R1&lt;/b&gt;</td>" in html
    assert '<td class="num">1.234</td>' in html
    assert '<th class="num">Leerlingen</th>' in html and "<th>Regio</th>" in html


def test_footer_names_indicators_release_mart_lineage_and_trace():
    footer = Footer(
        release_id="2025.1",
        mart="pupils_lj3_by_profiel",
        lineage_href="../docs/index.html#!/model/model.sto_monitor.pupils_lj3_by_profiel",
        indicators=[("pupils_lj3_count", "Aantal derdejaarsleerlingen")],
        trace="sto-monitor trace pupils_lj3_count --schooljaar 2024 --release 2025.1",
    )
    html = str(macros().footer(footer))
    assert 'href="../docs/index.html#!/model/model.sto_monitor.pupils_lj3_by_profiel"' in html
    assert text(html) == (
        "Indicator: pupils_lj3_count (Aantal derdejaarsleerlingen) · release 2025.1 · mart "
        "marts.pupils_lj3_by_profiel · herkomst (lineage) · "
        "sto-monitor trace pupils_lj3_count --schooljaar 2024 --release 2025.1"
    )


def test_section_without_data_says_what_is_missing_and_titles_are_escaped():
    html = str(macros().section(Section("x", "Tabel <X>", missing="marts.doorstroom_tech_mbo"), "2025.1"))
    assert "Tabel &lt;X&gt;" in html
    assert "Geen gegevens in release 2025.1 (marts.doorstroom_tech_mbo)." in text(html)


def test_bar_chart_lengths_relative_to_the_largest_and_suppressed_bars_as_star():
    chart = charts.bar_chart([("A", 50.0), ("B", None), ("C", 100.0)], "t", unit=" %")
    # drawing width 720 - 190 (labels) - 80 (value text) = 450 for the largest value
    assert [(b.label, b.length, b.text) for b in chart.bars] == [
        ("A", 225.0, "50 %"),
        ("B", None, "*"),
        ("C", 450.0, "100 %"),
    ]
    svg = str(environment().get_template("charts.html.j2").module.chart(chart))
    assert svg.startswith("<svg") and '<rect x="190" y="43" width="450.0"' in svg and ">*</text>" in svg
    assert charts.bar_chart([("A", None)], "t") is None  # nothing to draw


def test_line_chart_breaks_lines_at_missing_values():
    chart = charts.line_chart({"BWI": [(2018, 10.0), (2019, None), (2020, 40.0)]}, "t")
    # x: 60 .. 720 - 150 = 570; y: 20 + (1 - v / 44) * 230 with ymax = 1.1 * 40 = 44
    assert chart.lines[0].segments == [[(60.0, 197.7)], [(570.0, 40.9)]]
    assert [t.label for t in chart.x_ticks] == ["2018", "2019", "2020"]
    assert [t.label for t in chart.y_ticks] == ["0", "11", "22", "33", "44"]
    svg = str(environment().get_template("charts.html.j2").module.chart(chart))
    assert "<polyline" not in svg and svg.count("<circle") == 2  # single points, no line across the gap


def test_survey_tables_of_the_report_come_from_the_seed():
    tables = surveys.report_tables()
    by_id = {(t.survey_id, t.table_id): t for t in tables}
    assert len(tables) == 17 and len({t.key for t in tables}) == 17
    assert {t.layout for t in tables} == {"categories", "item_categories", "items", "profile", "crosstab"}
    assert all(set(t.measures) <= {"mean", "pct_top", "pct_not_applicable", "count_category"} for t in tables)
    assert by_id[("PL", "4.2")].measures == ["pct_top", "count_category"]
    assert by_id[("LG", "5.4")].title == "Concrete veranderingen voor lesgevenden"
    assert [t.table_id for t in tables if t.survey_id == "PL"] == ["4.1", "4.2", "4.4", "4.6", "B1.1"]


def rows_of(item: str, text_nl: str, values: dict[str, tuple[float | None, int | None, bool]]) -> list[dict]:
    return [
        {
            "item_id": item,
            "item_text_nl": text_nl,
            "source_line": "002:L1",
            "wave": 2025,
            "group_value": group,
            "measure": "pct_top",
            "answer_code": None,
            "answer_label": None,
            "sort_order": None,
            "value": value,
            "n_respondents": n,
            "is_suppressed": suppressed,
            "significance_flag": "*" if group == "wel" else None,
        }
        for group, (value, n, suppressed) in values.items()
    ]


def test_survey_items_table_by_group_with_suppressed_group():
    table = surveys.SurveyTable("LG", "5.4", "t", "all", "technisch_vak", [2025], "items", ["pct_top"], "% ja", "")
    rows = rows_of(
        "lg_a", "Nieuwe apparatuur", {"all": (54.5, 11, False), "wel": (83.3, 6, False), "niet": (None, None, True)}
    )
    html = text(macros().table(surveys.line_table(table, rows)))
    assert html == (
        "alle technisch vak geen technisch vak "
        "Nieuwe apparatuur 54,5 % 83,3 %† * "
        "n (respondenten, grootste basis) 11 6 *"
    )


def test_no_html_in_the_reports_python():
    tag = re.compile(
        r"<(/?)(html|body|p|div|span|table|thead|tbody|tr|td|th|svg|rect|text|line|h[1-6]|a|code|figure|ul|li)[\s>/]"
    )
    offenders = [
        f"{p.relative_to(REPORT)}:{n}"
        for p in REPORT.rglob("*.py")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if tag.search(line)
    ]
    assert offenders == []
