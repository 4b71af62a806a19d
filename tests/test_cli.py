"""The command line: --help everywhere, one-line errors, no tracebacks, non-zero exit codes."""

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


def test_unknown_years_argument_is_a_usage_error(tmp_path):
    result = run(["demo", "--years", "soon"], tmp_path)
    assert result.returncode == 2
    assert "expected a range like 2019-2020" in result.stderr
