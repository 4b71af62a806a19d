"""DuckDB connections, with DuckDB's memory capped (docs/operations.md).

Every DuckDB connection the project opens opens here: the refresh's and release's connections to
`sto_monitor.duckdb`, the release's writer and the trace's reader of `release.duckdb`, and the in-memory
connections of the HTML report, disclosure control and the Spark target's summary and checks. dbt's own
connection is capped by dbt_project/profiles.yml, which reads the same variable: every dbt process
sto-monitor starts gets `memory_limit()` in it (orchestration/dbt.py, `dbt_environment`); dbt run by hand
without it has the profile's fixed default.
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
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path

import duckdb

from ingest.testhooks import mb_per_thread
from orchestration.errors import UserError

MEMORY_LIMIT_VAR = "STO_DUCKDB_MEMORY_LIMIT"
# the default cap: this much for each of DuckDB's threads, counting at least MIN_THREADS (docs/operations.md)
MB_PER_THREAD, MIN_THREADS = 125, 2
# the cap of the one retry of a dbt build's nodes that ran out of the default cap (orchestration/dbt.py)
RETRY_MB_PER_THREAD = 400


def memory_limit() -> str:
    """STO_DUCKDB_MEMORY_LIMIT, or the default for this machine: MB_PER_THREAD for each of the threads DuckDB
    runs here (`memory_limit_for`; a test hook can make it smaller, ingest/testhooks.py)."""
    return os.environ.get(MEMORY_LIMIT_VAR) or memory_limit_for(duckdb_threads(), mb_per_thread(MB_PER_THREAD))


def memory_limit_for(threads: int, mb_per_thread: int) -> str:
    """The cap for a DuckDB running `threads` threads: its hash tables and sorts are partitioned per thread,
    so what a query needs grows with them (docs/operations.md)."""
    return f"{mb_per_thread * max(MIN_THREADS, threads)}MB"


@cache
def duckdb_threads() -> int:
    """The threads DuckDB runs by default on this machine: its cores, as DuckDB counts them."""
    con = duckdb.connect()
    try:
        (threads,) = con.execute("SELECT current_setting('threads')").fetchone()
    finally:
        con.close()
    return int(threads)


def retry_memory_limit() -> str | None:
    """The larger cap a dbt build's nodes that ran out of DuckDB's memory are built once more with
    (orchestration/dbt.py, docs/operations.md): RETRY_MB_PER_THREAD per thread. None when the user set
    STO_DUCKDB_MEMORY_LIMIT: their cap is what the machine can give, and it is kept."""
    if os.environ.get(MEMORY_LIMIT_VAR):
        return None
    return memory_limit_for(duckdb_threads(), RETRY_MB_PER_THREAD)


def out_of_memory_hint(cap: str | None = None) -> str:
    """What to add to DuckDB's "Out of Memory Error", which names neither the cap (`cap`, by default
    `memory_limit()`) nor how to raise it."""
    return (
        f"DuckDB's memory cap is {cap or memory_limit()}: a larger one, e.g. {MEMORY_LIMIT_VAR}=2GB, lets it finish"
        " (it spills to disk beyond the cap; docs/operations.md)"
    )


def connect_duckdb(database: Path | str | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to the DuckDB file `database` (in memory when None) with DuckDB's memory (of this
    process's database instance) capped at `memory_limit()`; a value that is no memory size is a UserError."""
    con = duckdb.connect(":memory:" if database is None else str(database), read_only=read_only)
    limit = memory_limit()
    try:
        _set_cap(con, limit)
    except duckdb.Error:
        con.close()
        raise UserError(f"{MEMORY_LIMIT_VAR}={limit!r} is not a memory size (e.g. 1GB, 512MB)") from None
    return con


HANDED_BACK_TO = "32MB"  # what `hand_back_memory` leaves a database


def hand_back_memory(con: duckdb.DuckDBPyConnection) -> None:
    """Make `con`'s database free what it keeps cached: after a query DuckDB keeps the blocks and buffers it
    used, up to its cap, for the next one. Lowering the cap to HANDED_BACK_TO evicts them and flushes DuckDB's
    allocator, which also gives back what DuckDB's other databases of this process freed (at scale 1 about
    230 MB after disclosure control has read the marts; `duckdb_memory()` counts 17 MB of it). The cap is
    `memory_limit()` again after (when DuckDB cannot free enough, nothing changes). For a process about to
    hold on to memory without querying `con` for a while (the release before it describes the marts and
    before it forks the solver's workers)."""
    with suppress(duckdb.Error):  # pinned blocks above HANDED_BACK_TO: it keeps the cap it has
        _set_cap(con, HANDED_BACK_TO)
    _set_cap(con, memory_limit())


def _set_cap(con: duckdb.DuckDBPyConnection, limit: str) -> None:
    """SET memory_limit for `con`'s database; `limit` as the user wrote it (a quote in it cannot end the literal)."""
    con.execute(f"SET memory_limit = '{limit.replace(chr(39), '')}'")


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
