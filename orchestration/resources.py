"""Resources configured from the environment: STO_HOME decides where the warehouse lives."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from ingest.paths import StoHome


def configure_environment() -> StoHome:
    """Resolve STO_HOME and make the dbt profile and Dagster storage point into it."""
    home = StoHome.from_env()
    os.environ["STO_HOME"] = str(home.root)
    os.environ["STO_DUCKDB_PATH"] = str(home.database)
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DAGSTER_HOME", str(home.root / "dagster_home"))
    dagster_home = Path(os.environ["DAGSTER_HOME"])
    dagster_home.mkdir(parents=True, exist_ok=True)
    config = dagster_home / "dagster.yaml"
    if not config.exists():
        config.write_text("telemetry:\n  enabled: false\n")
    return home


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file and landing zone under STO_HOME. One writer at a time: every
    writing asset opens a connection, does its work in transactions and closes it before dbt runs."""

    sto_home: str | None = None  # default: STO_HOME from the environment at run time

    @property
    def home(self) -> StoHome:
        return StoHome(Path(self.sto_home)) if self.sto_home else StoHome.from_env()

    @contextmanager
    def connect(self, read_only: bool = False):
        self.home.ensure()
        con = duckdb.connect(str(self.home.database), read_only=read_only)
        try:
            yield con
        finally:
            con.close()
