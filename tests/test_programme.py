"""Programme administration (indicators.md §1 H, docs/programme_admin.md): the reader of landing/sto_programma,
the catalog entries of H1-H5, and the demo's calibration on the published distributions of the 71 approved
plans (003 Tabel 2.1/2.2). The SQL of H1-H5 and of the marts programma_regio and regio_portret is unit-tested
in dbt (models/intermediate/programme/_int_programme__unit_tests.yml, models/marts/programme/
_marts_programme__unit_tests.yml)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
import yaml

from ingest.demo.programme import HEADER, programme_rows
from ingest.demo.reference import Regions
from ingest.errors import InputFileError
from ingest.paths import DBT_PROJECT_DIR
from ingest.sources import SOURCES
from orchestration.disclosure.catalog import DECLARATIONS

MAPPING = """sto_regio_id;regio_naam;techniekluw;brin;vestigingsnummer;geldig_van;geldig_tot
R1;Regio Een;N;10AA;00;2018-08-01;
R2;Regio Twee;N;20BB;00;2018-08-01;
R2;Regio Twee;N;30CC;00;2018-08-01;
R3;Regio Drie;J;40DD;00;2018-08-01;
"""
P_HEADER = ";".join(HEADER)
INDICATOR_PARTS = DBT_PROJECT_DIR / "models" / "intermediate" / "_int_indicator_values__models.yml"

# 2020-2024: R1 po not specified, R2 with a decimal comma, R3 techniekarm.
PLAN_2020 = f"""{P_HEADER}
R1;Regio Een;2020-2024;2019-07-01;techniekregio;;2;1;5;;0;0;0;0;1399000;175000
R2;Regio Twee;2020-2024;2020-01-15;techniekregio;;12;3;40;4;2;1;3;;4800000,50;1200000
R3;Regio Drie;2020-2024;2020-06-01;techniekarm;;3;2;10;;1;;2;1;1000000.00;150000
"""


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


# ----------------------------------------------------------------------------- catalog


def test_catalog_holds_h1_to_h5_without_suppression():
    # marts.indicator_catalog is built from these meta.indicators entries (macro indicator_catalog_rows);
    # what each figure counts for disclosure control is declared in orchestration/disclosure/declarations.yml
    models = yaml.safe_load(INDICATOR_PARTS.read_text(encoding="utf-8"))["models"]
    part = next(m for m in models if m["name"] == "int_indicator_values__programme")
    disclosure = yaml.safe_load(DECLARATIONS.read_text(encoding="utf-8"))["indicators"]
    entries = {i["id"]: (i["section"], disclosure[i["id"]]) for i in part["config"]["meta"]["indicators"]}
    assert entries == {
        "region_partner_counts": ("H1", "none"),
        "region_subsidy_amount": ("H2", "none"),
        "region_cofinancing_amount": ("H2", "none"),
        "region_cofinancing_share": ("H2", "none"),
        "budget_allocation_mode": ("H3", "none"),
        "region_type": ("H4", "none"),
        "sto_programme_totals": ("H5", "none"),
    }


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
