"""The load ledger `raw._loads`: one row per attempt to load a landing file (docs/lineage.md), with the
outcome of the raw contract on the partition it wrote (docs/quality.md). Every question asked of the
ledger is answered here: what is loaded, which landing files are not (landing vs ledger), which files'
rows are in raw now.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ingest.landing import landing_files, landing_name, sha256_of
from ingest.sources import SOURCES

LEDGER = "raw._loads"
LEDGER_DDL = f"""
CREATE TABLE IF NOT EXISTS {LEDGER} (
    load_id VARCHAR PRIMARY KEY,
    source VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    schooljaar INTEGER,
    format_generation VARCHAR,
    rows_read BIGINT,
    rows_loaded BIGINT,
    rows_quarantined BIGINT,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    result VARCHAR NOT NULL,      -- loaded | failed
    message VARCHAR
)
"""
# Added after the first warehouses were built (ALTER TABLE on an existing ledger): the raw contract's
# outcome on the partition this load wrote, and the key of what it was validated on (ingest/contracts.py).
CONTRACT_COLUMNS = {"contract_key": "VARCHAR", "contract_outcomes": "VARCHAR"}


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    """Whether the warehouse has the table (or view) schema.table."""
    return bool(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?", [schema, table]
        ).fetchall()[0][0]
    )


def has_ledger(con: duckdb.DuckDBPyConnection) -> bool:
    return table_exists(con, "raw", "_loads")


def ensure_ledger(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    con.execute(LEDGER_DDL)
    for column, kind in CONTRACT_COLUMNS.items():
        con.execute(f"ALTER TABLE {LEDGER} ADD COLUMN IF NOT EXISTS {column} {kind}")


def ledger_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute(f"DESCRIBE {LEDGER}").fetchall()]


# ---------------------------------------------------------------- writing (the loader)


def loaded_shas(con: duckdb.DuckDBPyConnection, source: str | None = None) -> dict[tuple[str, str], str]:
    """The sha256 of the last successful load of every landing file the ledger knows (of one source, if
    given), as {(source, file_name): sha256}; a file never loaded is not in it."""
    if not has_ledger(con):
        return {}
    rows = con.execute(  # fetchall: DuckDB 2 refuses new work while a result is only partly fetched
        f"SELECT source, file_name, arg_max(sha256, finished_at) FROM {LEDGER} "
        "WHERE result = 'loaded' AND (source = $source OR $source IS NULL) GROUP BY 1, 2",
        {"source": source},
    ).fetchall()
    return {(source, file_name): sha for source, file_name, sha in rows}


@dataclass(frozen=True)
class Attempt:
    """One attempt to load one landing file."""

    load_id: str
    source: str
    file_name: str
    sha256: str
    size_bytes: int
    started_at: datetime


def record_failure(con: duckdb.DuckDBPyConnection, attempt: Attempt, message: str) -> None:
    con.execute(
        f"INSERT INTO {LEDGER} (load_id, source, file_name, sha256, size_bytes, rows_loaded, started_at, "
        "finished_at, result, message) VALUES (?, ?, ?, ?, ?, 0, ?, ?, 'failed', ?)",
        [*_attempt_values(attempt), attempt.started_at, _now(), message],
    )


def record_load(
    con: duckdb.DuckDBPyConnection,
    attempt: Attempt,
    *,
    schooljaar: int | None,
    format_generation: str,
    rows_read: int,
    rows_loaded: int,
    notes: list[str],
) -> None:
    """The ledger row of a successful load (inside the partition's transaction)."""
    con.execute(
        f"INSERT INTO {LEDGER} (load_id, source, file_name, sha256, size_bytes, schooljaar, format_generation, "
        "rows_read, rows_loaded, rows_quarantined, started_at, finished_at, result, message) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 'loaded', ?)",
        [
            *_attempt_values(attempt),
            schooljaar,
            format_generation,
            rows_read,
            rows_loaded,
            attempt.started_at,
            _now(),
            "; ".join(notes) or None,
        ],
    )


def _attempt_values(attempt: Attempt) -> list:
    return [attempt.load_id, attempt.source, attempt.file_name, attempt.sha256, attempt.size_bytes]


def record_contract(con: duckdb.DuckDBPyConnection, load_id: str, key: str, outcomes: list[dict]) -> None:
    """The raw contract's outcome on the partition a load wrote, validated on content `key`."""
    con.execute(
        f"UPDATE {LEDGER} SET contract_key = ?, contract_outcomes = ? WHERE load_id = ?",
        [key, json.dumps(outcomes), load_id],
    )


def recorded_contracts(con: duckdb.DuckDBPyConnection, load_ids: Iterable[str]) -> dict[str, tuple[str, list[dict]]]:
    """load id -> (contract key, outcomes) for the loads whose contract outcome is recorded."""
    ids = sorted(set(load_ids))
    if not ids or not has_ledger(con) or "contract_key" not in ledger_columns(con):
        return {}
    rows = con.execute(
        f"SELECT load_id, contract_key, contract_outcomes FROM {LEDGER} "
        "WHERE contract_key IS NOT NULL AND load_id IN (SELECT unnest(?))",
        [ids],
    ).fetchall()
    return {load_id: (key, json.loads(outcomes)) for load_id, key, outcomes in rows}


# ---------------------------------------------------------------- reading: landing vs ledger, raw vs ledger


@dataclass(frozen=True)
class LandingFile:
    """A landing file and whether raw holds it as it is now: `loaded` (its last attempt loaded exactly this
    content), `failed` (the last attempt on this content failed: `message` says why) or `new` (this content
    was never tried: a new or changed file)."""

    source: str
    file_name: str
    sha256: str
    status: str
    message: str | None = None

    @property
    def loaded(self) -> bool:
        return self.status == "loaded"


def landing_status(con: duckdb.DuckDBPyConnection | None, landing: Path) -> list[LandingFile]:
    """Every file of every source in the landing zone against the ledger (`con` None: no warehouse yet)."""
    last: dict[tuple[str, str, str], tuple[str, str | None]] = {}
    if con is not None and has_ledger(con):
        rows = con.execute(
            f"SELECT source, file_name, sha256, result, message FROM {LEDGER} "
            "QUALIFY row_number() OVER (PARTITION BY source, file_name, sha256 ORDER BY started_at DESC) = 1"
        ).fetchall()
        last = {(s, f, sha): (result, message) for s, f, sha, result, message in rows}
    out = []
    for source in SOURCES.values():
        for path in landing_files(landing, source):
            name, sha = landing_name(source, path), sha256_of(path)
            result, message = last.get((source.name, name, sha), ("new", None))
            out.append(LandingFile(source.name, name, sha, result, message))
    return out


def source_files(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every source file whose rows are in raw now, with its sha256, load id and rows (raw joined with the
    ledger)."""
    out = []
    for source in SOURCES.values():
        if not table_exists(con, "raw", source.name):
            continue
        rows = con.execute(
            f"""
            SELECT r._source_file, r._source_sha256, r._load_id, r._schooljaar, count(*), any_value(l.finished_at)
            FROM raw.{source.name} AS r LEFT JOIN {LEDGER} AS l ON l.load_id = r._load_id
            GROUP BY 1, 2, 3, 4 ORDER BY 1
            """
        ).fetchall()
        for file, sha, load_id, year, n, loaded_at in rows:
            out.append(
                {
                    "source": source.name,
                    "file": file,
                    "sha256": sha,
                    "load_id": load_id,
                    "schooljaar": year,
                    "rows": n,
                    "loaded_at": loaded_at.isoformat() if loaded_at else None,
                }
            )
    return out
