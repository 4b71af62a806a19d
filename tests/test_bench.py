"""The pure helpers of bench/run.py (no timings here: the benchmark itself is not a test)."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import run as bench  # noqa: E402


def test_summarise_median_and_spread():
    s = bench.summarise([12.0, 10.0, 14.0])
    # sorted 10, 12, 14 -> median 12; range 14 - 10 = 4 -> 4 / 12 = 33.3 %
    assert (s["n"], s["median"], s["min"], s["max"]) == (3, 12.0, 10.0, 14.0)
    assert s["spread_pct"] == pytest.approx(100 * 4 / 12)
    # an even count: the median is the mean of the middle two (10 + 20) / 2 = 15
    assert bench.summarise([30.0, 10.0, 20.0, 5.0])["median"] == 15.0
    assert bench.summarise([])["median"] is None


def test_topological_order_dependencies_first_and_only_upstream():
    graph = {
        "mart": ["int_b", "int_a"],
        "int_a": ["stg_x"],
        "int_b": ["stg_x", "stg_y"],
        "stg_x": [],
        "stg_y": ["seed_or_source"],  # not a model in the graph: ignored
        "unrelated": ["stg_x"],
    }
    order = bench.topological_models(graph, "mart")
    assert order == ["stg_x", "int_a", "stg_y", "int_b", "mart"]
    assert "unrelated" not in order
    with pytest.raises(ValueError, match="cycle"):
        bench.topological_models({"a": ["b"], "b": ["a"]}, "a")


def test_ratio_beyond_startup():
    # (100 - 10) / (28 - 10) = 90 / 18 = 5.0
    assert bench.ratio_beyond_startup(100.0, 28.0, 10.0) == pytest.approx(5.0)
    assert bench.ratio_beyond_startup(100.0, 10.0, 10.0) is None


def test_phases_from_progress_split_the_wall_time():
    lines = [
        (3.0, "ingest duo_vestigingen ..."),
        (4.0, "  loaded ..."),
        (10.0, "contract duo_vestigingen ..."),
        (12.0, "dbt build: seeds, staging, intermediate, marts and their tests ..."),
        (40.0, "anomalies: year-on-year changes ..."),
    ]
    phases = bench.phases_from_progress(lines, wall=45.0)
    # start-up 3; ingest 3 -> 10 = 7; contracts 10 -> 12 = 2; dbt 12 -> 40 = 28; after 40 -> 45 = 5
    assert phases == {"startup": 3.0, "ingest": 7.0, "contracts": 2.0, "dbt": 28.0, "after_dbt": 5.0}


def test_floor_sql_from_a_manifest(tmp_path):
    def node(uid, deps, materialized="table"):
        name = uid.split(".")[-1]
        return {
            "depends_on": {"nodes": deps},
            "relation_name": f'"sto_monitor"."main"."{name}"',
            "config": {"materialized": materialized},
            "compiled_code": f"select 1 as {name}",
        }

    nodes = {
        "model.sto_monitor.stg_a": node("model.sto_monitor.stg_a", ["source.sto_monitor.raw.a"], "view"),
        "model.sto_monitor.indicator_values": node("model.sto_monitor.indicator_values", ["model.sto_monitor.stg_a"]),
        "test.sto_monitor.t": {"depends_on": {"nodes": []}},
    }
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"nodes": nodes}))
    statements = bench.floor_sql(path)
    assert [s[0] for s in statements] == ["model.sto_monitor.stg_a", "model.sto_monitor.indicator_values"]
    assert statements[0][2].startswith('CREATE OR REPLACE VIEW "sto_monitor"."main"."stg_a" AS select 1')
    assert statements[1][2].startswith("CREATE OR REPLACE TABLE")


def test_land_new_year_adds_only_the_missing_files(tmp_path):
    full, landing = tmp_path / "all", tmp_path / "landing"
    for rel in (
        "exams/kandidaten-2019-2025.csv",
        "exams/old-2015-2016.csv",
        "vo/vo-2023.parquet",
        "vo/vo-2024.parquet",
    ):
        (full / rel).parent.mkdir(parents=True, exist_ok=True)
        (full / rel).write_text(rel)
    for rel in ("exams/kandidaten-2019-2024.csv", "exams/old-2015-2016.csv", "vo/vo-2023.parquet"):
        (landing / rel).parent.mkdir(parents=True, exist_ok=True)
        (landing / rel).write_text(rel)
    added = bench.land_new_year(full, landing)
    # the newer multi-year edition lands beside the older one, as DUO publishes it; present files stay
    assert added == ["exams/kandidaten-2019-2025.csv", "vo/vo-2024.parquet"]
    assert sorted(p.name for p in (landing / "exams").iterdir()) == [
        "kandidaten-2019-2024.csv",
        "kandidaten-2019-2025.csv",
        "old-2015-2016.csv",
    ]
    assert (landing / "exams/kandidaten-2019-2024.csv").read_text() == "exams/kandidaten-2019-2024.csv"
    assert sorted(p.name for p in (landing / "vo").iterdir()) == ["vo-2023.parquet", "vo-2024.parquet"]
    assert (landing / "vo/vo-2023.parquet").read_text() == "vo/vo-2023.parquet"


def test_estimate_is_positive_and_grows_with_repetitions():
    one = bench.estimate_seconds([1.0], {1.0: ["full"]}, {1.0: 1})
    three = bench.estimate_seconds([1.0], {1.0: ["full"]}, {1.0: 3})
    assert 0 < one < three
