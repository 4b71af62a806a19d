"""DuckDB connections, with DuckDB's memory capped (docs/operations.md).

Every DuckDB connection the project opens opens here: the refresh's and release's connections to
`sto_monitor.duckdb`, the release's writer and the trace's reader of `release.duckdb`, and the in-memory
connections of the HTML report, disclosure control and the Spark target's summary and checks. dbt's own
connection is capped by dbt_project/profiles.yml, which reads the same variable with the same default.
Without a cap DuckDB takes up to 80 % of the machine's memory; beyond it, a file's connection spills to
`<database>.tmp`, an in-memory one to DuckDB's default temp directory (`.tmp` in the working directory).
(orchestration/lock.py's probe opens and closes the warehouse file at once, uncapped.) No Dagster
import: the no-change refresh connects before Dagster is loaded.

Opening the warehouse file reads its catalog (about 20 ms at national scale) and closing the last
connection checkpoints its write-ahead log; a refresh's ingest and contract steps connect about 60 times.
Within `kept_open` (the refresh job) the file is opened once and every `connect_warehouse` hands out another
connection to that one database, until `release`: before another process opens the file (every dbt
process is started in `orchestration.dbt.dbt_environment`, which releases it), and at the end of the run.
After it, connections are opened one by one again.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from orchestration.errors import UserError

MEMORY_LIMIT_VAR, DEFAULT_MEMORY_LIMIT = "STO_DUCKDB_MEMORY_LIMIT", "800MB"


def memory_limit() -> str:
    return os.environ.get(MEMORY_LIMIT_VAR) or DEFAULT_MEMORY_LIMIT


def out_of_memory_hint() -> str:
    """What to add to DuckDB's "Out of Memory Error", which names neither the cap nor how to raise it."""
    return (
        f"DuckDB's memory cap is {memory_limit()}: a larger one, e.g. {MEMORY_LIMIT_VAR}=2GB, lets it finish"
        " (it spills to disk beyond the cap; docs/operations.md)"
    )


def connect_duckdb(database: Path | str | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to the DuckDB file `database` (in memory when None) with DuckDB's memory (of this
    process's database instance) capped at `memory_limit()`; a value that is no memory size is a UserError."""
    con = duckdb.connect(":memory:" if database is None else str(database), read_only=read_only)
    limit = memory_limit()
    try:
        con.execute(f"SET memory_limit = '{limit.replace(chr(39), '')}'")
    except duckdb.Error:
        con.close()
        raise UserError(f"{MEMORY_LIMIT_VAR}={limit!r} is not a memory size (e.g. 1GB, 512MB)") from None
    return con


_kept: dict[Path, duckdb.DuckDBPyConnection | None] = {}  # warehouse -> its open database (None: not yet)


def connect_warehouse(database: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A capped connection to the warehouse file `database` (connect_duckdb); within `kept_open`, another
    connection to the database kept open (a writable one: DuckDB opens a file one way per process)."""
    key = database.absolute()
    if key in _kept and (not read_only or database.exists()):
        if _kept[key] is None:
            _kept[key] = connect_duckdb(database)
        return _kept[key].cursor()  # type: ignore[union-attr]
    return connect_duckdb(database, read_only=read_only)


@contextmanager
def kept_open(database: Path) -> Iterator[None]:
    """Within: the warehouse file is opened once, at the first connection, and kept open (`release`)."""
    _kept.setdefault(database.absolute(), None)
    try:
        yield
    finally:
        release(database)
        _kept.pop(database.absolute(), None)


def release(database: Path) -> None:
    """Before another process opens the file: close the database `kept_open` keeps (checkpointing it) and
    open every later connection on its own. Nothing when it is not open (yet): a process started before the
    first connection (dbt's parse at the start of a run) finds the file free."""
    key = database.absolute()
    con = _kept.get(key)
    if con is not None:
        del _kept[key]
        con.close()
