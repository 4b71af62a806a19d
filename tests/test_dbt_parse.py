"""A dbt command in any STO_HOME reuses the project's parse (orchestration/dbt.py, dbt_environment): dbt
parses the whole project again when its profile differs from the one of the last parse, and the
warehouse's path is part of the profile."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from ingest.paths import DBT_PROJECT_DIR, StoHome
from orchestration.dbt import dbt_environment, dbt_resource, prepare_manifest
from orchestration.dbt_manifest import project_fingerprint


def parse_log(home: StoHome, target: Path) -> str:
    with dbt_environment(home):
        invocation = dbt_resource().cli(["parse"], target_path=target, raise_on_error=False)
    invocation.wait()
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(target.glob("dbt.log*")))


def test_a_dbt_command_in_another_sto_home_reuses_the_parse_of_the_project(tmp_path: Path) -> None:
    prepare_manifest()
    for name in ("first", "second"):
        log = parse_log(StoHome(tmp_path / name), tmp_path / f"target-{name}")
        assert "Unable to do partial parsing" not in log, name
        assert "Nothing changed, skipping partial parsing" in log, name


def test_the_profile_names_the_same_file_in_every_sto_home_and_duckdb_opens_this_homes(tmp_path: Path) -> None:
    home = StoHome(tmp_path / "home")
    home.ensure()
    duckdb.connect(str(home.database)).execute("CREATE TABLE t AS SELECT 42 AS x").close()
    before = os.environ.get("HOME")
    with dbt_environment(home):
        path, dbt_home = os.environ["STO_DUCKDB_PATH"], os.environ["HOME"]
        con = duckdb.connect(path, read_only=True)  # as dbt-duckdb opens it: DuckDB expands ~ with HOME
        assert con.execute("SELECT x FROM t").fetchall() == [(42,)]
        con.close()
    assert path == "~/sto_monitor.duckdb"
    assert Path(dbt_home) == home.root
    assert os.environ.get("HOME") == before  # only the dbt process gets the STO_HOME as HOME
    with dbt_environment(home, duckdb=False):  # the Spark target: a real path, HOME as it was
        assert os.environ["STO_DUCKDB_PATH"] == str(home.database)
        assert os.environ.get("HOME") == before


def test_the_fingerprint_of_the_project_covers_every_file_dbt_parses_and_nothing_it_writes(tmp_path: Path) -> None:
    # the fingerprint decides when the project is parsed again and when a warehouse is built in full
    project = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs", "__pycache__"))
    before = project_fingerprint(project)
    (project / "target" / "run").mkdir(parents=True)
    (project / "target" / "run" / "model.sql").write_text("select 1")  # what dbt writes: not the project
    assert project_fingerprint(project) == before
    python_model = next(project.joinpath("models").rglob("*.py"))  # the Lasso forecast, a dbt Python model
    for changed in (python_model, next(project.joinpath("models").rglob("*.sql")), project / "dbt_project.yml"):
        original = changed.read_text(encoding="utf-8")
        changed.write_text(original + "\n", encoding="utf-8")
        assert project_fingerprint(project) != before, changed.name
        changed.write_text(original, encoding="utf-8")
    assert project_fingerprint(project) == before
