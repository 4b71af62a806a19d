"""Resources configured from the environment: STO_HOME decides where the warehouse lives, and every run
that writes holds the STO_HOME's run lock."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from ingest.paths import StoHome
from orchestration.lock import run_lock
from orchestration.warehouse import connect_warehouse


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file and landing zone under STO_HOME. One writer at a time: every
    writing asset opens a connection, does its work in transactions and closes it before dbt runs."""

    sto_home: str | None = None  # default: STO_HOME from the environment at run time

    @property
    def home(self) -> StoHome:
        return StoHome(Path(self.sto_home)) if self.sto_home else StoHome.from_env()

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        self.home.ensure()
        con = connect_warehouse(self.home.database, read_only=read_only)
        try:
            yield con
        finally:
            con.close()


class RunLockResource(dg.ConfigurableResource):
    """The STO_HOME's run lock (orchestration/lock.py), held for the whole run by every run that writes:
    a run launched from the Dagster UI, a sensor or a schedule takes it as `sto-monitor refresh` does, and
    fails at once, naming the holder, while another run holds it. Inside a `sto-monitor` command, which
    took the lock before it started the run, the run shares the command's lock."""

    warehouse: WarehouseResource

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator["RunLockResource"]:
        run = context.dagster_run
        command = f"Dagster run {run.run_id[:8]} of job {run.job_name}" if run is not None else "Dagster run"
        with run_lock(self.warehouse.home.root, command):
            yield self
