"""Connections to the warehouse file, with DuckDB's memory capped (docs/operations.md).

Every connection of a refresh or release to `sto_monitor.duckdb` opens here; dbt's own connection is
capped by dbt_project/profiles.yml, which reads the same variable with the same default. Without a cap
DuckDB takes up to 80 % of the machine's memory; beyond it, it spills to `<database>.tmp`. No Dagster
import: the no-change refresh connects before Dagster is loaded.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from orchestration.errors import UserError

MEMORY_LIMIT_VAR, DEFAULT_MEMORY_LIMIT = "STO_DUCKDB_MEMORY_LIMIT", "1GB"


def memory_limit() -> str:
    return os.environ.get(MEMORY_LIMIT_VAR) or DEFAULT_MEMORY_LIMIT


def connect_warehouse(database: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to `database` with DuckDB's memory (of this process's database instance) capped at
    `memory_limit()`."""
    con = duckdb.connect(str(database), read_only=read_only)
    limit = memory_limit()
    try:
        con.execute(f"SET memory_limit = '{limit.replace(chr(39), '')}'")
    except duckdb.Error:
        con.close()
        raise UserError(f"{MEMORY_LIMIT_VAR}={limit!r} is not a memory size (e.g. 1GB, 512MB)") from None
    return con
