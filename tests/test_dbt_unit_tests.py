"""The dbt unit tests (`unit_tests:` beside the models, one `_<layer>_<domain>__unit_tests.yml` per model
folder), one pytest test each, so that `make test` reports every failing one by name with dbt's diff of
actual and expected rows.

dbt reads the column types of a unit test's inputs from the warehouse, so the session first builds every
seed and model empty (`dbt build --empty`) on a fresh DuckDB holding only the raw tables of the source
specs, then runs `dbt test --select test_type:unit` once. Both run in dbt_project/target/unit_tests/ (a fixed
path, so dbt's partial parsing serves the next session), one session at a time. docs/testing.md says how to
run or write a single unit test.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import yaml

from ingest.loader import ensure_schema
from ingest.paths import DBT_PROJECT_DIR
from ingest.sources import SOURCES

WORKDIR = DBT_PROJECT_DIR / "target" / "unit_tests"
MODELS = DBT_PROJECT_DIR / "models"


def declared_unit_tests() -> list[tuple[str, str]]:
    """(model, unit test name) of every unit test declared in the project's YAML."""
    found = []
    for path in sorted(MODELS.rglob("*.yml")):
        for test in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("unit_tests", []):
            found.append((test["model"], test["name"]))
    return found


UNIT_TESTS = declared_unit_tests()


class UnitResults(dict):
    """(model, name) -> (status, message); a short repr keeps pytest's report to the failing test's diff."""

    def __repr__(self) -> str:
        return f"<{len(self)} dbt unit test results>"


def dbt(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    executable = Path(sys.executable).with_name("dbt")
    command = [str(executable) if executable.exists() else "dbt", *args]
    command += ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]
    command += ["--target-path", str(WORKDIR / "target"), "--log-path", str(WORKDIR / "logs"), "--no-use-colors"]
    return subprocess.run(command, cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def unit_results() -> Iterator[UnitResults]:
    """Run every dbt unit test once; (model, name) -> (status, message) from dbt's run_results.json."""
    WORKDIR.mkdir(parents=True, exist_ok=True)
    with open(WORKDIR / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one session at a time per checkout; released when the file closes
        database = WORKDIR / "warehouse.duckdb"
        for stale in (database, database.with_name(database.name + ".wal")):
            stale.unlink(missing_ok=True)
        con = duckdb.connect(str(database))
        try:
            for source in SOURCES.values():
                ensure_schema(con, source)
        finally:
            con.close()
        env = {**os.environ, "STO_DUCKDB_PATH": str(database), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        built = dbt("build", "--empty", "--exclude-resource-type", "test", "unit_test", env=env)
        assert built.returncode == 0, "building the empty inputs of the unit tests failed:\n" + built.stdout[-3000:]
        (WORKDIR / "target" / "run_results.json").unlink(missing_ok=True)
        ran = dbt("test", "--select", "test_type:unit", env=env)
        results_file = WORKDIR / "target" / "run_results.json"
        assert results_file.exists(), "dbt test did not run:\n" + ran.stdout[-3000:] + ran.stderr[-3000:]
        results = UnitResults()
        for result in json.loads(results_file.read_text())["results"]:
            if not result["unique_id"].startswith("unit_test."):
                continue  # the on-run-start hook (register_raw_tables) is reported as an operation
            _kind, _project, model, name = result["unique_id"].split(".", 3)
            results[(model, name)] = (result["status"], result.get("message") or "")
        yield results


@pytest.mark.parametrize(("model", "name"), UNIT_TESTS, ids=[f"{m}.{n}" for m, n in UNIT_TESTS])
def test_dbt_unit_test(unit_results, model: str, name: str):
    status, message = unit_results.get((model, name), ("not run", "dbt did not report this unit test"))
    assert status == "pass", f"dbt unit test {name} of {model}: {status}\n{message}"


def test_every_indicator_part_has_a_unit_test():
    parts = {p.stem for p in MODELS.rglob("int_indicator_values__*.sql")}
    assert len(parts) >= 13
    assert parts - {model for model, _name in UNIT_TESTS} == set()
