"""The survey marts on a hand-built landing zone (docs/surveys.md): shares, means, n, panels, groups, the
significance tests (values derived by hand in the comments), suppression of cells with fewer than 5
respondents in releases, and no respondent id outside staging."""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.dbt_manifest import read_manifest
from orchestration.publish import export_marts
from tests.conftest import query, run_refresh_in

HEADER_PL = "respondent_id;golf;sto_regio_id;toedelingswijze;item_id;antwoord"
HEADER_LG = "respondent_id;golf;sto_regio_id;technisch_vak;item_id;antwoord"

# Programme leaders: respondent -> (region, toedelingswijze, pl_impact_01 (1-10), pl_tevredenheid_plan (1-5))
PL = {
    2021: {"RA01": (8, 4), "RB02": (7, 4), "RC03": (6, 3), "RD04": (9, 5), "RE05": (5, 2), "RF06": (4, 4)},
    2024: {"RA01": (9, 4), "RB02": (3, 5), "RC03": (6, 4), "RH08": (None, 3)},
    2025: {"RA01": (6, 5), "RB02": (5, 4), "RC03": (6, 4), "RD04": (7, 5), "RE05": (4, 4), "RG07": (10, 1)},
}
MODE = {"RA01": "verdeelsleutel", "RB02": "verdeelsleutel", "RC03": "verdeelsleutel"}  # the rest regionaal_beheer
# pl_urgentie_01 (urgent5: 1 helemaal niet urgent ... 5 heel urgent), per wave
URGENTIE = {
    2021: {"RA01": 3, "RB02": 4, "RC03": 5, "RD04": 2, "RE05": 4, "RF06": 5},
    2024: {"RA01": 4, "RB02": 5, "RC03": 3, "RH08": 4},
    2025: {"RA01": 4, "RB02": 4, "RC03": 5, "RD04": 4, "RE05": 3, "RG07": 5},
}
# Teachers: technisch vak J: T1-T6, N: N1-N5; (lg_verandering_01 ja/nee, lg_impact_docent_01 1-5)
LG = {
    **{f"LT0{i}": ("J", v, e) for i, (v, e) in enumerate(zip("jjjjjn", (5, 4, 4, 3, 5, 4), strict=True), 1)},
    **{f"LN0{i}": ("N", v, e) for i, (v, e) in enumerate(zip("jnnnn", (2, 3, 4, 2, 3), strict=True), 1)},
}
# Tabel B2.1 (profile): lg_leerweg_bb ja for LT01-LT04 and LN01; lg_geslacht man for LT01-LT05, LN01-LN02;
# lg_ervaring answered by the six LT and only three LN (LN01-LN03): 0_5, 6_15, meer_15 in turn
LEERWEG_BB = {"LT01", "LT02", "LT03", "LT04", "LN01"}
MAN = {"LT01", "LT02", "LT03", "LT04", "LT05", "LN01", "LN02"}
ERVARING = dict(
    zip(
        ["LT01", "LT02", "LT03", "LT04", "LT05", "LT06", "LN01", "LN02", "LN03"],
        ["0_5", "6_15", "meer_15"] * 3,
        strict=True,
    )
)

