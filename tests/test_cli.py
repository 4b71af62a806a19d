"""The command line: --help everywhere, one-line errors, no tracebacks, non-zero exit codes."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.duo_fixtures import pupil_row, write_pupil_file

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


def test_unknown_years_argument_is_a_usage_error(tmp_path):
    result = run(["demo", "--years", "soon"], tmp_path)
    assert result.returncode == 2
    assert "expected a range like 2019-2020" in result.stderr


@pytest.mark.e2e
def test_bad_input_gives_one_line_and_leaves_raw_as_it_was(sto_home):
    folder = sto_home / "landing" / "duo_leerlingen_vestiging"
    good = write_pupil_file(folder, 2019, [pupil_row("10AB", "00", "bb", "6111", (3, 1))])
    assert run(["refresh"], sto_home).returncode == 0
    import duckdb

    def raw_rows():
        con = duckdb.connect(str(sto_home / "sto_monitor.duckdb"), read_only=True)
        try:
            return con.execute("SELECT * FROM raw.duo_leerlingen_vestiging ORDER BY ALL").fetchall()
        finally:
            con.close()

    before = raw_rows()
    good.write_text(good.read_text(encoding="cp1252").replace(";3;1;", ";3;-1;"), encoding="cp1252")
    result = run(["refresh"], sto_home)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("sto-monitor refresh: error:")]
    assert len(errors) == 1, result.stderr
    assert (
        "duo_leerlingen_vestiging/01.-leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv, line 2, "
        "column 'LEER- OF VERBLIJFSJAAR 3 - VROUW': must be a whole number >= 0 (found '-1')"
    ) in errors[0]
    assert "Traceback" not in result.stderr + result.stdout
    assert raw_rows() == before
