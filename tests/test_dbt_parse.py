"""A dbt command in any STO_HOME reuses the project's parse (orchestration/dbt.py, dbt_environment): dbt
parses the whole project again when its profile differs from the one of the last parse, and the
warehouse's path is part of the profile."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from ingest.paths import StoHome
from orchestration.dbt import dbt_environment, dbt_resource, prepare_manifest


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
