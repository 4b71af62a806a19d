"""Programme administration (indicators.md §1 H, docs/programme_admin.md): the reader of
landing/sto_programma, indicators H1-H5 and the marts programma_regio and regio_portret on a small
hand-built landing zone (expected values derived by hand below), and the demo's calibration on the
published distributions of the 71 approved plans (003 Tabel 2.1/2.2). One refresh for the module."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from ingest.demo.programme import HEADER, programme_rows
from ingest.demo.reference import Regions
from ingest.errors import InputFileError
from ingest.sources import SOURCES
from tests.conftest import query, run_refresh_in
from tests.duo_fixtures import pupil_row, write_pupil_file

MAPPING = """sto_regio_id;regio_naam;techniekluw;brin;vestigingsnummer;geldig_van;geldig_tot
R1;Regio Een;N;10AA;00;2018-08-01;
R2;Regio Twee;N;20BB;00;2018-08-01;
R2;Regio Twee;N;30CC;00;2018-08-01;
R3;Regio Drie;J;40DD;00;2018-08-01;
"""
P_HEADER = ";".join(HEADER)
# 2020-2024: R1 the smallest partnership (8 partners, po not specified), R2 with a decimal comma,
# R3 techniekarm, approved after the peildatum of Tabel 2.1/2.2 (2020-01-31).
PLAN_2020 = f"""{P_HEADER}
R1;Regio Een;2020-2024;2019-07-01;techniekregio;;2;1;5;;0;0;0;0;1399000;175000
R2;Regio Twee;2020-2024;2020-01-15;techniekregio;;12;3;40;4;2;1;3;;4800000,50;1200000
R3;Regio Drie;2020-2024;2020-06-01;techniekarm;;3;2;10;;1;;2;1;1000000.00;150000
"""
PLAN_2025 = f"""{P_HEADER}
R1;Regio Een;2025-2028;2025-06-01;techniekregio;verdeelsleutel;2;1;6;;0;0;0;0;1600000;200000
R2;Regio Twee;2025-2028;2025-06-01;techniekregio;regionaal beheer;12;3;44;4;2;1;3;;5200000;800000
R3;Regio Drie;2025-2028;2025-06-01;techniekluw;verdeelsleutel;3;2;10;;1;;2;1;1000000;120000
"""


def pupils(folder: Path, year: int) -> None:
    write_pupil_file(
        folder,
        year,
        [
            pupil_row("10AA", "00", "bb", "6011", (10, 0), lj4=(6, 2)),  # BWI: lj3 10, lj4 8 (technical)
            pupil_row("10AA", "00", "bb", "6611", (0, 20)),  # Z&W: lj3 20 (not technical)
            pupil_row("20BB", "00", "kb", "6121", (12, 3), lj4=(5, 5)),  # PIE: lj3 15, lj4 10
            pupil_row("30CC", "00", "bb", "6011", (7, 0)),  # BWI: lj3 7
        ],
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("programme") / "sto_home"
    landing = home / "landing"
    for year in (2018, 2020):
        pupils(landing / "duo_leerlingen_vestiging", year)
    (landing / "reference").mkdir(parents=True)
    (landing / "reference" / "sto_regio_vestigingen.csv").write_text(MAPPING, encoding="utf-8")
    (landing / "sto_programma").mkdir(parents=True)
    (landing / "sto_programma" / "sto-programma-2020.csv").write_text(PLAN_2020, encoding="utf-8")
    (landing / "sto_programma" / "sto-programma-2025.csv").write_text(PLAN_2025, encoding="utf-8")
    run_refresh_in(home)
    yield home
    shutil.rmtree(home, ignore_errors=True)


def cell(home: Path, indicator: str, year: int, breakdown=None, bvalue=None, regio=None) -> tuple:
    rows = query(
        home,
        """SELECT numerator, denominator, value, unit FROM marts.indicator_values
        WHERE indicator_id = ? AND schooljaar = ? AND breakdown IS NOT DISTINCT FROM ?
          AND breakdown_value IS NOT DISTINCT FROM ? AND sto_regio_id IS NOT DISTINCT FROM ?""",
        [indicator, year, breakdown, bvalue, regio],
    )
    assert len(rows) == 1, f"expected one cell of {indicator}, found {rows}"
    return rows[0]


# ----------------------------------------------------------------------------- reader


def parse(tmp_path: Path, text: str, name: str = "sto-programma-2020.csv", regions: str | None = None):
    folder = tmp_path / "landing" / "sto_programma"
    folder.mkdir(parents=True, exist_ok=True)
    if regions is not None:
        (tmp_path / "landing" / "reference").mkdir(exist_ok=True)
        (tmp_path / "landing" / "reference" / "sto_regio_vestigingen.csv").write_text(regions, encoding="utf-8")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return SOURCES["sto_programma"].parse(path, f"sto_programma/{name}")


def test_reader_takes_one_plan_period_per_file(tmp_path):
    parsed = parse(tmp_path, PLAN_2020)
    assert parsed.schooljaar == 2020  # the first year of planperiode 2020-2024
    assert parsed.frame["subsidie_eur"].to_list() == ["1399000", "4800000,50", "1000000.00"]
    assert parsed.frame["n_po_scholen"].to_list() == [None, "4", None]  # empty = not specified


def test_reader_checks_region_ids_against_a_delivered_region_list(tmp_path):
    unknown = PLAN_2020.replace("R3;Regio Drie", "R9;Regio Negen")
    with pytest.raises(InputFileError) as err:
        parse(tmp_path, unknown, regions=MAPPING)
    assert str(err.value) == (
        "sto_programma/sto-programma-2020.csv, line 4, column 'sto_regio_id': unknown STO region: not in the "
        "delivered region list reference/sto_regio_vestigingen.csv (found 'R9')"
    )
    # without a delivered list (illustrative regions) the ids cannot be checked at ingest
    assert parse(tmp_path / "no_list", unknown).frame.height == 3


# ----------------------------------------------------------------------------- H1-H5


def test_h1_partner_counts_per_region_and_type(home):
    # R2 2020: all but po = 12 vmbo + 3 mbo + 40 bedrijven + 2 vso/pro + 1 hbo + 3 gemeenten (+ overig empty) = 61
    assert cell(home, "region_partner_counts", 2020, "partnertype", "totaal_excl_po", "R2")[2] == 61
    assert cell(home, "region_partner_counts", 2020, "partnertype", "totaal", "R2")[2] == 65  # + 4 po
    # R1: 2 + 1 + 5 + 0 + 0 + 0 + 0 = 8, the smallest partnership of Tabel 2.1; po not specified: no row
    assert cell(home, "region_partner_counts", 2020, "partnertype", "totaal_excl_po", "R1")[:3] == (8, None, 8)
    assert not query(
        home,
        "SELECT 1 FROM marts.indicator_values WHERE indicator_id = 'region_partner_counts' AND sto_regio_id = 'R1' "
        "AND breakdown_value = 'po_scholen'",
    )


def test_h1_national_statistics_per_partner_type(home):
    # vmbo-vestigingen 2020: 2 + 12 + 3 = 17 over 3 regions; mean 17 / 3; min 2; max 12
    assert cell(home, "region_partner_counts", 2020, "regio_statistiek|partnertype", "totaal|vmbo_vestigingen")[:3] == (
        17,
        3,
        17,
    )
    mean = cell(home, "region_partner_counts", 2020, "regio_statistiek|partnertype", "gemiddelde|vmbo_vestigingen")
    assert mean[2] == pytest.approx(17 / 3) and mean[3] == "mean"
    assert cell(home, "region_partner_counts", 2020, "regio_statistiek|partnertype", "minimum|vmbo_vestigingen")[2] == 2
    assert (
        cell(home, "region_partner_counts", 2020, "regio_statistiek|partnertype", "maximum|vmbo_vestigingen")[2] == 12
    )
    # po specified by R2 only: total 4 over 1 region
    assert cell(home, "region_partner_counts", 2020, "regio_statistiek|partnertype", "totaal|po_scholen")[:3] == (
        4,
        1,
        4,
    )
    # vso/pro: R1 0, R2 2, R3 1 -> 2 regions with at least one of 3
    assert cell(
        home, "region_partner_counts", 2020, "regio_statistiek|partnertype", "regio_s_met_partner|vso_pro_vestigingen"
    )[:3] == (2, 3, 2)


def test_h2_subsidy_cofinancing_and_share(home):
    # subsidy 2020: 1.399.000 + 4.800.000,50 + 1.000.000 = 7.199.000,50; mean / 3; min 1.000.000
    assert cell(home, "region_subsidy_amount", 2020, regio="R2")[2] == 4_800_000.5
    assert cell(home, "region_subsidy_amount", 2020, "regio_statistiek", "totaal")[2] == pytest.approx(7_199_000.5)
    assert cell(home, "region_subsidy_amount", 2020, "regio_statistiek", "gemiddelde")[2] == pytest.approx(
        7_199_000.5 / 3
    )
    assert cell(home, "region_subsidy_amount", 2020, "regio_statistiek", "minimum")[2] == 1_000_000
    assert cell(home, "region_cofinancing_amount", 2020, "regio_statistiek", "totaal")[2] == 1_525_000
    # share of the total investment: R1 175.000 / 1.574.000 = 11,12 %; R2 1.200.000 / 6.000.000,5 = 20,00 %;
    # R3 150.000 / 1.150.000 = 13,04 %
    r1 = cell(home, "region_cofinancing_share", 2020, regio="R1")
    assert r1[:2] == (175_000, 1_574_000) and r1[2] == pytest.approx(100 * 175_000 / 1_574_000)
    shares = [100 * 175_000 / 1_574_000, 100 * 1_200_000 / 6_000_000.5, 100 * 150_000 / 1_150_000]
    mean = cell(home, "region_cofinancing_share", 2020, "regio_statistiek", "gemiddelde")
    assert mean[2] == pytest.approx(sum(shares) / 3)  # 14,72 %
    total = cell(home, "region_cofinancing_share", 2020, "regio_statistiek", "totaal")
    assert total[2] == pytest.approx(100 * 1_525_000 / 8_724_000.5)  # ratio of totals 17,48 %
    # classes of Figuur 2.1: R1 and R3 in 10-15 %, none above 25 %
    assert cell(home, "region_cofinancing_share", 2020, "regio_statistiek", "aantal_10_15_procent")[2] == 2
    assert cell(home, "region_cofinancing_share", 2020, "regio_statistiek", "aantal_gt_25_procent")[2] == 0


def test_h3_allocation_mode_per_region_and_share_of_known(home):
    assert cell(home, "budget_allocation_mode", 2025, "verdeling_middelen", "regionaal beheer", "R2")[2] == 1
    # 2025: R1 and R3 verdeelsleutel, R2 regionaal beheer -> 2 / 3 = 66,7 % (as 28 / 48 = 58 % published)
    assert cell(home, "budget_allocation_mode", 2025, "verdeling_middelen", "verdeelsleutel")[:3] == pytest.approx(
        (2, 3, 200 / 3)
    )
    # 2020: no mode known -> no rows
    assert not query(
        home, "SELECT 1 FROM marts.indicator_values WHERE indicator_id = 'budget_allocation_mode' AND schooljaar = 2020"
    )


def test_h4_region_type_counts_and_subsidy_share(home):
    assert cell(home, "region_type", 2020, "regio_type", "techniekarm", "R3")[2] == 1
    assert cell(home, "region_type", 2020, "regio_type", "techniekregio")[:3] == (2, 3, 2)
    # techniekarm's share of the subsidy: 1.000.000 / 7.199.000,50 = 13,89 % (published 4 %)
    assert cell(home, "region_type", 2020, "subsidie_aandeel", "techniekarm")[2] == pytest.approx(
        100 * 1_000_000 / 7_199_000.5
    )
    assert cell(home, "region_type", 2025, "regio_type", "techniekluw")[2] == 1


def test_h5_programme_totals(home):
    # partners without po: R1 8 + R2 61 + R3 (3 + 2 + 10 + 1 + 2 + 1 = 19) = 88; with po + 4 = 92
    assert cell(home, "sto_programme_totals", 2020, "totaal", "partners_excl_po")[2] == 88
    assert cell(home, "sto_programme_totals", 2020, "totaal", "partners")[2] == 92
    assert cell(home, "sto_programme_totals", 2020, "totaal", "regio_s")[2] == 3
    assert cell(home, "sto_programme_totals", 2020, "totaal", "totale_investering")[2] == pytest.approx(8_724_000.5)
    assert cell(home, "sto_programme_totals", 2025, "totaal", "subsidie")[2] == 7_800_000


def test_catalog_holds_h1_to_h5_without_suppression(home):
    rows = dict(
        query(
            home,
            "SELECT indicator_id, catalog_section FROM marts.indicator_catalog WHERE catalog_section LIKE 'H%'",
        )
    )
    assert rows == {
        "region_partner_counts": "H1",
        "region_subsidy_amount": "H2",
        "region_cofinancing_amount": "H2",
        "region_cofinancing_share": "H2",
        "budget_allocation_mode": "H3",
        "region_type": "H4",
        "sto_programme_totals": "H5",
    }


# ----------------------------------------------------------------------------- marts


def test_programma_regio_marks_the_published_population_and_investment_per_pupil(home):
    rows = query(
        home,
        "SELECT sto_regio_id, is_in_tabel_2, n_tech_lj3_lj4, investering_per_techniekleerling_eur, regio_naam "
        "FROM marts.programma_regio WHERE schooljaar = 2020 ORDER BY 1",
    )
    # technical pupils lj3+lj4 on 1 Oct 2018 (planperiode_start - 2): R1 10 + 8 = 18; R2 15 + 10 + 7 = 32
    # investment per pupil: R1 1.574.000 / 18 = 87.444,44; R2 6.000.000,5 / 32 = 187.500,02; R3 no pupils
    assert [r[:2] for r in rows] == [("R1", True), ("R2", True), ("R3", False)]  # R3 approved 2020-06-01
    assert [r[2] for r in rows] == [18, 32, None]
    assert rows[0][3] == pytest.approx(1_574_000 / 18) and rows[1][3] == pytest.approx(6_000_000.5 / 32)
    assert rows[2][3] is None and rows[0][4] == "Regio Een"


def test_regio_portret_puts_budget_and_partners_beside_registry_indicators(home):
    rows = {
        (r[0], r[1]): r[2:]
        for r in query(
            home,
            "SELECT schooljaar, sto_regio_id, planperiode, subsidie_per_jaar_eur, n_partners, n_techniek_lj3, "
            "techniek_aandeel_lj3, subsidie_per_jaar_per_techniekleerling_lj3, verdeling_middelen, regio_type "
            "FROM marts.regio_portret",
        )
    }
    # 2018: registry only (no plan in force yet); R1 technical lj3 10 of 30 = 33,3 %
    assert rows[(2018, "R1")][:4] == (None, None, None, 10)
    # 2020: plan 2020-2024 in force; R1 1.399.000 / 5 years = 279.800 a year; / 10 technical lj3 pupils = 27.980
    assert rows[(2020, "R1")][:4] == ("2020-2024", 279_800, 8, 10)
    assert rows[(2020, "R1")][4] == pytest.approx(100 / 3)
    assert rows[(2020, "R1")][5] == pytest.approx(27_980)
    # 2025: the first year of the next plan, no registry data yet: budget, mode and type beside NULLs
    assert rows[(2025, "R3")] == ("2025-2028", 250_000, 19, None, None, None, "verdeelsleutel", "techniekluw")
    assert len(rows) == 3 * 3  # R1-R3 x (2018, 2020, 2025)


# ----------------------------------------------------------------------------- demo calibration


def published_check(frame: pl.DataFrame) -> dict[str, float]:
    """The figures of 003 Tabel 2.1/2.2 and around them, computed from plan rows."""
    n = frame.with_columns(pl.col(HEADER[6:]).cast(pl.Int64))
    excl_po = (
        sum(n[c] for c in ("n_vmbo_vestigingen", "n_mbo_instellingen", "n_bedrijven", "n_vso_pro_vestigingen"))
        + n["n_hbo_instellingen"]
        + n["n_gemeenten"]
        + n["n_overig"]
    )
    sub = n["subsidie_eur"] / 1000
    cof = n["cofinanciering_eur"] / 1000
    share = 100 * cof / (sub + cof)
    arm = n["regio_type"] == "techniekarm"
    return {
        "regions": n.height,
        "vmbo_min": n["n_vmbo_vestigingen"].min(),
        "vmbo_max": n["n_vmbo_vestigingen"].max(),
        "vmbo_total": n["n_vmbo_vestigingen"].sum(),
        "vmbo_at_2": int((n["n_vmbo_vestigingen"] == 2).sum()),
        "mbo_classes": tuple(int((n["n_mbo_instellingen"] == k).sum()) for k in (1, 2, 3, 4)),
        "bedrijven": (n["n_bedrijven"].min(), n["n_bedrijven"].max(), n["n_bedrijven"].sum()),
        "po": (int((n["n_po_scholen"] > 0).sum()), n["n_po_scholen"].max(), n["n_po_scholen"].sum()),
        "gemeenten": (int((n["n_gemeenten"] > 0).sum()), n["n_gemeenten"].sum()),
        "partners": (excl_po.min(), excl_po.max(), excl_po.mean(), (excl_po + n["n_po_scholen"]).mean()),
        "subsidy": (sub.min(), sub.max(), sub.mean(), sub.sum()),
        "arm_share": 100 * sub.filter(arm).sum() / sub.sum(),
        "cofin": (cof.min(), cof.max(), cof.mean(), cof.sum()),
        "share": (share.mean(), 100 * cof.sum() / (sub.sum() + cof.sum()), share.max()),
        "share_classes": (int(((share >= 10) & (share <= 15)).sum()), int((share > 25).sum()), share.min()),
    }


def test_demo_reproduces_the_published_distributions_of_the_71_plans():
    k = 78
    rng = np.random.default_rng(5)
    regions = Regions(
        np.zeros(1, dtype=np.int64),
        k,
        {4, 19, 33, 52, 70},
        {10: 11, 25: 24, 40: 41, 61: 60},
        {r: f"Regio {r}" for r in range(1, k + 1)},
    )
    tech_pupils = np.concatenate([[0.0], rng.lognormal(5.7, 0.7, k)])
    rows = programme_rows(np.random.default_rng(2025), regions, tech_pupils)
    plans = pl.DataFrame(rows[2020], schema=HEADER, orient="row")
    assert plans.height == 78
    published = published_check(plans.filter(pl.col("datum_goedkeuring") <= "2020-01-31"))
    assert published["regions"] == 71
    # Tabel 2.1: vmbo 2 / 35 / 7,5 / 531 (four regions with two); mbo 29/26/9/7 regions with 1/2/3/4
    assert (published["vmbo_min"], published["vmbo_max"], published["vmbo_total"]) == (2, 35, 531)
    assert published["vmbo_at_2"] == 4
    assert published["mbo_classes"] == (29, 26, 9, 7)
    assert published["bedrijven"] == (1, 84, 922)
    assert published["po"] == (23, 26, 129) and published["gemeenten"] == (42, 118)
    # partners without po: min 8, max 108, mean 25,0 (total 1.776); with po mean 26,8 (within 3 %)
    lo, hi, mean_excl, mean_incl = published["partners"]
    assert (lo, hi) == (8, 108)
    assert mean_excl == pytest.approx(25.0, rel=0.03) and mean_incl == pytest.approx(26.8, rel=0.03)
    # Tabel 2.2 (x EUR 1.000): subsidy 1.399 / 19.130 / 4.901 / 347.983; cofinancing 175 / 3.140 / 733 / 52.022
    assert published["subsidy"][:2] == (1_399, 19_130) and published["subsidy"][3] == 347_983
    assert published["subsidy"][2] == pytest.approx(4_901, rel=0.001)
    assert published["cofin"][:2] == (175, 3_140) and published["cofin"][3] == 52_022
    assert published["arm_share"] == pytest.approx(4.0, abs=0.1)  # «vier procent» for techniekarme regio's
    # cofinancing share: «gemiddeld 13 procent» (within 3 points), 46 regions 10-15 %, five > 25 %, max 47 %
    mean_share, ratio, top = published["share"]
    assert abs(mean_share - 13) <= 3 and abs(ratio - 13) <= 3 and top == pytest.approx(47, abs=0.1)
    assert published["share_classes"][:2] == (46, 5) and published["share_classes"][2] >= 10
    # 2025-2028: 74 regions after the mergers, 5 techniekluw (<= EUR 4 mln), 28 verdeelsleutel : 20 regionaal beheer
    later = pl.DataFrame(rows[2025], schema=HEADER, orient="row")
    assert later.height == 74
    assert later["verdeling_middelen"].value_counts().sort("verdeling_middelen").rows() == [
        ("", 26),
        ("regionaal beheer", 20),
        ("verdeelsleutel", 28),
    ]
    luw = later.filter(pl.col("regio_type") == "techniekluw")
    assert luw.height == 5 and luw["subsidie_eur"].cast(pl.Int64).max() <= 4_000_000
