"""Shared fixtures: an isolated STO_HOME per test, and helpers to run the refresh in-process."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
if not REALDATA.exists():  # CI and developers have ../shared beside the checkout
    REALDATA = Path(__file__).resolve().parents[1].parent / "shared" / "realdata"

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


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
