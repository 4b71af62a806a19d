"""The pure helpers of bench/run.py (no timings here: the benchmark itself is not a test)."""

import json
import sys
from pathlib import Path
from types import SimpleNamespace

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
    every = bench.topological_models(graph, list(graph))
    assert sorted(every) == sorted(graph)
    assert every.index("stg_x") < every.index("unrelated") and every.index("int_b") < every.index("mart")
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


def test_a_refresh_that_parses_the_dbt_project_shows_the_parse_as_its_own_phase():
    lines = [
        (2.5, "parsing the dbt project (dbt parse) ..."),
        (12.0, "ingest duo_vestigingen ..."),
        (20.0, "contract duo_vestigingen ..."),
        (21.0, "dbt build: seeds, staging, intermediate, marts and their tests ..."),
        (50.0, "anomalies: year-on-year changes ..."),
    ]
    phases = bench.phases_from_progress(lines, wall=51.0)
    # start-up 2.5; parse 2.5 -> 12 = 9.5; ingest 12 -> 20 = 8; contracts 1; dbt 29; after 50 -> 51 = 1
    assert phases == {"startup": 2.5, "parse": 9.5, "ingest": 8.0, "contracts": 1.0, "dbt": 29.0, "after_dbt": 1.0}
    assert sum(phases.values()) == 51.0  # no second of the wall time left out


def test_dbt_plan_is_the_line_that_says_what_the_build_rebuilds():
    incremental = "schooljaren 2024 (+2022, 2023 neighbours) incrementally, every other model in full, every test"
    lines = [
        (3.0, "ingest duo_vestigingen ..."),
        (12.0, "dbt build: " + incremental),
        (12.1, "dbt build: seeds, staging, intermediate, marts and their tests ..."),
    ]
    assert bench.dbt_plan(lines) == incremental
    assert bench.dbt_plan([(5.0, "dbt build skipped: the raw tables ... are exactly as after the last build")]) == (
        "skipped"
    )
    assert bench.dbt_plan([(1.5, "refresh: nothing changed: the 96 landing files are loaded as they are, ...")]) == (
        "nothing changed (no Dagster run)"
    )
    assert bench.dbt_plan(lines[2:]) == ""


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
    python = node("model.sto_monitor.int_py", ["model.sto_monitor.stg_a"])
    nodes["model.sto_monitor.int_py"] = {**python, "language": "python", "compiled_code": "def model(dbt, s): ..."}
    nodes["model.sto_monitor.indicator_values"]["depends_on"]["nodes"].append("model.sto_monitor.int_py")
    # a model the indicators do not need (a region page's mart, a coverage model): the refresh builds it too
    nodes["model.sto_monitor.coverage"] = node("model.sto_monitor.coverage", ["model.sto_monitor.stg_a"])
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"nodes": nodes}))
    statements = bench.floor_sql(path)
    assert [s[0] for s in statements] == [
        "model.sto_monitor.stg_a",
        "model.sto_monitor.coverage",
        "model.sto_monitor.int_py",
        "model.sto_monitor.indicator_values",
    ]
    assert statements[0][2].startswith('CREATE OR REPLACE VIEW "sto_monitor"."main"."stg_a" AS select 1')
    assert statements[1][2].startswith('CREATE OR REPLACE TABLE "sto_monitor"."main"."coverage"')
    assert statements[2][2] is None  # a Python model: the floor keeps dbt's table
    assert statements[3][2].startswith("CREATE OR REPLACE TABLE")


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


def test_release_phases_from_progress():
    lines = [
        (5.0, "dbt build: seeds, staging, intermediate, marts and their tests ..."),
        (30.0, "release 2025: evaluating every check ..."),
        (33.0, "release: export the marts (suppression) ..."),
        (40.0, "release: docs (dbt docs generate --static) ..."),
        (46.0, "release: report ..."),
        (47.0, "release: seal (checksums, manifest) ..."),
        (48.0, "release written: /x/releases/2025.1"),
    ]
    phases = bench.phases_from_progress(lines, wall=49.0)
    # start-up 5; dbt 5 -> 30 = 25; checks 30 -> 33 = 3; export 33 -> 40 = 7; docs 40 -> 46 = 6;
    # report 46 -> 47 = 1; seal 47 -> the end 49 = 2
    assert phases == {
        "startup": 5.0,
        "dbt": 25.0,
        "checks": 3.0,
        "export": 7.0,
        "docs": 6.0,
        "report": 1.0,
        "seal": 2.0,
    }
    # a fresh warehouse is released without a build: the checks' line also ends the start-up
    fresh = [
        (1.5, "the warehouse is as the last complete dbt build left it: publishing it without building again"),
        (2.5, "release 2025: evaluating every check ..."),
        (2.6, "  the lineage of every published cell: written meanwhile, in a process of its own ..."),
        (5.0, "release: export of the marts with disclosure control (cells to hide, attacker's audit) ..."),
        (25.5, "release: docs ..."),
        (25.5, "release: report ..."),
        (28.0, "release: seal (checksums, manifest) ..."),
    ]
    assert bench.phases_from_progress(fresh, wall=29.0) == {
        "startup": 2.5,
        "checks": 2.5,
        "export": 20.5,
        "docs": 0.0,
        "report": 2.5,
        "seal": 1.0,
    }