PHASES = ("geen", "1", "2", "3", "4")
HEADER_LL = "respondent_id;golf;school_id;sto_regio_id;bouw_groep;item_id;antwoord"
# Pupils: bouw_groep, the twelve interest statements (phase 1: 01-03, 2: 04-06, 3: 07-09, 4: 10-12; 1-5,
# None = not answered) and other answers. The phase (seed survey_derived_items) by hand, per phase mean:
PUPILS = {
    # 1: 4,3,2,1 -> highest 4.0 = phase 1
    "LP01": ("onderbouw", (4, 4, 4, 3, 3, 3, 2, 2, 2, 1, 1, 1), {"ll_verwacht_profiel": "geen_technisch"}),
    # tie: 1: 3.0, 2: 2.0, 3: (4+3+2)/3 = 3.0, 4: 2.0 -> phases 1 and 3 tie at 3.0 -> the later: phase 3
    "LP02": ("onderbouw", (3, 3, 3, 2, 2, 2, 4, 3, 2, 1, 2, 3), {"ll_verwacht_profiel": "technisch"}),
    # every mean < 2.5 (7/3 = 2.33, 2, 1, 4/3) -> geen interesse
    "LP03": ("onderbouw", (2, 2, 3, 2, 2, 2, 1, 1, 1, 1, 2, 1), {"ll_verwacht_profiel": "geen_technisch"}),
    # statement 03 missing: phase 1 = (2+3)/2 = 2.5 exactly, the highest -> phase 1 (2.5 is not < 2.5)
    "LP04": ("onderbouw", (2, 3, None, 2, 2, 2, 1, 1, 1, 2, 2, 2), {"ll_verwacht_profiel": "technisch"}),
    # phase 4 has one statement only (< 2 of 3): not classified, left out of every phase table
    "LP05": ("onderbouw", (1, 1, 1, 1, 1, 1, 1, 1, 1, 5, None, None), {"ll_verwacht_profiel": "technisch"}),
    # 5,5,5 on phase 4 -> phase 4
    "LP09": ("onderbouw", (3, 3, 3, 3, 3, 3, 3, 3, 3, 5, 5, 5), {"ll_verwacht_profiel": "technisch"}),
    # 1: 2, 2: 3, 3: 3, 4: (5+5+4)/3 = 4.67 -> phase 4
    "LP06": ("bovenbouw_met_techniek", (2, 2, 2, 3, 3, 3, 3, 3, 3, 5, 5, 4), {"ll_autonomie_01": "5"}),
    # 1: 3, 2: 4, 3: (5+4+4)/3 = 4.33, 4: 4 -> phase 3
    "LP07": ("bovenbouw_met_techniek", (3, 3, 3, 4, 4, 4, 5, 4, 4, 3, 4, 5), {"ll_autonomie_01": "4"}),
    # all 1 -> geen interesse
    "LP08": ("bovenbouw_zonder_techniek", (1,) * 12, {"ll_autonomie_01": "2"}),
}
# participation in >= 1 activity on the primary school: any of activities 01-06 'ja', or 07 ('geen
# techniek-activiteit') 'nee'; LP04 answered none of them (no value, left out of Tabel 6.6)
PUPIL_PO = {
    "LP01": {"ll_po_activiteit_01": "ja", "ll_po_activiteit_07": "nee"},  # ja
    "LP02": {"ll_po_activiteit_01": "nee", "ll_po_activiteit_07": "ja"},  # nee
    "LP03": {"ll_po_activiteit_01": "nee", "ll_po_activiteit_07": "nee"},  # ja (did not say 'none')
    "LP05": {"ll_po_activiteit_07": "ja"},  # nee
    "LP09": {"ll_po_activiteit_02": "ja"},  # ja
}
PUPIL_VERVOLG = {"LP01": "mbo", "LP02": "havo", "LP06": "mbo", "LP07": "geen_idee", "LP08": "mbo", "LP05": "mbo"}


