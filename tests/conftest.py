"""Shared fixtures: an isolated STO_HOME per test, and helpers to run the refresh in-process."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
if not REALDATA.exists():  # CI and developers have ../shared beside the checkout
    REALDATA = Path(__file__).resolve().parents[1].parent / "shared" / "realdata"

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

# A pytest-xdist worker's __main__ has no file. PySpark (the Spark target's dependency) takes that for its
# own doctest run when Great Expectations imports pyspark.sql.connect, and exits the process (SystemExit 0).
if not hasattr(sys.modules["__main__"], "__file__"):
    sys.modules["__main__"].__file__ = sys.argv[0]


@pytest.fixture
def sto_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh STO_HOME with an empty landing zone."""
    home = tmp_path / "sto_home"
    (home / "landing").mkdir(parents=True)
    monkeypatch.setenv("STO_HOME", str(home))
    monkeypatch.setenv("STO_DUCKDB_PATH", str(home / "sto_monitor.duckdb"))
    return home


@pytest.fixture(scope="session")
def defs():
    """The Definitions, loaded as `dagster dev` loads them, from a dbt manifest prepared as the CLI does."""
    from orchestration.dbt import prepare_manifest

    prepare_manifest()
    from orchestration.definitions import defs

    return defs


@pytest.fixture(scope="session")
def small_demo_release(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(STO_HOME, release folder) of a small demo, the commands a user runs (`sto-monitor demo --scale 0.2
    --years 2022-2024 --seed 2025`, `refresh`, `release --latest`): small cells are many and every region
    page has data. Built once per test run and shared by the test files that only read it (the region
    pages, disclosure control): under pytest-xdist the first worker that asks builds it under a lock in
    the run's shared temporary folder, the others wait and reuse it."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # shared by the workers of this run
    root = base / "small_demo"
    home, done = root / "sto_home", root / "built"
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(home, ignore_errors=True)
            env = {**os.environ, "STO_HOME": str(home), "STO_DUCKDB_PATH": str(home / "sto_monitor.duckdb")}
            exe = Path(sys.executable).parent / "sto-monitor"
            for args in (
                ["demo", "--scale", "0.2", "--years", "2022-2024", "--seed", "2025"],
                ["refresh"],
                ["release", "--latest"],
            ):
                done_cmd = subprocess.run([str(exe), *args], env=env, capture_output=True, text=True)
                assert done_cmd.returncode == 0, f"sto-monitor {' '.join(args)}: {done_cmd.stderr[-2000:]}"
            done.write_text("built\n")
    (folder,) = (home / "releases").iterdir()
    return home, folder


def run_refresh_in(home: Path) -> str:
    """Run the refresh job for `home` with an ephemeral Dagster instance; returns the summary."""
    from dagster import DagsterInstance

    from orchestration.refresh import run_refresh

    old = os.environ.get("STO_HOME")
    os.environ["STO_HOME"] = str(home)
    try:
        with DagsterInstance.ephemeral() as instance:
            return run_refresh(instance=instance)
    finally:
        if old is None:
            os.environ.pop("STO_HOME", None)
        else:
            os.environ["STO_HOME"] = old


def query(home: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(home / "sto_monitor.duckdb"), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def query_keyed(home: Path, sql: str, params: list | None = None, key: int = 2) -> dict[tuple, tuple]:
    """The rows of a query as {its first `key` columns: the other columns}."""
    return {row[:key]: row[key:] for row in query(home, sql, params)}


# The test files that take longest (each builds warehouses end to end), longest first. pytest-xdist
# (--dist loadfile) hands out files in collection order, so starting these first keeps one long file
# from running alone at the end of the run. Timings: `make test` prints none; pytest --durations=30.
SLOW_FILES_FIRST = (
    "test_spark_target.py",
    "test_incremental.py",
    "test_trace.py",
    "test_release.py",
    "test_trace_sections.py",
    "test_interrupted_and_concurrent.py",
    "test_bad_input.py",
    "test_report_regio_demo.py",
    "test_surveys.py",
    "test_teacher_deliveries.py",
    "test_report_bi.py",
    "test_demo.py",
    "test_exam_results.py",
    "test_demo_calibration.py",
    "test_disclosure_release.py",  # reads the small demo that test_report_regio_demo's worker builds
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(SLOW_FILES_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))
