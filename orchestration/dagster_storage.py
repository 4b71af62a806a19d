"""The event log of the local Dagster instance (DAGSTER_HOME, default $STO_HOME/dagster_home): Dagster's own
SQLite event log, with three costs taken out of each of the ~1,000 events of a refresh.

Dagster's SqliteEventLogStorage builds a new SQLAlchemy engine for every event it stores, opens and closes a
SQLite connection for every use (closing the last connection of a WAL database checkpoints it: about 1.3 ms,
5-6 times per event) and commits with SQLite's default `synchronous=FULL`, which waits for the disk on every
commit: on this project's 2-core machine that was most of a no-change refresh (docs/benchmarks.md). Here
each database file keeps one engine with a small pool of open connections (one thread at a time each), and
each connection runs with `synchronous=NORMAL`, which in Dagster's WAL mode still never corrupts the log: a
crash of the machine can at most lose the last events of a run. A batch of events (the ~400 events a
run plans at its start, which Dagster hands over as one batch when DAGSTER_EVENT_BATCH_SIZE is set, as
orchestration/refresh.py does) is stored in one transaction per database file: about 1 s less before the
first asset of a refresh. Everything else (schema, migrations, watchers for the UI) is Dagster's.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager

from dagster._core.events.log import EventLogEntry
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
        self._batch = threading.local()  # .connections: shard -> the open connection of a batch being stored
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

    def _ready_engine(self, shard: str) -> Engine:
        engine = self._engine(shard)
        if shard not in self._initialized_dbs:
            self._initdb(engine)
            self._initialized_dbs.add(shard)
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        batch = getattr(self._batch, "connections", None)
        if batch is not None:  # inside store_event_batch: the batch's one transaction on this file
            if shard not in batch:
                with self._db_lock:
                    engine = self._ready_engine(shard)
                batch[shard] = batch_stack = self._batch.stack.enter_context(engine.connect())
                self._batch.stack.enter_context(batch_stack.begin())
            yield batch[shard]
            return
        with self._db_lock:
            engine = self._ready_engine(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def store_event_batch(self, events: Sequence[EventLogEntry]) -> None:
        """A batch of events (Dagster batches the ~400 planned events at the start of a run when
        DAGSTER_EVENT_BATCH_SIZE is set, as orchestration/refresh.py does) in one transaction per database
        file instead of one per statement; a failure rolls the whole batch back (Dagster then stores the
        events one by one)."""
        if getattr(self._batch, "connections", None) is not None:  # a batch inside a batch: already in one
            super().store_event_batch(events)
            return
        with ExitStack() as stack:
            self._batch.connections, self._batch.stack = {}, stack
            try:
                super().store_event_batch(events)  # Dagster's: store_event for each, through _connect
            finally:
                self._batch.connections = None

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