def write_pupil_landing(landing: Path) -> None:
    folder = landing / "enquete_leerlingen"
    folder.mkdir(parents=True)
    lines = [HEADER_LL]
    for rid, (bouw, statements, other) in PUPILS.items():
        answers = {f"ll_interesse_{i:02d}": str(a) for i, a in enumerate(statements, 1) if a is not None}
        answers |= other | PUPIL_PO.get(rid, {})
        if rid in PUPIL_VERVOLG:
            answers["ll_vervolgopleiding"] = PUPIL_VERVOLG[rid]
        lines += [f"{rid};2025;SCH1;STO01;{bouw};{item};{a}" for item, a in sorted(answers.items())]
    (folder / "enquete-leerlingen-2025.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_landing(landing: Path) -> None:
    folder = landing / "enquete_programmaleiders"
    folder.mkdir(parents=True)
    for wave, rows in PL.items():
        lines = [HEADER_PL]
        for rid, (cijfer, tevreden) in rows.items():
            attrs = f"{rid};{wave};STO{rid[-2:]};{MODE.get(rid, 'regionaal_beheer')}"
            if cijfer is not None:
                lines.append(f"{attrs};pl_impact_01;{cijfer}")
            lines.append(f"{attrs};pl_tevredenheid_plan;{tevreden}")
            lines.append(f"{attrs};pl_borging_01;{3 if rid < 'RD' else 2}")
            lines.append(f"{attrs};pl_urgentie_01;{URGENTIE[wave][rid]}")
        (folder / f"enquete-programmaleiders-{wave}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    folder = landing / "enquete_lesgevenden"
    folder.mkdir(parents=True)
    lines = [HEADER_LG]
    for rid, (tech, verandering, eens) in LG.items():
        ja = "ja" if verandering == "j" else "nee"
        lines += [
            f"{rid};2025;STO01;{tech};lg_verandering_01;{ja}",
            f"{rid};2025;STO01;{tech};lg_impact_docent_01;{eens}",
            f"{rid};2025;STO01;{tech};lg_leerweg_bb;{'ja' if rid in LEERWEG_BB else 'nee'}",
            f"{rid};2025;STO01;{tech};lg_geslacht;{'man' if rid in MAN else 'vrouw'}",
        ]
        if rid in ERVARING:
            lines.append(f"{rid};2025;STO01;{tech};lg_ervaring;{ERVARING[rid]}")
    (folder / "enquete-lesgevenden-2025.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_pupil_landing(landing)


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("surveys") / "home"
    write_landing(home / "landing")
    run_refresh_in(home)
    return home


def cell(home, table, item, wave, measure, group="all", code=None):
    rows = query(
        home,
        "select n_respondents, value, significance_flag, significance_test, population from marts.survey_item_results "
        "where table_id = ? and item_id = ? and wave = ? and measure = ? and group_value = ? "
        "and answer_code is not distinct from ?",
        [table, item, wave, measure, group, code],
    )
    assert len(rows) == 1, (table, item, wave, measure, group, code, rows)
    return rows[0]


def test_panel_means_shares_and_paired_tests(home):
    # Tabel 4.4: panel = answered in 2021 and 2025 = RA..RE (RF only 2021, RG only 2025): n = 5.
    # 2021: 8,7,6,9,5 -> mean 35/5 = 7.0, >= 6: 4/5 = 80 %;  2025: 6,5,6,7,4 -> 28/5 = 5.6, 3/5 = 60 %.
    assert cell(home, "4.4", "pl_impact_01", 2021, "mean")[:2] == (5, pytest.approx(7.0))
    assert cell(home, "4.4", "pl_impact_01", 2021, "pct_top")[:2] == (5, pytest.approx(80.0))
    n, mean, flag, test, population = cell(home, "4.4", "pl_impact_01", 2025, "mean")
    assert (n, mean, population) == (5, pytest.approx(5.6), "panel_2021_2025")
    # paired t: d = -2,-2,0,-2,-1, mean -1.4, var 3.2/4 = 0.8, se sqrt(0.8/5) = 0.4, t = -3.5; df 4: 2.776 -> *
    assert (flag, test) == ("*", "paired t-test")
    stat = query(
        home,
        "select statistic, df, critical_value from intermediate.int_survey__significance "
        "where table_id = '4.4' and measure = 'mean' and wave = 2025",
    )
    assert stat == [(pytest.approx(-3.5), 4, pytest.approx(2.7764, abs=1e-4))]
    # McNemar on >= 6: up 0 (nobody went from < 6 to >= 6), down 1 (RB 7 -> 5): (|0-1|-1)^2/1 = 0 -> not *
    n, value, flag, test, _ = cell(home, "4.4", "pl_impact_01", 2025, "pct_top")
    assert (n, value, flag, test) == (5, pytest.approx(60.0), "", "McNemar (continuity-corrected)")
    # the reference wave itself is not tested
    assert cell(home, "4.4", "pl_impact_01", 2021, "mean")[2] is None


def test_three_wave_panel_and_category_shares(home):
    # Tabel 4.1: panel over 2021, 2024 and 2025 = RA, RB, RC (RH only 2024). 2021: 4,4,3 -> (zeer) tevreden 2/3.
    assert cell(home, "4.1", "pl_tevredenheid_plan", 2021, "pct_top")[:2] == (3, pytest.approx(200 / 3))
    # 2025: 5,4,4 -> 3/3; McNemar up 1 (RC), down 0: (|1-0|-1)^2/1 = 0 -> not significant
    assert cell(home, "4.1", "pl_tevredenheid_plan", 2025, "pct_top")[:3] == (3, pytest.approx(100.0), "")
    # Tabel B1.1: all six of 2025: answers 5,4,4,5,4,1 -> 1: 1/6, 2: 0, 3: 0, 4: 3/6, 5: 2/6
    shares = [cell(home, "B1.1", "pl_tevredenheid_plan", 2025, "pct_category", code=str(c))[1] for c in range(1, 6)]
    assert shares == pytest.approx([100 / 6, 0, 0, 50, 100 / 3])
    # by toedelingswijze: verdeelsleutel RA,RB,RC: 5,4,4 -> 4: 2/3; regionaal beheer RD,RE,RG: 5,4,1 -> 4: 1/3
    assert cell(home, "B1.1", "pl_tevredenheid_plan", 2025, "pct_category", "verdeelsleutel", "4")[:2] == (
        3,
        pytest.approx(200 / 3),
    )
    assert cell(home, "B1.1", "pl_tevredenheid_plan", 2025, "pct_category", "regionaal_beheer", "4")[:2] == (
        3,
        pytest.approx(100 / 3),
    )
    # B1.1 has no significance test in the report: NULL flag
    assert cell(home, "B1.1", "pl_tevredenheid_plan", 2025, "pct_top")[2] is None


def test_independent_tests_technical_vs_non_technical(home):
    # Tabel 5.4, % ja: wel 5/6, niet 1/5, all 6/11.
    assert cell(home, "5.4", "lg_verandering_01", 2025, "pct_top")[:2] == (11, pytest.approx(600 / 11))
    n, value, flag, test, _ = cell(home, "5.4", "lg_verandering_01", 2025, "pct_top", "wel")
    # pooled p = 6/11; se = sqrt(6/11 * 5/11 * (1/6 + 1/5)) = 0.30151; z = (5/6 - 1/5) / 0.30151 = 2.1005 > 1.96
    assert (n, value, flag, test) == (6, pytest.approx(500 / 6), "*", "two-proportion z-test")
    z = query(home, "select statistic from intermediate.int_survey__significance where item_id = 'lg_verandering_01'")
    assert z == [(pytest.approx(2.1005, abs=1e-4),)]
    assert cell(home, "5.4", "lg_verandering_01", 2025, "pct_top", "niet")[2] is None  # the reference group
    # Tabel 5.5 (1-5): wel 5,4,4,3,5,4: mean 25/6, var 2.8333/5 = 0.56667; niet 2,3,4,2,3: mean 2.8, var 2.8/4 = 0.7
    # Welch: se2 = 0.56667/6 + 0.7/5 = 0.23444, t = (4.1667 - 2.8) / 0.48419 = 2.8226,
    # df = 0.23444^2 / (0.094444^2/5 + 0.14^2/4) = 8.22 -> 8, t_0.975(8) = 2.306 -> *
    n, mean, flag, test, _ = cell(home, "5.5", "lg_impact_docent_01", 2025, "mean", "wel")
    assert (n, mean, flag, test) == (6, pytest.approx(25 / 6), "*", "Welch t-test")
    t = query(
        home,
        "select statistic, df, critical_value from intermediate.int_survey__significance "
        "where item_id = 'lg_impact_docent_01' and measure = 'mean'",
    )
    assert t == [(pytest.approx(2.8226, abs=1e-4), 8, pytest.approx(2.3060, abs=1e-4))]


def test_region_level_answers(home):
    # Programme leader RA01 answers for region STO01: pl_borging_01 = 3 (in enige mate) -> 100 % top, n 1.
    # No registry data in this fixture: the registry columns are NULL and there are no tertile rows.
    rows = query(
        home,
        "select level, wave, n_respondents, pct_top, mean_value, region_tech_share_lj3 "
        "from marts.survey_regio_programmaleiders where sto_regio_id = 'STO01' and item_id = 'pl_borging_01' "
        "order by wave",
    )
    # (Tabel B1.3 shows wave 2025 only, so the 2021 answer of RA01 is in no row.)
    assert rows == [("regio", 2025, 1, 100.0, 3.0, None)]
    # RE05 (STO05): pl_borging_01 = 2 (in geringe mate) -> 0 %
    assert query(
        home,
        "select pct_top from marts.survey_regio_programmaleiders where sto_regio_id = 'STO05' and wave = 2025 "
        "and item_id = 'pl_borging_01'",
    ) == [(0.0,)]


def test_no_respondent_id_leaves_staging(home):
    cols = query(
        home,
        "select table_schema, table_name from information_schema.columns "
        "where column_name = 'respondent_id' and (table_schema = 'marts' or table_name like 'int_survey%')",
    )
    assert cols == []
    # 2021: 6 x 4 items; 2024: 3 x 4 + RH08 3; 2025: 6 x 4 -> 63 rows
    assert query(home, "select count(*) from staging.stg_survey__programmaleiders")[0][0] == 63


def export_release_marts(home: Path, folder: Path) -> None:
    """The warehouse's marts exported as a release exports them (suppression applied) into folder/marts."""
    con = duckdb.connect(str(home / "sto_monitor.duckdb"), read_only=True)
    try:
        export_marts(con, folder, read_manifest())
    finally:
        con.close()


def test_releases_suppress_survey_cells_with_fewer_than_5_respondents(home, tmp_path):
    export_release_marts(home, tmp_path)
    survey_marts = sorted(p for p in (tmp_path / "marts").glob("survey_*.parquet"))
    assert survey_marts, "no survey mart exported"
    for path in survey_marts:
        frame = pd.read_parquet(path)
        small = frame[frame["n_respondents"].isna() | (frame["n_respondents"] < 5)]
        assert len(small) > 0, path.name  # the fixture has groups of 3
        values = [c for c in frame.columns if frame[c].dtype == "float64" and c != "n_respondents"]
        assert values, path.name
        assert small["is_suppressed"].all() and small[values].isna().all().all(), path.name
    frame = pd.read_parquet(tmp_path / "marts" / "survey_item_results.parquet")
    # B1.3 by toedelingswijze: groups of 3 -> suppressed; the whole wave (6) is published: 3 of 6 in enige/sterke mate
    b13 = frame[(frame.table_id == "B1.3") & (frame.measure == "pct_top")].set_index("group_value")
    assert math.isnan(b13.loc["verdeelsleutel", "value"]) and b13.loc["verdeelsleutel", "is_suppressed"]
    assert b13.loc["all", "value"] == pytest.approx(50.0) and not b13.loc["all", "is_suppressed"]


def test_urgency_counts_and_top_shares(home):
    # Tabel 4.2 (panel 2021 & 2025 = RA..RE): 2025 answers 4,4,5,4,3 -> counts 1: 0, 2: 0, 3: 1, 4: 3, 5: 1;
    # (heel) urgent = 4|5: 4/5 = 80 %; 2021 answers 3,4,5,2,4 -> 3/5 = 60 %.
    counts = [cell(home, "4.2", "pl_urgentie_01", 2025, "count_category", code=str(c))[:2] for c in range(1, 6)]
    assert counts == [(5, 0), (5, 0), (5, 1), (5, 3), (5, 1)]
    assert cell(home, "4.2", "pl_urgentie_01", 2025, "pct_category", code="4")[1] == pytest.approx(60.0)
    n, value, flag, test, population = cell(home, "4.2", "pl_urgentie_01", 2025, "pct_top")
    # McNemar: to top 2 (RA 3->4, RD 2->4), from top 1 (RE 4->3): (|2-1|-1)^2/3 = 0 -> not significant
    assert (n, value, flag, test, population) == (
        5,
        pytest.approx(80.0),
        "",
        "McNemar (continuity-corrected)",
        "panel_2021_2025",
    )
    assert cell(home, "4.2", "pl_urgentie_01", 2021, "pct_top")[:2] == (5, pytest.approx(60.0))
    # Tabel 4.3 (panel of all three waves = RA, RB, RC): 2025 4,4,5 -> 3/3; 2024 4,5,3 -> 2/3; 2021 3,4,5 -> 2/3
    assert cell(home, "4.3", "pl_urgentie_01", 2025, "pct_top")[:2] == (3, pytest.approx(100.0))
    assert cell(home, "4.3", "pl_urgentie_01", 2024, "pct_top")[:2] == (3, pytest.approx(200 / 3))
    assert cell(home, "4.3", "pl_urgentie_01", 2021, "pct_top")[:2] == (3, pytest.approx(200 / 3))
    assert cell(home, "4.3", "pl_urgentie_01", 2025, "count_category", code="4")[:2] == (3, 2)


def change(home, table, measure, compared_with):
    rows = query(
        home,
        "select n_respondents, value, population, wave from marts.survey_item_results "
        "where table_id = ? and item_id = 'pl_impact_01' and measure = ? and compared_with = ?",
        [table, measure, compared_with],
    )
    assert len(rows) == 1, (table, measure, compared_with, rows)
    return rows[0]


def test_two_points_up_or_down_between_waves(home):
    # Tabel 4.4 (panel RA..RE), cijfer 2025 min cijfer 2021: 6-8, 5-7, 6-6, 7-9, 4-5 = -2, -2, 0, -2, -1
    # -> >= 2 higher 0/5 = 0 %, >= 2 lower 3/5 = 60 %
    assert change(home, "4.4", "pct_up_2plus", "2021") == (5, pytest.approx(0.0), "panel_2021_2025", 2025)
    assert change(home, "4.4", "pct_down_2plus", "2021") == (5, pytest.approx(60.0), "panel_2021_2025", 2025)
    # Tabel B1.5 (panel RA, RB, RC): 2025 - 2024: 6-9, 5-3, 6-6 = -3, +2, 0 -> up 1/3, down 1/3;
    # 2025 - 2021: -2, -2, 0 -> up 0/3, down 2/3
    assert change(home, "B1.5", "pct_up_2plus", "2024")[:2] == (3, pytest.approx(100 / 3))
    assert change(home, "B1.5", "pct_down_2plus", "2024")[:2] == (3, pytest.approx(100 / 3))
    assert change(home, "B1.5", "pct_up_2plus", "2021")[:2] == (3, pytest.approx(0.0))
    assert change(home, "B1.5", "pct_down_2plus", "2021")[:2] == (3, pytest.approx(200 / 3))
    # only grade scales (1-10): Tabel 4.1 (tevreden5) and the urgency tables have no change measures
    assert query(
        home,
        "select count(*) from marts.survey_item_results "
        "where measure like 'pct_%_2plus' and table_id not in ('4.4', 'B1.5')",
    ) == [(0,)]


def test_teacher_profile_b21(home):
    # multi-response option lg_leerweg_bb (% ja): wel LT01-LT04 of 6 = 66.7 %, niet LN01 of 5 = 20 %, all 5/11
    assert cell(home, "B2.1", "lg_leerweg_bb", 2025, "pct_top", "wel")[:2] == (6, pytest.approx(400 / 6))
    assert cell(home, "B2.1", "lg_leerweg_bb", 2025, "pct_top", "niet")[:2] == (5, pytest.approx(20.0))
    assert cell(home, "B2.1", "lg_leerweg_bb", 2025, "pct_top")[:2] == (11, pytest.approx(500 / 11))
    # single choice: man 5/6 (wel), 2/5 (niet), 7/11 (all); no significance test in B2.1
    assert cell(home, "B2.1", "lg_geslacht", 2025, "pct_category", "wel", "man")[:3] == (
        6,
        pytest.approx(500 / 6),
        None,
    )
    assert cell(home, "B2.1", "lg_geslacht", 2025, "pct_category", code="man")[:2] == (11, pytest.approx(700 / 11))
    # the grouping variable itself (derived in staging from technisch_vak): all 6/11 wel; wel 100/0; niet 0/100
    assert cell(home, "B2.1", "lg_technisch_vak", 2025, "pct_category", code="wel")[:2] == (11, pytest.approx(600 / 11))
    assert cell(home, "B2.1", "lg_technisch_vak", 2025, "pct_category", "wel", "wel")[1] == pytest.approx(100.0)
    assert cell(home, "B2.1", "lg_technisch_vak", 2025, "pct_category", "niet", "wel")[1] == pytest.approx(0.0)
    assert cell(home, "B2.1", "lg_technisch_vak", 2025, "pct_category", "niet", "niet")[1] == pytest.approx(100.0)


def test_releases_suppress_survey_groups_complementarily(home, tmp_path):
    export_release_marts(home, tmp_path)
    frame = pd.read_parquet(tmp_path / "marts" / "survey_item_results.parquet")
    # lg_ervaring: wel 6 (LT01-LT06), niet 3 (LN01-LN03), all 9: niet < 5 and wel with it; all published
    erv = frame[(frame.item_id == "lg_ervaring") & (frame.measure == "pct_category") & (frame.answer_code == "0_5")]
    erv = erv.set_index("group_value")
    assert erv.loc["niet", "is_suppressed"] and erv.loc["wel", "is_suppressed"]
    assert math.isnan(erv.loc["wel", "value"]) and math.isnan(erv.loc["wel", "n_respondents"])
    # 0_5: LT01, LT04, LN01 of 9
    assert not erv.loc["all", "is_suppressed"] and erv.loc["all", "value"] == pytest.approx(300 / 9)
    # lg_geslacht: wel 6 + niet 5 = 11, nothing suppressed
    sex = frame[(frame.item_id == "lg_geslacht") & (frame.measure == "pct_category") & (frame.answer_code == "man")]
    assert not sex["is_suppressed"].any() and sex["value"].notna().all()


def test_interest_phases_by_hand(home):
    # Tabel 6.4 by bouw_groep; phases by hand above: onderbouw LP01 1, LP02 3, LP03 geen, LP04 1, LP09 4
    # (LP05 not classified) -> n 5: geen 20 %, 1 40 %, 2 0 %, 3 20 %, 4 20 %
    shares = [cell(home, "6.4", "ll_interessefase", 2025, "pct_category", "onderbouw", c)[:2] for c in PHASES]
    assert shares == [(5, pytest.approx(v)) for v in (20, 40, 0, 20, 20)]
    # bovenbouw met techniek LP06 4, LP07 3: n 2; zonder: LP08 geen
    assert cell(home, "6.4", "ll_interessefase", 2025, "pct_category", "bovenbouw_met_techniek", "3")[:2] == (
        2,
        pytest.approx(50.0),
    )
    assert cell(home, "6.4", "ll_interessefase", 2025, "pct_category", "bovenbouw_zonder_techniek", "geen")[:2] == (
        1,
        pytest.approx(100.0),
    )
    # all: 8 classified; geen = LP03, LP08 -> 2/8 = 25 %
    assert cell(home, "6.4", "ll_interessefase", 2025, "pct_category", "all", "geen")[:2] == (8, pytest.approx(25.0))


def test_crosstab_by_phase_and_total_of_the_classified(home):
    # Tabel 6.5 (expected profile x phase): phase 1 = LP01 geen_technisch, LP04 technisch -> 50 / 50
    assert cell(home, "6.5", "ll_verwacht_profiel", 2025, "pct_category", "1", "technisch")[:2] == (2, 50.0)
    assert cell(home, "6.5", "ll_verwacht_profiel", 2025, "pct_category", "geen", "technisch")[:2] == (1, 0.0)
    # Totaal: the classified only (LP05 answered but has no phase): LP01, LP02, LP03, LP04, LP09 -> 3/5 = 60 %
    assert cell(home, "6.5", "ll_verwacht_profiel", 2025, "pct_category", "all", "technisch")[:2] == (5, 60.0)
    # row percentages: the 3 technical choosers (LP02 phase 3, LP04 phase 1, LP09 phase 4) -> 1/3 each
    # (phase 2: no pupil of the onderbouw, so no cell)
    rows = query(
        home,
        "select group_value, n_respondents, value from marts.survey_item_results where table_id = '6.5' "
        "and measure = 'pct_row' and answer_code = 'technisch' order by group_value",
    )
    assert rows == [
        ("1", 3, pytest.approx(100 / 3)),
        ("3", 3, pytest.approx(100 / 3)),
        ("4", 3, pytest.approx(100 / 3)),
        ("geen", 3, 0.0),
    ]
    # Tabel 6.6 (x participation po): ja = LP01 (geen), LP03 (geen), LP09 (technisch) -> 1/3; nee = LP02,
    # LP05 (both technisch; LP05 has no phase but a participation value) -> 100 %; LP04 no po answers
    assert cell(home, "6.6", "ll_verwacht_profiel", 2025, "pct_category", "ja", "technisch")[:2] == (
        3,
        pytest.approx(100 / 3),
    )
    assert cell(home, "6.6", "ll_verwacht_profiel", 2025, "pct_category", "nee", "technisch")[:2] == (2, 100.0)
    assert cell(home, "6.6", "ll_verwacht_profiel", 2025, "pct_category", "all", "technisch")[:2] == (5, 60.0)
    # Tabel 6.2's derived row: participation among the 5 who answered po activities: 3/5 = 60 %
    assert cell(home, "6.2", "ll_deelname_po", 2025, "pct_top")[:2] == (5, 60.0)
    # Tabel 6.8 (vervolgopleiding x phase): total = classified answerers LP01 mbo, LP02 havo, LP06 mbo, LP07
    # geen_idee, LP08 mbo (LP05 unclassified) -> mbo 3/5; phase 3 = LP02 havo, LP07 geen_idee -> 50 / 50
    assert cell(home, "6.8", "ll_vervolgopleiding", 2025, "pct_category", "all", "mbo")[:2] == (5, 60.0)
    assert cell(home, "6.8", "ll_vervolgopleiding", 2025, "pct_category", "3", "havo")[:2] == (2, 50.0)


def test_collapsed_agreement_row_percentages(home):
    # ll_autonomie_01 (eens5) collapsed to eens3 by survey_derived_items: LP06 5 -> eens, LP07 4 -> eens,
    # LP08 2 -> niet_eens. Tabel 6.9 row %: eens (n 2) = phase 3 50 %, phase 4 50 %; niet_eens (n 1) = geen 100 %
    rows = query(
        home,
        "select answer_code, group_value, n_respondents, value from marts.survey_item_results "
        "where table_id = '6.9' and measure = 'pct_row' and value > 0 order by 1, 2",
    )
    assert rows == [("eens", "3", 2, 50.0), ("eens", "4", 2, 50.0), ("niet_eens", "geen", 1, 100.0)]
    # the raw statement in Figuur 6.9: (helemaal) mee eens 2 of 3
    assert cell(home, "F6.9", "ll_autonomie_01", 2025, "pct_top")[:2] == (3, pytest.approx(200 / 3))


def test_derived_items_are_refused_in_an_extract(tmp_path):
    from ingest.errors import InputFileError
    from ingest.sources.enquete_leerlingen import SOURCE

    folder = tmp_path / "landing" / "enquete_leerlingen"
    folder.mkdir(parents=True)
    path = folder / "enquete-leerlingen-2025.csv"
    path.write_text(HEADER_LL + "\nLP01;2025;SCH1;STO01;onderbouw;ll_interessefase;3\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="derived item for survey LL"):
        SOURCE.parse(path, "enquete_leerlingen/enquete-leerlingen-2025.csv")
