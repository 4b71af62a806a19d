"""The command line: --help everywhere, one-line errors, no tracebacks, non-zero exit codes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CLI = [sys.executable, "-m", "orchestration.cli"]


def run(args: list[str], home: Path) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "STO_HOME": str(home), "DAGSTER_HOME": str(home / "dagster_home")}
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=env, timeout=600)


@pytest.mark.parametrize(
    "sub", [[], ["demo"], ["refresh"], ["fetch-duo"], ["check"], ["release"], ["verify-release"], ["report"]]
)
def test_help(sub, tmp_path):
    result = run([*sub, "--help"], tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: sto-monitor")


def test_arrows_memory_is_the_system_allocators_unless_the_user_chose_one(monkeypatch):
    """Arrow's default (mimalloc) keeps what pandas and DuckDB free (orchestration/allocators.py)."""
    from orchestration.cli import main

    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    with pytest.raises(SystemExit):
        main(["--help"])
    assert os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "system"
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "mimalloc")
    with pytest.raises(SystemExit):
        main(["--help"])
    assert os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "mimalloc"


def test_unknown_years_argument_is_a_usage_error(tmp_path):
    result = run(["demo", "--years", "soon"], tmp_path)
    assert result.returncode == 2
    assert "expected a range like 2019-2020" in result.stderr


def test_a_failed_dbt_build_is_one_line_naming_the_failed_models_and_tests(tmp_path):
    """dagster-dbt's own message starts "The dbt CLI process with command": the refresh names what failed
    instead, from the invocation's run_results.json (error = a model that did not build, fail = a test)."""
    from orchestration.dbt import failed_nodes_line

    results = [
        {
            "unique_id": "model.sto_monitor.dim_schooljaar",
            "status": "error",
            "message": 'Runtime Error in model dim_schooljaar\n  Parser Error: syntax error at or near "||"',
        },
        {"unique_id": "model.sto_monitor.dim_profiel", "status": "success", "message": "OK"},
        {
            "unique_id": "test.sto_monitor.not_null_dim_vestiging_vestiging_id.8a1b",
            "status": "fail",
            "message": "Got 3 results, configured to fail if != 0",
        },
        {"unique_id": "model.sto_monitor.regio_portret", "status": "skipped", "message": None},
    ]
    path = tmp_path / "run_results.json"
    path.write_text(json.dumps({"results": results}))
    line = failed_nodes_line(path)
    assert line == (
        "dbt build failed: model dim_schooljaar: Runtime Error in model dim_schooljaar Parser Error: syntax error"
        ' at or near "||"; test not_null_dim_vestiging_vestiging_id: Got 3 results, configured to fail if != 0'
    )
    path.write_text(json.dumps({"results": results[:1] * 5}))
    assert failed_nodes_line(path).endswith(" (+2 more)")
    path.write_text(json.dumps({"results": results[1:2]}))
    assert failed_nodes_line(path) is None
    assert failed_nodes_line(tmp_path / "absent.json") is None


def test_a_model_out_of_duckdbs_memory_says_which_cap_and_how_to_raise_it(tmp_path, monkeypatch):
    """DuckDB's error names neither the cap nor its variable (a scale-5 refresh failed so on 2026-12-05)."""
    from orchestration.dbt import failed_nodes_line

    oom = (
        "Runtime Error in model int_uitval_switch__pupils (models/intermediate/doorstroom/"
        "int_uitval_switch__pupils.sql)\n  Out of Memory Error: failed to pin block of size 256.0 KiB "
        "(762.8 MiB/762.9 MiB used)"
    )
    path = tmp_path / "run_results.json"
    path.write_text(json.dumps({"results": [{"unique_id": "model.p.m", "status": "error", "message": oom}]}))
    monkeypatch.setenv("STO_DUCKDB_MEMORY_LIMIT", "600MB")
    line = failed_nodes_line(path)
    assert line.startswith("dbt build failed: model m: Runtime Error in model int_uitval_switch__pupils")
    assert line.endswith(
        "; DuckDB's memory cap is 600MB: a larger one, e.g. STO_DUCKDB_MEMORY_LIMIT=2GB, lets it finish"
        " (it spills to disk beyond the cap; docs/operations.md)"
    )
    # the retry's failure names the retry's cap (orchestration/dbt.py, DbtBuild)
    assert "; DuckDB's memory cap is 800MB: a larger one" in failed_nodes_line(path, cap="800MB")
    other = {"unique_id": "model.p.m", "status": "error", "message": "Parser Error: syntax error"}
    path.write_text(json.dumps({"results": [other]}))
    assert "memory cap" not in failed_nodes_line(path)


def _manifest(*unique_ids: str) -> dict:
    """A parsed dbt project of these nodes: fqn (project, layer, name), no dependencies."""
    return {
        "nodes": {
            u: {"resource_type": u.split(".")[0], "fqn": ["p", "layer", u.split(".")[2]], "depends_on": {"nodes": []}}
            for u in unique_ids
        }
    }