def test_ingest_floor_plan_reads_every_visible_file_with_its_encoding(tmp_path):
    (tmp_path / "duo" / ".partial").mkdir(parents=True)
    (tmp_path / "duo" / "01.-leerlingen-2019.csv").write_bytes("A;B\nCAF\xc9;1\n".encode("cp1252"))
    (tmp_path / "duo" / "new-2020.csv").write_text('"A";"B"\r\n"é";"1"\r\n', encoding="utf-8")
    (tmp_path / "duo" / ".partial" / "x.csv.part").write_text("half")
    (tmp_path / "micro").mkdir()
    (tmp_path / "micro" / "vo-2019.parquet").write_bytes(b"PAR1")
    plan = bench.ingest_floor_plan(tmp_path)
    assert [(t, p.name) for t, p, _r in plan] == [
        ("duo__01_leerlingen_2019", "01.-leerlingen-2019.csv"),
        ("duo__new_2020", "new-2020.csv"),
        ("micro__vo_2019", "vo-2019.parquet"),
    ]
    readers = [r for _t, _p, r in plan]
    # 0xC9 alone is not UTF-8: the legacy file is read as Latin-1; the quoted one as UTF-8
    assert "encoding = 'latin-1'" in readers[0] and "all_varchar = true" in readers[0]
    assert "encoding = 'utf-8'" in readers[1]
    assert readers[2] == "read_parquet(?)"


def test_ingest_floor_plan_runs_in_duckdb(tmp_path):
    import duckdb

    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a-2019.csv").write_bytes("X;Y\nB\xc9;007\nC;2\n".encode("cp1252"))
    con = duckdb.connect()
    for table, path, reader in bench.ingest_floor_plan(tmp_path):
        con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM {reader}', [str(path)])
    # every column as text: '007' keeps its zeros; 0xC9 in Windows-1252 and Latin-1 is 'É'
    assert con.execute("SELECT * FROM src__a_2019 ORDER BY 1").fetchall() == [("BÉ", "007"), ("C", "2")]


def test_targets_met_and_not_met():
    summary = {
        ("full", 1.0): 30.0,
        ("incremental", 1.0): 20.0,
        ("nochange", 1.0): 4.0,
        ("release", 1.0): 31.0,
        ("release_first", 1.0): 120.0,
        ("floor", 1.0): 8.0,
        ("floor_ingest", 1.0): 2.0,
        ("full", 25.0): 900.0,
    }
    lines = bench.target_lines(summary, {1.0: 900.0, 5.0: 2500.0}, [], [1.0, 5.0, 25.0])
    text = "\n".join(lines)
    # floor 8 + 2 = 10 s: full 30 / 10 = 3.0 (<= 3 met), one new year 20 / 10 = 2.0 (> 1.5 not met)
    assert "full refresh ≤ 3 × the floor: 30.0 s / 10.0 s = 3.0× **met**" in text
    assert "one new schooljaar ≤ 1.5 × the floor: 20.0 s / 10.0 s = 2.0× **not met**" in text
    assert "no-change refresh ≤ 5 s: 4.0 s **met**" in text
    assert "release after one new schooljaar ≤ 30 s: 31.0 s **not met**" in text
    assert "the first release, with no earlier release whose pattern it could keep: 120.0 s" in text
    assert "(summed PSS) at scale 1 ≤ 1,000 MB: 900 MB **met**" in text
    assert "(summed PSS) at scale 5 ≤ 2,000 MB: 2,500 MB **not met**" in text
    assert "scale 25 completes: **met**" in text
    failed = bench.target_lines({}, {}, [("full", 25.0)], [1.0, 25.0])
    assert failed == ["- scale 25 completes: **not met** (failed: full)"]


def test_a_steps_memory_is_its_own_not_the_benchmarks(tmp_path: Path) -> None:
    """A small step started while the benchmark holds 400 MB is measured as small (wait4's ru_maxrss would
    report the benchmark's 400 MB: Linux carries the peak RSS over fork and exec)."""
    held = bytearray(400 * 10**6)
    held[::4096] = b"\1" * len(held[::4096])  # touch every page: resident
    argv = [sys.executable, "-c", "import time; x = bytearray(50 * 10**6); time.sleep(2)"]  # PSS: every 1 s
    m = bench.run_measured("demo", 1.0, 0, argv, {}, tmp_path / "step.log", echo=False)
    assert m.returncode == 0
    assert 50 <= m.max_rss_mb < 150 and 50 <= m.tree_rss_mb < 150, (m.max_rss_mb, m.tree_rss_mb)
    assert 50 <= m.tree_pss_mb <= m.tree_rss_mb, (m.tree_pss_mb, m.tree_rss_mb)
    del held


