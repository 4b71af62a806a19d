"""The state of the warehouse that a dbt build depends on and leaves behind, and the record of the last
complete build (cache/dbt_build.json): what the next build plans from (orchestration/incremental.py), what
a refresh that would change nothing compares with (orchestration/unchanged.py) and what a release gates on.
DuckDB and the standard library only: the command line reads it before Dagster is imported."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb

from ingest.ledger import LEDGER
from ingest.paths import StoHome
from orchestration.dbt_manifest import project_fingerprint
from orchestration.incremental import NO_SCHOOLJAAR, read_pending
from orchestration.warehouse import connect_warehouse


def _build_state_file(home: StoHome) -> Path:
    return home.root / "cache" / "dbt_build.json"


def warehouse_state(home: StoHome, raw: dict | None = None) -> dict | None:
    """What a dbt build depends on and what it leaves behind: the dbt project's fingerprint, a content
    hash of every raw table (DuckDB hashes every column of every row) and of each of its schooljaar
    partitions (`_schooljaar`; key "null" for rows without one: orchestration/incremental.py), every other
    table and view with its row count, and a content hash of the marts. None when there is no warehouse
    yet. `raw`: the raw part of a state computed before (the raw tables did not change since)."""
    if not home.database.exists():
        return None
    con = connect_warehouse(home.database, read_only=True)
    try:
        tables = con.execute(
            "SELECT schema_name, table_name, estimated_size FROM duckdb_tables() ORDER BY 1, 2"
        ).fetchall()
        views = con.execute(
            "SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1, 2"
        ).fetchall()

        def content(schema: str, table: str) -> list:
            n, digest = con.execute(f'SELECT count(*), sum(hash(t))::VARCHAR FROM "{schema}"."{table}" t').fetchone()
            return [n, digest]

        if raw is None:
            raw = raw_state(con, raw_inputs(con))
        return {
            "project": project_fingerprint(),
            **raw,
            "tables": [[s, t, n] for s, t, n in tables if s != "raw"],
            "views": [[s, v] for s, v in views],
            "marts": {t: content(s, t) for s, t, _n in tables if s == "marts"},
        }
    finally:
        con.close()


def raw_inputs(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The raw tables a dbt build reads: every table of schema raw but the load ledger (raw._loads), which no
    model reads (a failed load attempt adds a row to it and changes no data)."""
    tables = con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'raw' ORDER BY 1").fetchall()
    return [t for (t,) in tables if f"raw.{t}" != LEDGER]


def raw_state(
    con: duckdb.DuckDBPyConnection,
    tables: list[str],
    known: Mapping[str, Sequence[tuple[int | None, int, str]]] | None = None,
) -> dict:
    """The content hash of every raw table ("raw": table -> [rows, hash]) and of each of its schooljaar
    partitions ("raw_schooljaren": table -> schooljaar -> [rows, hash]), in one pass over each table.
    `known`: for some tables their (schooljaar, rows, hash) per part, already computed by the same hash over
    every column of every row (the contracts' partitions, ingest/contracts.py): a sum of row hashes adds up,
    so they are summed per schooljaar instead of reading the table again."""
    raw, partitions = {}, {}
    for table in tables:
        if known is not None and table in known:
            sums: dict[int | None, list[int]] = {}
            for year, n, digest in known[table]:
                total_of_year = sums.setdefault(year, [0, 0])
                total_of_year[0] += n
                total_of_year[1] += int(digest)
            rows = [(year, n, str(digest)) for year, (n, digest) in sums.items()]
        else:
            columns = {r[0] for r in con.execute(f'DESCRIBE "raw"."{table}"').fetchall()}
            key = "_schooljaar" if "_schooljaar" in columns else "NULL"
            rows = con.execute(
                f'SELECT {key}, count(*), sum(hash(t))::VARCHAR FROM "raw"."{table}" t GROUP BY 1'
            ).fetchall()
        partitions[table] = {NO_SCHOOLJAAR if year is None else str(year): [n, digest] for year, n, digest in rows}
        total = sum(n for _y, n, _d in rows)
        raw[table] = [total, str(sum(int(d) for _y, _n, d in rows)) if total else None]
    return {"raw": raw, "raw_schooljaren": partitions}


def _recorded(home: StoHome) -> dict:
    path = _build_state_file(home)
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, ValueError):
        return {}


def last_build_state(home: StoHome) -> dict | None:
    """The warehouse state recorded after the last complete build without a blocking test failure."""
    return _recorded(home).get("state")


def recorded_check_outcomes(home: StoHome) -> dict[str, dict]:
    """The outcome of every dbt test of the last complete build ({"<asset>:<check>": {"passed", "blocking"}});
    they describe the warehouse only while it is exactly as that build left it (`current_check_outcomes`)."""
    return _recorded(home).get("checks") or {}


def current_check_outcomes(home: StoHome) -> dict[str, dict] | None:
    """The dbt tests' outcomes of the last complete build when the warehouse (raw tables, dbt project, built
    tables) is still exactly as that build left it, else None: a release then publishes without building
    again and gates on these outcomes."""
    state = last_build_state(home)
    if state is None or read_pending(home) is not None or warehouse_state(home) != state:
        return None  # (pending: a build started since then did not finish; its tables may differ unseen)
    return recorded_check_outcomes(home)


def recorded_mart_columns(home: StoHome) -> dict[str, dict[str, list[str]]]:
    """The column lineage of every mart as the builds that built them resolved it (mart -> column -> upstream
    `schema.model.column`; orchestration/column_lineage.py), recorded with the last complete build: what a
    release writes as lineage/columns.json."""
    return _recorded(home).get("mart_columns") or {}


def record_build_state(
    home: StoHome, before: dict, checks: dict[str, dict], mart_columns: dict[str, dict[str, list[str]]]
) -> None:
    """After a complete dbt build, i.e. without a blocking test failure (the raw tables did not change during
    it, as in `before`, the state taken before it): the warehouse state it left, which the next build plans
    from (orchestration/incremental.py), a no-change refresh and a release compare with, the outcome of
    each of its tests (warnings included) and the column lineage of every mart."""
    state = warehouse_state(home, raw={"raw": before["raw"], "raw_schooljaren": before["raw_schooljaren"]})
    path = _build_state_file(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"state": state, "checks": checks, "mart_columns": mart_columns}
    path.write_text(json.dumps(record), encoding="utf-8")