def test_a_build_whose_every_failure_is_out_of_memory_is_retried_without_what_it_built(tmp_path):
    from orchestration.dbt import out_of_memory_retry

    oom = "Runtime Error in model b\n  Out of Memory Error: failed to pin block of size 256.0 KiB"
    results = [
        {"unique_id": "model.p.a", "status": "success", "message": "OK"},
        {"unique_id": "test.p.not_null_a_x.1f", "status": "pass", "message": None},
        {"unique_id": "model.p.b", "status": "error", "message": oom},
        {"unique_id": "test.p.column_checks_a.2e", "status": "error", "message": "Out of Memory Error: ..."},
        {"unique_id": "model.p.c", "status": "skipped", "message": None},
        {"unique_id": "test.p.warned_a.3d", "status": "warn", "message": "Got 1 result"},
    ]
    path = tmp_path / "run_results.json"
    path.write_text(json.dumps({"results": results}))
    manifest = _manifest(*(r["unique_id"] for r in results))
    again = out_of_memory_retry(path, manifest)
    assert again.names == ["b", "column_checks_a"]
    assert again.rerun == {"model.p.b", "test.p.column_checks_a.2e", "model.p.c"}
    # the retry leaves out what was built, passed or warned, each by its own selector
    assert again.built == ["fqn:p.layer.a", "fqn:p.layer.not_null_a_x", "fqn:p.layer.warned_a"]
    # any other failure among them (a failing test, a model's SQL error) fails the build as it is
    for other in (
        {"status": "fail", "message": "Got 3 results, configured to fail if != 0"},
        {"status": "error", "message": "Parser Error: syntax error"},
    ):
        path.write_text(json.dumps({"results": [*results, {"unique_id": "model.p.d", **other}]}))
        assert out_of_memory_retry(path, {**manifest, **_manifest("model.p.d")}) is None
    path.write_text(json.dumps({"results": results[:2]}))  # nothing failed
    assert out_of_memory_retry(path, manifest) is None
    assert out_of_memory_retry(tmp_path / "absent.json", manifest) is None


def test_a_failed_column_checks_test_names_the_rules_it_found_broken(tmp_path):
    """One dbt test checks every column rule of a model (tests/generic/column_checks.sql); the failure line
    runs its query again on the warehouse to say which rule broke on which column."""
    import duckdb

    from orchestration.dbt import failed_nodes_line

    database = tmp_path / "sto_monitor.duckdb"
    con = duckdb.connect(str(database))
    con.execute("CREATE SCHEMA marts; CREATE TABLE marts.dim_vestiging AS SELECT * FROM (VALUES (NULL), (NULL), ('x'))")
    con.close()
    compiled = (  # the shape column_checks compiles to: one row per broken rule
        "select 'not_null' as rule, 'vestiging_id' as column_name, count(*) as failing_rows "
        'from "sto_monitor"."marts"."dim_vestiging" where col0 is null'
    )
    results = [
        {
            "unique_id": "test.sto_monitor.column_checks_dim_vestiging_.8a1b",
            "status": "fail",
            "message": "Got 1 result, configured to fail if != 0",
            "compiled_code": compiled,
        }
    ]
    path = tmp_path / "run_results.json"
    path.write_text(json.dumps({"results": results}))
    assert failed_nodes_line(path, database=database) == (
        "dbt build failed: test column_checks_dim_vestiging_: not_null on vestiging_id: 2 rows"
    )
    # no warehouse to ask (the Spark target), or a query that no longer runs: dbt's own message
    assert failed_nodes_line(path).endswith("column_checks_dim_vestiging_: Got 1 result, configured to fail if != 0")
    results[0]["compiled_code"] = "select * from nowhere"
    path.write_text(json.dumps({"results": results}))
    assert failed_nodes_line(path, database=database).endswith("Got 1 result, configured to fail if != 0")


# stdout block-buffered, as in a terminal session without PYTHONUNBUFFERED (which CI's environment may set)
BUFFERED = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def test_the_console_script_runs_the_exit_handlers_and_exits_with_the_status_of_main(tmp_path):
    # run() (the console script) skips the interpreter's teardown: not the exit handlers registered while
    # main() ran, not output still in a buffer, not main's status
    marker = tmp_path / "handler-ran"
    code = (
        "import atexit, sys\n"
        "from orchestration import cli\n"
        "def main(argv=None):\n"
        f"    atexit.register(lambda: open({str(marker)!r}, 'w').write('ran'))\n"
        "    sys.stdout.write('buffered, no newline')\n"
        "    return 3\n"
        "cli.main = main\n"
        "cli.run()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=BUFFERED, timeout=60)
    assert (result.returncode, result.stdout) == (3, "buffered, no newline")
    assert marker.read_text() == "ran"


def test_the_console_script_exits_quietly_when_its_reader_went_away(tmp_path):
    # `sto-monitor ... | head`: output still buffered at the exit cannot be written; the status stays main's
    code = (
        "import sys\n"
        "from orchestration import cli\n"
        "def main(argv=None):\n"
        "    sys.stdout.write('buffered, no newline')\n"
        "    return 3\n"
        "cli.main = main\n"
        "cli.run()\n"
    )
    read, write = os.pipe()
    os.close(read)  # the reader is gone before anything is written
    try:
        result = subprocess.run(
            [sys.executable, "-c", code], stdout=write, stderr=subprocess.PIPE, text=True, env=BUFFERED, timeout=60
        )
    finally:
        os.close(write)
    assert result.returncode == 3
    assert result.stderr == ""