def test_pages_a_forked_worker_shares_count_once_in_the_trees_pss(tmp_path: Path) -> None:
    """A step that forks a worker after touching 300 MB: both processes hold the same 300 MB (copy on write),
    so the summed RSS counts them twice and the summed PSS, the memory the tree occupies, once."""
    script = (
        "import os, time\n"
        "x = bytearray(300 * 10**6)\n"
        "x[::4096] = b'\\1' * len(x[::4096])\n"
        "pid = os.fork()\n"
        "time.sleep(2.5)\n"  # the PSS is read every 1 s
        "if pid == 0:\n"
        "    os._exit(0)\n"
        "os.waitpid(pid, 0)\n"
    )
    m = bench.run_measured("demo", 1.0, 0, [sys.executable, "-c", script], {}, tmp_path / "step.log", echo=False)
    assert m.returncode == 0
    assert 600 <= m.tree_rss_mb < 800, m.tree_rss_mb  # 2 x 300 MB and two interpreters
    assert 300 <= m.tree_pss_mb < 450, m.tree_pss_mb  # the 300 MB once
    assert 300 <= m.max_rss_mb < 450, m.max_rss_mb


def test_scale_25_gives_dbt_more_memory_unless_the_environment_says_otherwise(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("STO_DUCKDB_MEMORY_LIMIT", raising=False)
    assert "STO_DUCKDB_MEMORY_LIMIT" not in bench.env_for(tmp_path, 5.0)
    assert bench.env_for(tmp_path, 25.0)["STO_DUCKDB_MEMORY_LIMIT"] == "4GB"
    monkeypatch.setenv("STO_DUCKDB_MEMORY_LIMIT", "6GB")
    assert bench.env_for(tmp_path, 25.0)["STO_DUCKDB_MEMORY_LIMIT"] == "6GB"


def _run_data(results: list[dict]) -> dict:
    return {
        "finished": "2026-12-05 13:00",
        "command": "bench/run.py --scales 1",
        "duration_s": 60.0,
        "load_start": 0.1,
        "load_end": 0.2,
        "machine": {"cores": 2, "platform": "Linux", "python": "3.11"},
        "versions": {},
        "scales": [1.0],
        "results": results,
    }


def test_the_memory_target_is_judged_on_the_summed_pss_and_on_the_rss_for_older_runs() -> None:
    step = {"step": "full", "scale": 1.0, "rep": 0, "wall_s": 60.0, "cpu_s": 80.0, "max_rss_mb": 700.0}
    step |= {"tree_rss_mb": 1500.0, "load_before": 0.1, "load_after": 0.2}
    text = bench.render(_run_data([step | {"tree_pss_mb": 950.0}]))
    assert "| full | 1 | 1 | 60.0 (60.0–60.0) | 80.0 | 950 | 1,500 | 700 |" in text
    assert "- peak memory of the process tree (summed PSS) at scale 1 ≤ 1,000 MB: 950 MB **met**" in text
    # a step too short for a sample (none of its memory measured) leaves the run judged on the PSS
    short = step | {"step": "nochange", "wall_s": 0.1, "tree_rss_mb": 0.0, "max_rss_mb": 0.0}
    assert "(summed PSS) at scale 1 ≤ 1,000 MB: 950 MB" in bench.render(
        _run_data([step | {"tree_pss_mb": 950.0}, short])
    )
    older = bench.render(_run_data([step]))  # a JSON file of a run that sampled the RSS only
    assert "| full | 1 | 1 | 60.0 (60.0–60.0) | 80.0 | – | 1,500 | 700 |" in older
    assert "- peak memory of the process tree (summed RSS) at scale 1 ≤ 1,000 MB: 1,500 MB **not met**" in older


def test_a_first_release_at_scale_5_counts_for_the_memory_target_and_is_left_out_of_the_plan_at_scale_25() -> None:
    full = {"step": "full", "scale": 5.0, "rep": 1, "wall_s": 150.0, "cpu_s": 200.0, "max_rss_mb": 700.0}
    full |= {"tree_rss_mb": 1200.0, "tree_pss_mb": 1000.0, "load_before": 0.1, "load_after": 0.2}
    release = full | {"step": "release_full", "wall_s": 250.0, "tree_pss_mb": 2100.0, "tree_rss_mb": 2600.0}
    text = bench.render(_run_data([full, release]) | {"scales": [5.0]})
    assert "| first release (2015-2024, after the full refresh) | 5 | 1 | 250.0 (250.0–250.0) |" in text
    assert "(summed PSS) at scale 5 ≤ 2,000 MB: 2,100 MB **not met**" in text
    args = SimpleNamespace(
        scales="1,5,25", steps="full", large_steps="full,release_full,floor", repeat=2, large_repeat=1
    )
    _, steps_for, _ = bench.plan(args)
    assert steps_for == {1.0: ["full"], 5.0: ["full", "release_full", "floor"], 25.0: ["full", "floor"]}
