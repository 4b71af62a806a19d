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

When something changed, the same pass says which sources have anything to do: the run of the refresh job
leaves out the ingest asset and contract check of every other source (`RefreshScan.sources`): for such a
source each of the first three points holds, so loading it would skip every file and checking it would read
the ledger's outcomes.

`refresh --full` and `refresh --target spark` always run the job, every source included.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.contracts import vouched_partitions
from ingest.landing import landing_files, landing_name, sha256_of
from ingest.ledger import loaded_shas
from ingest.paths import StoHome
from ingest.sources import SOURCES
from orchestration.build_state import last_build_state, raw_inputs, raw_state, warehouse_state
from orchestration.incremental import read_pending
from orchestration.warehouse import connect_warehouse


@dataclass(frozen=True)
class RefreshScan:
    """What a refresh would find, read before Dagster starts: `nothing_changed`, the line to print when the
    whole run would change nothing (else None), and `sources`, the sources whose ingest or contract step has
    something to do (None: not known, every source's steps run)."""

    nothing_changed: str | None
    sources: frozenset[str] | None


def scan(home: StoHome) -> RefreshScan:
    """Per source: a new or changed landing file (or one whose last attempt failed), a column the loader would
    add to its raw table, or a raw partition whose contract outcome the ledger does not vouch for or that
    fails it blocking, gives its ingest and contract steps something to do; a source with none of these is
    left out of the run (loading it would skip every file, checking it would read the ledger's outcomes).
    Nothing changed at all when no source has anything to do, no dbt build is pending and the warehouse is
    exactly as the last complete build left it."""
    if not home.database.exists():
        return RefreshScan(None, None)
    con = connect_warehouse(home.database, read_only=True)
    try:
        loaded = loaded_shas(con)
        columns: dict[str, set[str]] = {}
        for table, column in con.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'raw'"
        ).fetchall():
            columns.setdefault(table, set()).add(column)
        work, files, warnings, known = set(), 0, 0, {}
        for source in SOURCES.values():
            paths = landing_files(home.landing, source)
            files += len(paths)
            if any(loaded.get((source.name, landing_name(source, path))) != sha256_of(path) for path in paths):
                work.add(source.name)  # a new or changed landing file (or one whose last attempt failed)
                continue
            if not set(source.column_names) <= columns.get(source.name, set()):
                work.add(source.name)  # a raw table the loader would create or extend
                continue
            vouched = vouched_partitions(con, source)
            if vouched is None or any(not o.passed and o.blocking for _p, outcomes in vouched for o in outcomes):
                work.add(source.name)  # a partition the contract check would validate, or one that fails it
                continue
            warnings += sum(not o.passed for _p, outcomes in vouched for o in outcomes)
            known[source.name] = [(p.schooljaar, p.rows, p.content) for p, _outcomes in vouched]
        # the contracts' pass over raw serves the build state too
        raw = None if work else raw_state(con, raw_inputs(con), known)
    finally:
        con.close()
    sources = frozenset(work)
    if raw is None or read_pending(home) is not None:
        return RefreshScan(None, sources)
    last = last_build_state(home)
    if last is None or warehouse_state(home, raw=raw) != last:
        return RefreshScan(None, sources)
    return RefreshScan(
        f"refresh: nothing changed: the {files} landing files are loaded as they are, the ledger vouches "
        f"for every raw partition's contract ({warnings} warning(s)) and the warehouse is exactly as the last "
        "complete dbt build left it, which passed every blocking test; no Dagster run started "
        "(`sto-monitor refresh --full` rebuilds everything)",
        sources,
    )


def nothing_to_refresh(home: StoHome) -> str | None:
    """One line saying why a refresh would change nothing, or None when it might change something."""
    return scan(home).nothing_changed
