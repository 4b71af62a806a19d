"""An incremental refresh by schooljaar gives exactly the marts of a full rebuild from the same landing zone
(orchestration/incremental.py, docs/operations.md "What a refresh rebuilds").

One tiny demo warehouse (scale 0.05, schooljaren 2020-2023) is refreshed in full, then changed twice,
each followed by an ordinary (incremental) refresh: (a) the files of a new schooljaar land, (b) an old
schooljaar is delivered again with other content, another schooljaar's file is deleted and its partition
withdrawn from raw, and a survey is delivered again with one respondent less. Each refresh leaves out the
models and tests that no changed raw table feeds, and the ingest and contract steps of the sources without a
new file. After each, a copy of the warehouse is rebuilt with `refresh --full`, and the marts of the two must
be identical (bench/marts_equal.py: same tables, columns, types and rows; floats to 1e-9), and so must the
intermediate tables, which include the incremental models that no mart reads (the source-row counts of
`sto-monitor trace`, the coverage models of the check rows_not_counted), and so must the recorded outcome of
every dbt test. The second full rebuild runs out of a small default cap of DuckDB's memory (a test hook),
so it also proves that the nodes a dbt build retries with the larger cap give the same. The planning
itself (which schooljaren of which model, which nodes are left out) is covered without a warehouse below.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from ingest.ledger import Attempt, record_failure
from ingest.paths import DBT_PROJECT_DIR, StoHome
from ingest.testhooks import MB_PER_THREAD_ENV
from orchestration import build_state
from orchestration.column_lineage import mart_names
from orchestration.dbt_manifest import read_manifest
from orchestration.incremental import (
    DbtGraph,
    IncrementalModel,
    incremental_models,
    mark_pending,
    plan_build,
    read_pending,
    request_full_build,
)
from orchestration.unchanged import nothing_to_refresh, scan
from orchestration.warehouse import duckdb_threads, memory_limit_for, retry_memory_limit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from marts_equal import compare_folders, export_marts  # noqa: E402

CLI = [sys.executable, "-m", "orchestration.cli"]


def env_for(home: Path) -> dict[str, str]:
    env = {**os.environ, "STO_HOME": str(home), "DAGSTER_HOME": str(home / "dagster_home")}
    env.pop("STO_DUCKDB_PATH", None)
    return env


def plan_lines(err: str) -> str:
    return "\n".join(line for line in err.splitlines() if line.startswith("dbt build"))


def sto(home: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [*CLI, *args], capture_output=True, text=True, env={**env_for(home), **(env or {})}, timeout=1800
    )
    assert done.returncode == 0, f"sto-monitor {' '.join(args)}:\n{done.stderr[-3000:]}"
    return done.stderr


def assert_equal_to_full_rebuild(home: Path, work: Path, step: str, out_of_memory: bool = False) -> None:
    """Rebuild a copy of `home` with `refresh --full` and compare the marts and intermediate tables of both.
    `out_of_memory`: with a default cap of DuckDB's memory that the rebuild's dbt build runs out of (test
    hook, ingest/testhooks.py), so that it builds the nodes that failed once more with the larger cap."""
    copy = work / f"full_{step}"
    shutil.copytree(home, copy, ignore=shutil.ignore_patterns("logs", "dagster_home", "*.lock"))
    small_cap = {MB_PER_THREAD_ENV: "12"} if out_of_memory else {}
    err = sto(copy, "refresh", "--full", env=small_cap)
    assert "every model over every schooljaar (refresh --full)" in err
    retried = re.findall(r"^DuckDB ran out of its (\d+MB) cap in .*once more with (\d+MB) \.\.\.$", err, re.M)
    assert retried == ([(memory_limit_for(duckdb_threads(), 12), retry_memory_limit())] if out_of_memory else [])
    # the tests a refresh left out keep their outcomes of the last complete build: every test is recorded
    recorded = build_state.recorded_check_outcomes(StoHome(home))
    assert recorded == build_state.recorded_check_outcomes(StoHome(copy)) and len(recorded) > 100, step
    # ... and every mart's column lineage, which a release writes as lineage/columns.json
    lineage = build_state.recorded_mart_columns(StoHome(home))
    assert lineage == build_state.recorded_mart_columns(StoHome(copy)), step
    assert set(lineage) == mart_names(read_manifest()) and len(lineage) > 30, step
    for schema in ("marts", "intermediate"):
        incremental, full = work / f"{schema}_incremental_{step}", work / f"{schema}_full_{step}"
        export_marts(home / "sto_monitor.duckdb", incremental, schema)
        export_marts(copy / "sto_monitor.duckdb", full, schema)
        assert compare_folders(incremental, full) == [], (step, schema)
    shutil.rmtree(copy)


def _append_to_a_landing_file(home: Path) -> None:
    path = next(p for p in sorted((home / "landing").rglob("*.csv")))
    assert path.parent.name == "cbs_lesgevenden_opleiding"  # the source CHANGES expects
    path.write_bytes(path.read_bytes() + b"\n")


def _land_a_copy_of_a_file(home: Path) -> None:
    path = next(p for p in sorted((home / "landing" / "duo_inschrijvingen_vo").glob("*.parquet")))
    shutil.copyfile(path, path.with_name("again-" + path.name))


def duckdb_rows(home: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(home / "sto_monitor.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _in_warehouse(sql: str):
    def change(home: Path) -> None:
        con = duckdb.connect(str(home / "sto_monitor.duckdb"))
        try:
            con.execute(sql)
        finally:
            con.close()

    return change


EVERY_SOURCE_LOADED = object()  # every source with rows in raw
# each change, and the sources whose ingest and contract steps the refresh then runs (the others are left out)
CHANGES = {
    "a landing file changed": (_append_to_a_landing_file, {"cbs_lesgevenden_opleiding"}),
    "a new landing file": (_land_a_copy_of_a_file, {"duo_inschrijvingen_vo"}),
    "a full build requested": (lambda home: request_full_build(StoHome(home), "test"), set()),
    "a raw row changed by hand": (
        _in_warehouse("UPDATE raw.duo_vestigingen SET plaatsnaam = 'X' WHERE _source_row = 2"),
        {"duo_vestigingen"},  # the ledger no longer vouches for its contract
    ),
    "a contract outcome not recorded": (
        _in_warehouse("UPDATE raw._loads SET contract_key = NULL"),
        EVERY_SOURCE_LOADED,
    ),
    "a mart changed by hand": (
        _in_warehouse(
            "DELETE FROM marts.indicator_values "
            "WHERE indicator_id = (SELECT min(indicator_id) FROM marts.indicator_values)"
        ),
        set(),
    ),
}


def assert_nothing_to_refresh_until_something_changes(home: Path, work: Path) -> None:
    """A refresh right after a complete one starts no Dagster run (orchestration/unchanged.py); on a copy of
    the warehouse, each kind of change (and a changed dbt project) makes a refresh run the job again."""
    err = sto(home, "refresh")
    assert "refresh: nothing changed: the " in err and "ingest " not in err, err[-2000:]
    assert nothing_to_refresh(StoHome(home)) is not None
    loaded = {table for (table,) in duckdb_rows(home, "SELECT DISTINCT source FROM raw._loads")}
    assert len(loaded) > 20
    for what, (change, sources) in CHANGES.items():
        copy = work / "changed"
        shutil.copytree(home, copy, ignore=shutil.ignore_patterns("logs", "dagster_home", "*.lock"))
        change(copy)
        found = scan(StoHome(copy))
        assert found.nothing_changed is None, what
        assert found.sources == (loaded if sources is EVERY_SOURCE_LOADED else sources), what
        shutil.rmtree(copy)
    # a failed load attempt (a file that was refused, then taken out of landing) adds a ledger row and changes
    # nothing a dbt build reads
    copy = work / "failed-attempt"
    shutil.copytree(home, copy, ignore=shutil.ignore_patterns("logs", "dagster_home", "*.lock"))
    con = duckdb.connect(str(copy / "sto_monitor.duckdb"))
    try:
        attempt = Attempt("failedattempt001", "duo_inschrijvingen_vo", "refused.csv", "0" * 64, 1, datetime(2026, 1, 1))
        record_failure(con, attempt, "refused.csv, line 2, column leerjaar: not a leerjaar")
    finally:
        con.close()
    assert nothing_to_refresh(StoHome(copy)) is not None
    shutil.rmtree(copy)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build_state, "project_fingerprint", lambda: "another dbt project")
        assert nothing_to_refresh(StoHome(home)) is None, "the dbt project changed"


@pytest.mark.e2e
def test_incremental_refresh_gives_the_marts_of_a_full_rebuild(tmp_path: Path):
    home, generated = tmp_path / "sto_home", tmp_path / "generated"
    sto(generated, "demo", "--scale", "0.05", "--years", "2020-2024")
    sto(home, "demo", "--scale", "0.05", "--years", "2020-2023")  # byte-identical to the files above
    err = sto(home, "refresh")
    assert "dbt build: every model over every schooljaar (no complete build recorded)" in err

    # (a) a new schooljaar lands: every file the five-year landing zone has and this one lacks (the multi-year
    # exam and teacher files' newer editions land beside the older ones, as in bench/run.py)
    for src in sorted(p for p in (generated / "landing").rglob("*") if p.is_file()):
        dst = home / "landing" / src.relative_to(generated / "landing")
        if not dst.exists():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
    err = sto(home, "refresh")
    assert "dbt build: schooljaren 2024 (+2022, 2023 neighbours) incrementally" in err, plan_lines(err)
    assert "that no changed raw table feeds left as built" in err, plan_lines(err)  # the reference lists' models
    assert_equal_to_full_rebuild(home, tmp_path, "a")
    assert_nothing_to_refresh_until_something_changes(home, tmp_path)  # the incremental build was recorded

    # (b) in one delivery, an old schooljaar delivered again with other content (a tenth of the 2021 vo
    # enrolments left out) and another withdrawn: its file deleted from landing and its partition from raw
    # (a deleted landing file alone leaves its rows in raw: docs/indicators_def.md)
    vo_2021 = home / "landing" / "duo_inschrijvingen_vo" / "inschrijvingen-vo-2021.parquet"
    frame = pl.read_parquet(vo_2021)
    frame.filter(pl.int_range(pl.len()) % 10 != 3).write_parquet(vo_2021)
    (home / "landing" / "duo_inschrijvingen_mbo" / "inschrijvingen-mbo-2022.parquet").unlink()
    con = duckdb.connect(str(home / "sto_monitor.duckdb"))
    try:
        con.execute("DELETE FROM raw.duo_inschrijvingen_mbo WHERE _schooljaar = 2022")
    finally:
        con.close()
    # and a survey delivered again without its last respondent: the survey's models are built again, those
    # of the raw tables that did not change (teachers, hbo, programme, the other surveys) are left as built
    survey = home / "landing" / "enquete_lesgevenden" / "enquete-lesgevenden-2025.csv"
    lines = survey.read_text(encoding="utf-8").splitlines(keepends=True)
    last_respondent = lines[-1].split(";", 1)[0]
    survey.write_text("".join(line for line in lines if not line.startswith(last_respondent + ";")), encoding="utf-8")
    err = sto(home, "refresh")
    # lj4 models read t+1 and uitval/switch t+2: 2020 for both changes (2019 is not in the warehouse); the
    # coverage of the vo and mbo enrolments reads back to t-2: 2023 and 2024
    assert "dbt build: schooljaren 2021, 2022 (+2020, 2023, 2024 neighbours) incrementally" in err, plan_lines(err)
    assert "that no changed raw table feeds left as built" in err, plan_lines(err)
    assert "  built staging.stg_survey__lesgevenden" in err and "  built staging.stg_ipto__lesgevenden" not in err
    # the sources with a changed file are loaded and checked; those without are left out of the run
    assert "contract enquete_lesgevenden ..." in err and "contract duo_inschrijvingen_mbo ..." in err
    assert "ingest ipto_lesgevenden ..." not in err and "contract ipto_lesgevenden ..." not in err
    # this rebuild runs out of a small cap and is retried: the result is still that of the incremental refresh
    assert_equal_to_full_rebuild(home, tmp_path, "b", out_of_memory=True)


# ---------------------------------------------------------------- the plan, without a warehouse

VO, MBO = "duo_inschrijvingen_vo", "duo_inschrijvingen_mbo"
MODELS = {
    "lj3": IncrementalModel("lj3", (0, 0), frozenset({VO, "pc4"})),
    "lj4": IncrementalModel("lj4", (0, 1), frozenset({VO, MBO})),
    "uitval": IncrementalModel("uitval", (0, 2), frozenset({VO, MBO})),
}


def state(project: str = "p1", **tables: dict) -> dict:
    return {"project": project, "raw_schooljaren": tables}


LAST = state(
    duo_inschrijvingen_vo={"2021": [10, "1"], "2022": [10, "2"], "2023": [10, "3"]},
    duo_inschrijvingen_mbo={"2022": [5, "4"], "2023": [5, "5"]},
    pc4={"null": [100, "6"]},
    duo_hbo_eerstejaars={"null": [7, "7"]},
)


def test_a_new_schooljaar_rebuilds_it_and_the_years_that_read_it():
    now = state(**{**LAST["raw_schooljaren"], VO: {**LAST["raw_schooljaren"][VO], "2024": [10, "8"]}})
    plan = plan_build(LAST, now, MODELS)
    assert not plan.full
    assert plan.changed == {VO: [2024]}
    assert plan.models == {"lj3": [2024], "lj4": [2023, 2024], "uitval": [2022, 2023, 2024]}
    assert plan.describe().startswith("dbt build: schooljaren 2024 (+2022, 2023 neighbours) incrementally")
    assert plan.env() == {
        "STO_SCHOOLJAREN_TO_REBUILD": '{"lj3": [2024], "lj4": [2023, 2024], "uitval": [2022, 2023, 2024]}'
    }


def test_a_changed_and_a_vanished_schooljaar_are_both_rebuilt():
    raw = dict(LAST["raw_schooljaren"])
    raw[VO] = {"2021": [10, "1"], "2022": [9, "2b"], "2023": [10, "3"]}
    raw[MBO] = {"2022": [5, "4"]}  # 2023 is gone
    plan = plan_build(LAST, state(**raw), MODELS)
    assert plan.changed == {VO: [2022], MBO: [2023]}
    # 2020 would read 2022 (uitval), but no raw table of the model holds 2020: it has no rows to rebuild
    assert plan.models == {"lj3": [2022], "lj4": [2021, 2022, 2023], "uitval": [2021, 2022, 2023]}


def test_a_changed_table_without_schooljaren_rebuilds_every_schooljaar_of_the_models_that_read_it():
    raw = {**LAST["raw_schooljaren"], "pc4": {"null": [101, "6b"]}, "duo_hbo_eerstejaars": {"null": [8, "7b"]}}
    plan = plan_build(LAST, state(**raw), MODELS)
    assert not plan.full
    assert plan.models == {"lj3": None, "lj4": [], "uitval": []}  # hbo feeds no incremental model
    assert plan.whole_tables == ["pc4"]
    assert "every schooljaar of lj3 (raw pc4 changed" in plan.describe()
    assert plan.env() == {"STO_SCHOOLJAREN_TO_REBUILD": '{"lj4": [], "uitval": []}'}  # lj3 absent: all


@pytest.mark.parametrize(
    ("last", "now", "pending", "reason"),
    [
        (None, LAST, None, "no complete build recorded"),
        ({"project": "p1", "raw": {}}, LAST, None, "no complete build recorded"),  # recorded before this existed
        (LAST, state("p2", **LAST["raw_schooljaren"]), None, "the dbt project changed"),
        (LAST, LAST, {"full": True, "reason": "refresh --full"}, "refresh --full"),
    ],
)
def test_a_full_build_when_it_cannot_be_incremental(last, now, pending, reason):
    plan = plan_build(last, now, MODELS, pending)
    assert plan.full and plan.reason == reason
    assert plan.env() == {}
    assert plan.describe() == f"dbt build: every model over every schooljaar ({reason})"


def test_a_build_that_did_not_finish_is_rebuilt_by_the_next(tmp_path: Path, monkeypatch):
    from ingest.paths import StoHome

    monkeypatch.setenv("STO_HOME", str(tmp_path))
    home = StoHome.from_env()
    changed = state(**{**LAST["raw_schooljaren"], VO: {**LAST["raw_schooljaren"][VO], "2024": [10, "8"]}})
    mark_pending(home, plan_build(LAST, changed, MODELS))  # it started, then failed (a test, a kill)
    # the 2024 file is withdrawn again: raw is as after the last complete build, but the failed build's years
    # may hold rows computed from the withdrawn file
    plan = plan_build(LAST, LAST, MODELS, read_pending(home))
    assert plan.models == {"lj3": [2024], "lj4": [2023, 2024], "uitval": [2022, 2023, 2024]}
    mark_pending(home, None)  # a build of a subset of the models: only a full build is safe afterwards
    assert plan_build(LAST, LAST, MODELS, read_pending(home)).full


def test_the_recorded_build_is_planned_from_whatever_its_warnings():
    # record_build_state keeps every complete build (a blocking failure raises before it); its warnings are in
    # the record's "checks", not in the state the next build plans from
    assert not plan_build(LAST, LAST, MODELS).full
    assert not any(plan_build(LAST, LAST, MODELS).models.values())


# ---------------------------------------------------------------- what a refresh leaves out

SURVEY = "enquete_lesgevenden"


def _node(unique_id: str, *deps: str, fqn: tuple[str, ...] | None = None) -> dict:
    kind, _project, name = unique_id.split(".")[:3]
    return {"resource_type": kind, "fqn": list(fqn or ("sto", name)), "depends_on": {"nodes": list(deps)}}


MANIFEST = {
    "sources": {
        "source.sto.duo.vo": {"name": "vo", "identifier": VO},
        "source.sto.survey.lg": {"name": "lg", "identifier": SURVEY},
        "source.sto.geo.pc4": {"name": "pc4"},  # no identifier: the table is the source's name
    },
    "nodes": {
        "model.sto.stg_vo": _node("model.sto.stg_vo", "source.sto.duo.vo"),
        "model.sto.stg_lg": _node("model.sto.stg_lg", "source.sto.survey.lg"),
        "model.sto.stg_pc4": _node("model.sto.stg_pc4", "source.sto.geo.pc4"),
        "seed.sto.profielen": _node("seed.sto.profielen"),
        "model.sto.int_both": _node("model.sto.int_both", "model.sto.stg_vo", "model.sto.stg_lg", "seed.sto.profielen"),
        "model.sto.survey_mart": _node("model.sto.survey_mart", "model.sto.stg_lg"),
        "test.sto.checks_stg_vo.1a": _node("test.sto.checks_stg_vo.1a", "model.sto.stg_vo"),
        "test.sto.checks_survey_mart.2b": _node("test.sto.checks_survey_mart.2b", "model.sto.survey_mart"),
        # a relationships test between a mart the survey feeds and a model it does not
        "test.sto.rel_survey_mart_stg_vo.3c": _node(
            "test.sto.rel_survey_mart_stg_vo.3c", "model.sto.survey_mart", "model.sto.stg_vo"
        ),
        "operation.sto.sto-on-run-start-0": _node("operation.sto.sto-on-run-start-0"),
    },
}
GRAPH = DbtGraph.from_manifest(MANIFEST)


def test_the_nodes_a_changed_raw_table_does_not_feed_are_those_without_it_upstream():
    assert GRAPH.raw_tables["model.sto.int_both"] == {VO, SURVEY}
    assert GRAPH.raw_tables["model.sto.stg_pc4"] == {"pc4"}
    assert GRAPH.raw_tables["seed.sto.profielen"] == frozenset()  # a seed changes only with the project
    assert "operation.sto.sto-on-run-start-0" not in GRAPH.raw_tables  # a hook always runs
    assert GRAPH.not_fed_by({SURVEY}) == [
        "model.sto.stg_pc4",
        "model.sto.stg_vo",
        "seed.sto.profielen",
        "test.sto.checks_stg_vo.1a",
    ]
    assert GRAPH.not_fed_by({VO, SURVEY, "pc4"}) == ["seed.sto.profielen"]
    assert GRAPH.selectors["test.sto.checks_stg_vo.1a"] == "fqn:sto.checks_stg_vo"


def test_a_node_whose_fqn_begins_another_ones_is_never_left_out():
    # dbt's fqn method would also select every node under it: leaving it out could leave out a fed node
    manifest = {
        "sources": MANIFEST["sources"],
        "nodes": {
            "model.sto.survey": _node("model.sto.survey", "source.sto.duo.vo", fqn=("sto", "survey")),
            "model.sto.answers": _node("model.sto.answers", "source.sto.survey.lg", fqn=("sto", "survey", "answers")),
        },
    }
    graph = DbtGraph.from_manifest(manifest)
    assert "model.sto.survey" not in graph.selectors
    assert graph.not_fed_by({SURVEY}) == []


def built(marts: str = "m1", **raw: dict) -> dict:
    return {**state(**raw), "tables": [["marts", "m", 3]], "views": [], "marts": {"m": [3, marts]}}


def test_a_refresh_leaves_out_what_no_changed_raw_table_feeds():
    last = built(**{VO: {"2023": [10, "3"]}, SURVEY: {"2025": [5, "9"]}, "pc4": {"null": [1, "6"]}})
    now = built(**{VO: {"2023": [10, "3"]}, SURVEY: {"2025": [4, "9b"]}, "pc4": {"null": [1, "6"]}})
    plan = plan_build(last, now, {}, None, GRAPH)
    assert plan.left_out == GRAPH.not_fed_by({SURVEY})
    assert plan.exclude == ["fqn:sto.stg_pc4", "fqn:sto.stg_vo", "fqn:sto.profielen", "fqn:sto.checks_stg_vo"]
    assert plan.describe().endswith(
        "every other model that a changed raw table feeds in full, and their tests; "
        "2 models, 1 seed, 1 test that no changed raw table feeds left as built"
    )
    assert plan_build(last, now, {}, None).exclude == []  # no graph (the check and release jobs): every node
    # a build that did not finish cleanly changed what its raw tables feed: they count as changed
    pending = {"changed": {"pc4": [2023]}, "whole_tables": [VO]}
    assert plan_build(last, now, {}, pending, GRAPH).left_out == ["seed.sto.profielen"]


@pytest.mark.parametrize("part", ["tables", "views", "marts"])
def test_nothing_is_left_out_when_a_built_table_is_not_as_the_last_build_left_it(part):
    last = built(**{VO: {"2023": [10, "3"]}, SURVEY: {"2025": [5, "9"]}})
    now = built(**{VO: {"2023": [10, "3"]}, SURVEY: {"2025": [4, "9b"]}})
    now[part] = {"tables": [["marts", "m", 2]], "views": [["staging", "v"]], "marts": {"m": [2, "m0"]}}[part]
    plan = plan_build(last, now, {}, None, GRAPH)
    assert not plan.full and plan.left_out == [] and plan.exclude == []
    assert plan.describe().endswith("every other model in full, every test")


def test_dbt_runs_exactly_the_nodes_a_changed_raw_table_feeds(defs, tmp_path: Path):
    """`dbt ls` with a refresh's selection, on this project: the public pupil file changed. Its reconciliation
    test also reads the microdata's model, which is left out: dbt's default (eager) indirect selection would
    leave the test out with it."""
    from orchestration.dbt import dbt_environment, dbt_executable
    from orchestration.dbt_manifest import MANIFEST_PATH

    manifest = json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))
    graph = DbtGraph.from_manifest(manifest)
    tables = ("duo_leerlingen_vestiging", "duo_inschrijvingen_vo", SURVEY)
    last = built(**{table: {"2023": [1, "a"]} for table in tables})
    now = built(**{**last["raw_schooljaren"], "duo_leerlingen_vestiging": {"2023": [2, "b"]}})
    plan = plan_build(last, now, incremental_models(manifest), None, graph)
    assert len(plan.left_out) > 100
    # in the environment of every dbt command of the project: a parse of the project with another profile
    # makes the next build parse the whole project again; the project's own parse must stay as it was
    parse = DBT_PROJECT_DIR / "target" / "partial_parse.msgpack"
    before = parse.read_bytes() if parse.exists() else None
    with dbt_environment(StoHome(tmp_path)):
        listed = subprocess.run(
            [dbt_executable(), "ls", "--select", "fqn:*", "--exclude-resource-type", "unit_test"]
            + [*plan.selection_args(), "--resource-types", "model", "seed", "snapshot", "test"]
            + ["--output", "json", "--output-keys", "unique_id", "-q", "--project-dir", str(DBT_PROJECT_DIR)]
            + ["--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(tmp_path / "target")],
            capture_output=True,
            text=True,
            cwd=DBT_PROJECT_DIR,
        )
    assert listed.returncode == 0, listed.stdout[-2000:] + listed.stderr[-2000:]
    assert (parse.read_bytes() if parse.exists() else None) == before  # the project's parse is as it was
    run = {json.loads(line)["unique_id"] for line in listed.stdout.splitlines() if line.startswith("{")}
    assert run == set(graph.raw_tables) - set(plan.left_out)
    assert "test.sto_monitor.assert_microdata_matches_public_pupil_counts" in run
    assert "model.sto_monitor.stg_duo__inschrijvingen_vo" not in run
