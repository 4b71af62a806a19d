"""DuckDB connections, with DuckDB's memory capped (docs/operations.md).

Every DuckDB connection the project opens opens here: the refresh's and release's connections to
`sto_monitor.duckdb`, the release's writer and the trace's reader of `release.duckdb`, and the in-memory
connections of the HTML report, disclosure control and the Spark target's summary and checks. dbt's own
connection is capped by dbt_project/profiles.yml, which reads the same variable with the same default.
Without a cap DuckDB takes up to 80 % of the machine's memory; beyond it, a file's connection spills to
`<database>.tmp`, an in-memory one to DuckDB's default temp directory (`.tmp` in the working directory).
(orchestration/lock.py's probe opens and closes the warehouse file at once, uncapped.) No Dagster
import: the no-change refresh connects before Dagster is loaded.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from orchestration.errors import UserError

MEMORY_LIMIT_VAR, DEFAULT_MEMORY_LIMIT = "STO_DUCKDB_MEMORY_LIMIT", "800MB"


def memory_limit() -> str:
    return os.environ.get(MEMORY_LIMIT_VAR) or DEFAULT_MEMORY_LIMIT


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


def connect_warehouse(database: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A capped connection to the warehouse file `database` (connect_duckdb)."""
    return connect_duckdb(database, read_only=read_only)
