"""The event log of the local Dagster instance (DAGSTER_HOME, default $STO_HOME/dagster_home): Dagster's own
SQLite event log, with three costs taken out of each of the ~1,000 events of a refresh.

Dagster's SqliteEventLogStorage builds a new SQLAlchemy engine for every event it stores, opens and closes a
SQLite connection for every use (closing the last connection of a WAL database checkpoints it: about 1.3 ms,
5-6 times per event) and commits with SQLite's default `synchronous=FULL`, which waits for the disk on every
commit: on this project's 2-core machine that was most of a no-change refresh (docs/benchmarks.md). Here
each database file keeps one engine with a small pool of open connections (one thread at a time each), and
each connection runs with `synchronous=NORMAL`, which in Dagster's WAL mode still never corrupts the log: a
crash of the machine can at most lose the last events of a run. Everything else (schema, migrations,
watchers for the UI) is Dagster's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from dagster._core.storage.event_log import SqliteEventLogStorage
from dagster._core.storage.sql import create_engine
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool


def _normal_sync(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class LocalSqliteEventLogStorage(SqliteEventLogStorage):
    """SqliteEventLogStorage with one engine (a pool of open connections) per database file and
    `synchronous=NORMAL` connections."""

    def __init__(self, base_dir: str, inst_data=None):
        self._engines: dict[str, Engine] = {}
        super().__init__(base_dir, inst_data)

    @classmethod
    def from_config_value(cls, inst_data, config_value) -> LocalSqliteEventLogStorage:  # Dagster's names its class
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str) -> Engine:
        engine = self._engines.get(shard)
        if engine is None:
            engine = create_engine(
                self.conn_string_for_shard(shard),
                poolclass=QueuePool,
                pool_size=1,
                max_overflow=8,
                # a pooled connection goes back to the pool between uses, one thread at a time
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
            )
            event.listen(engine, "connect", _normal_sync)
            self._engines[shard] = engine
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def dispose(self) -> None:
        for engine in self._engines.values():
            engine.dispose()
        self._engines.clear()
        super().dispose()


def instance_config(dagster_home: str) -> str:
    """dagster.yaml of a new local instance: telemetry off, the event log above (runs and schedules as
    Dagster's defaults, in the same folder)."""
    return (
        "telemetry:\n  enabled: false\n"
        "event_log_storage:\n"
        "  module: orchestration.dagster_storage\n"
        "  class: LocalSqliteEventLogStorage\n"
        "  config:\n"
        f"    base_dir: {dagster_home}/history/runs\n"
    )
