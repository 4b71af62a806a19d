"""A refresh that would change nothing, recognised before Dagster, dbt or Great Expectations are imported.

The refresh job on a warehouse where nothing changed loads no file, validates no partition, skips its dbt
build and evaluates its non-blocking checks on marts that did not change. `sto-monitor refresh` asks this
module first and, when all of that is certain, prints so with the summary and starts no Dagster run (the
Dagster UI shows no run for it). Certain means:

- every landing file is the one last loaded under its name (the loader's own test for "unchanged");
- every raw table the sources write exists with every column its source declares (the loader would add
  a new one);
- the ledger vouches for the contract outcome of every raw partition as it is now, and none of them failed
  blocking (the contract checks would validate nothing);
- no dbt build is pending and the warehouse (raw tables, dbt project, built tables) is exactly as the last
  complete build left it (orchestration/build_state.py; the dbt asset would skip its build).

`refresh --full` and `refresh --target spark` always run the job.
"""

from __future__ import annotations

from ingest.contracts import vouched_partitions
from ingest.landing import landing_files, landing_name, sha256_of
from ingest.ledger import loaded_shas
from ingest.paths import StoHome
from ingest.sources import SOURCES
from orchestration.build_state import last_build_state, raw_inputs, raw_state, warehouse_state
from orchestration.incremental import read_pending
from orchestration.warehouse import connect_warehouse


def nothing_to_refresh(home: StoHome) -> str | None:
    """One line saying why a refresh would change nothing, or None when it might change something."""
    if not home.database.exists() or read_pending(home) is not None:
        return None
    last = last_build_state(home)
    if last is None:
        return None
    con = connect_warehouse(home.database, read_only=True)
    try:
        loaded = loaded_shas(con)
        files = [(source, path) for source in SOURCES.values() for path in landing_files(home.landing, source)]
        if any(loaded.get((source.name, landing_name(source, path))) != sha256_of(path) for source, path in files):
            return None  # a new or changed landing file (or one whose last attempt failed)
        columns: dict[str, set[str]] = {}
        for table, column in con.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'raw'"
        ).fetchall():
            columns.setdefault(table, set()).add(column)
        if any(not set(source.column_names) <= columns.get(source.name, set()) for source in SOURCES.values()):
            return None  # a raw table the loader would create or extend
        warnings, known = 0, {}
        for source in SOURCES.values():
            vouched = vouched_partitions(con, source)
            if vouched is None or any(not o.passed and o.blocking for _p, outcomes in vouched for o in outcomes):
                return None  # a partition the contract check would validate, or one that fails it
            warnings += sum(not o.passed for _p, outcomes in vouched for o in outcomes)
            known[source.name] = [(p.schooljaar, p.rows, p.content) for p, _outcomes in vouched]
        raw = raw_state(con, raw_inputs(con), known)  # the contracts' pass over raw serves the build state too
    finally:
        con.close()
    if warehouse_state(home, raw=raw) != last:
        return None
    return (
        f"refresh: nothing changed: the {len(files)} landing files are loaded as they are, the ledger vouches "
        f"for every raw partition's contract ({warnings} warning(s)) and the warehouse is exactly as the last "
        "complete dbt build left it, which passed every blocking test; no Dagster run started "
        "(`sto-monitor refresh --full` rebuilds everything)"
    )
