"""Loading landing files into raw.<source>: one transaction per (source, schooljaar), with a ledger.

A file is loaded only when it is new or changed (sha256). Every row carries its provenance
(_source_file, _source_sha256, _source_row, _load_id, _loaded_at). Every file is validated against its
source's contract (ingest/contracts.py) on its rows as they go into raw, inside the transaction that
writes them: a file that breaks it is rolled back, recorded in the ledger (ingest/ledger.py) as failed
and leaves its partition exactly as it was; the contract's outcome on a loaded partition is recorded in
the ledger beside its load, in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ingest.contracts import Outcome, contract_outcomes, partition_filter, raw_partitions, validate_partition
from ingest.errors import InputFileError, Problem
from ingest.landing import landing_files, landing_name, sha256_of
from ingest.ledger import Attempt, ensure_ledger, loaded_shas, record_contract, record_failure, record_load
from ingest.sources.base import Parsed, Source, duplicate_key_error
from ingest.testhooks import pause_point

PROVENANCE_DDL = (
    "_extra VARCHAR, _schooljaar INTEGER, _format_generation VARCHAR, _source_file VARCHAR, "
    "_source_sha256 VARCHAR, _source_row BIGINT, _load_id VARCHAR, _loaded_at TIMESTAMP"
)


@dataclass
class LoadReport:
    source: str
    loaded: list[tuple[str, int | None, int]] = field(default_factory=list)  # (file, schooljaar, rows)
    unchanged: list[str] = field(default_factory=list)
    failed: list[InputFileError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def ensure_schema(con: duckdb.DuckDBPyConnection, source: Source) -> None:
    ensure_ledger(con)
    cols = ", ".join(f'"{c}" VARCHAR' for c in source.column_names)
    con.execute(f"CREATE TABLE IF NOT EXISTS raw.{source.name} ({cols}, {PROVENANCE_DDL})")
    existing = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw' AND table_name = ?",
            [source.name],
        ).fetchall()
    }
    for c in source.column_names:
        if c not in existing:
            con.execute(f'ALTER TABLE raw.{source.name} ADD COLUMN "{c}" VARCHAR')


def load_source(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    source: Source,
    progress: Callable[[str], None] = lambda _m: None,
    only_files: set[str] | None = None,
) -> LoadReport:
    """Load every new or changed file of one source. Never raises for bad files: see report.failed."""
    ensure_schema(con, source)
    report = LoadReport(source.name)

    def parsed_files():
        loaded = loaded_shas(con, source.name)  # every file name comes once per load: read the ledger once
        for path in landing_files(landing, source):
            file_name = landing_name(source, path)
            if only_files is not None and file_name not in only_files:
                continue
            started = datetime.now(UTC).replace(tzinfo=None)
            sha = sha256_of(path)
            if loaded.get((source.name, file_name)) == sha:
                report.unchanged.append(file_name)
                continue
            attempt = Attempt(uuid.uuid4().hex[:16], source.name, file_name, sha, path.stat().st_size, started)
            progress(f"  reading {file_name} ({attempt.size_bytes / 1e6:.1f} MB)")
            try:
                result = source.parse(path, file_name)
            except InputFileError as exc:
                record_failure(con, attempt, str(exc))
                report.failed.append(exc)
                continue
            yield attempt, result

    # Two files for one partition are ambiguous: refuse the later one, keep the partition as it was.
    # `claimed` is what raw held before this load. Partitioned and per-file sources are parsed, checked
    # and written one file at a time (only one parsed file in memory); snapshot sources are small.
    seen: dict[int | None, str] = {}

    def claimed_in_raw() -> dict:
        return {
            r[0]: r[1]
            for r in con.execute(f"SELECT DISTINCT _schooljaar, _source_file FROM raw.{source.name}").fetchall()
        }

    if source.per_file:
        claimed, parsed = {}, parsed_files()
    elif source.partitioned:
        claimed, parsed = claimed_in_raw(), parsed_files()
    else:
        parsed = list(parsed_files())
        claimed = claimed_in_raw() if any(p[1].schooljaar is not None for p in parsed) else {}
    refused: list[InputFileError] = []  # reported after the files that could not be read, as before
    for attempt, result in parsed:
        file_name = attempt.file_name
        other = (
            None
            if source.per_file
            else seen.get(result.schooljaar)
            or (
                claimed.get(result.schooljaar)
                if claimed.get(result.schooljaar) not in (None, file_name)
                and (landing / claimed[result.schooljaar]).exists()
                else None
            )
        )
        if other:
            err = InputFileError.one(
                file_name,
                f"schooljaar {result.schooljaar} is already delivered by {other}; remove one of the two files",
            )
            record_failure(con, attempt, str(err))
            refused.append(err)
            continue
        seen[result.schooljaar] = file_name
        try:
            rows, outcomes = _write_partition(con, source, attempt, result)
        except InputFileError as exc:  # found in a later batch of a file read in batches: as if found reading it
            del seen[result.schooljaar]
            record_failure(con, attempt, str(exc))
            report.failed.append(exc)
            continue
        contract_error = _contract_error(file_name, outcomes)
        if contract_error is not None:
            record_failure(con, attempt, str(contract_error))
            refused.append(contract_error)
            continue
        report.notes.extend(
            f"{file_name}: contract warning: {o.expectation}: {o.detail}"
            for o in outcomes
            if not o.passed and not o.blocking
        )
        report.loaded.append((file_name, result.schooljaar, rows))
        report.notes.extend(f"{file_name}: {n}" for n in result.notes)
        progress(
            f"  loaded {file_name}: {rows:,} rows into raw.{source.name}"
            + (f" (schooljaar {result.schooljaar})" if result.schooljaar is not None else "")
        )
    report.failed.extend(refused)
    if report.loaded:
        # Validate again the partitions whose suite changed with this load (e.g. the next schooljaar, whose
        # row-count band follows this one) and record their outcome.
        contract_outcomes(con, source, record=True)
    return report


def _contract_error(file_name: str, outcomes: list[Outcome]) -> InputFileError | None:
    """The blocking failures of a file's contract as one InputFileError (None: it was written)."""
    failed = [o for o in outcomes if not o.passed and o.blocking]
    if not failed:
        return None
    return InputFileError(
        [
            Problem(file_name, f"contract {o.expectation} failed: {o.detail}", line=o.first_line, column=o.column)
            for o in failed
        ]
    )


def _write_partition(
    con: duckdb.DuckDBPyConnection, source: Source, attempt: Attempt, result: Parsed
) -> tuple[int, list[Outcome]]:
    """Replace the file's partition in raw and validate the contract on the rows written, in one transaction:
    committed with the ledger row and the contract's outcome when no blocking expectation fails, rolled back
    (the partition as it was) when one does. The rows are written batch by batch as the file is read (a
    microdata extract in batches of at most BATCH_ROWS rows, any other file as one): a problem the reader finds
    in a later batch (an InputFileError) rolls back what was written and is raised. Returns the rows written
    and the outcomes."""
    file = attempt.file_name if source.per_file else None
    where, params = partition_filter(result.schooljaar, file)
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    cols = ", ".join(f'"{c}"' for c in source.column_names)
    insert = (
        f"INSERT INTO raw.{source.name} ({cols}, _extra, _schooljaar, _format_generation, _source_file, "
        f"_source_sha256, _source_row, _load_id, _loaded_at) "
        f"SELECT {cols}, _extra, ?, ?, ?, ?, _source_row, ?, ? FROM _incoming"
    )
    provenance = [
        result.schooljaar,
        result.format_generation,
        attempt.file_name,
        attempt.sha256,
        attempt.load_id,
        loaded_at,
    ]
    rows = 0
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"DELETE FROM raw.{source.name} WHERE {where}", params)
        for _incoming in result.batches():
            # rows go into raw in line order; a parser's frame nearly always is already (then sorting costs ~15 %)
            order = "" if _incoming["_source_row"].is_sorted() else " ORDER BY _source_row"
            # `_incoming` is read by DuckDB's replacement scan of this local variable. A frame registered with
            # con.register stays referenced by the transaction until it ends, unregistered or not: every batch
            # of the file would stay in memory until the commit.
            con.execute(insert + order, provenance)
            rows += _incoming.height
            del _incoming
        if result.unique_key:
            _check_unique_in_raw(con, source, where, params, attempt.file_name, result.unique_key)
        result.finish()
        (partition,) = raw_partitions(con, source, only=(result.schooljaar, file))
        outcomes = validate_partition(con, source, partition)
        if any(not o.passed and o.blocking for o in outcomes):
            con.execute("ROLLBACK")
            return rows, outcomes
        record_load(
            con,
            attempt,
            schooljaar=result.schooljaar,
            format_generation=result.format_generation,
            rows_read=result.rows_read,
            rows_loaded=rows,
            notes=result.notes,
        )
        record_contract(con, attempt.load_id, partition.key(source), [asdict(o) for o in outcomes])
        pause_point("ingest")  # tests kill the process here: the partition is written but not committed
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return rows, outcomes


def _check_unique_in_raw(
    con: duckdb.DuckDBPyConnection, source: Source, where: str, params: list, file_name: str, key: tuple[str, ...]
) -> None:
    """The natural key occurs once among the partition's rows just written (a file read in batches); a
    duplicate names both lines, as `check_unique` does on a whole frame: the key of the first line that has a
    duplicate (nulls equal), that line and the next with the same key."""
    cols = ", ".join(f'"{k}"' for k in key)
    dup = con.execute(
        f"SELECT {cols}, min(_source_row) AS line FROM raw.{source.name} WHERE {where} "
        f"GROUP BY {cols} HAVING count(*) > 1 ORDER BY line LIMIT 1",
        params,
    ).fetchall()
    if not dup:
        return
    values, line = dup[0][:-1], dup[0][-1]
    same = " AND ".join(f'"{k}" IS NOT DISTINCT FROM ?' for k in key)
    (also,) = con.execute(
        f"SELECT _source_row FROM raw.{source.name} WHERE {where} AND {same} ORDER BY _source_row LIMIT 1 OFFSET 1",
        [*params, *values],
    ).fetchall()[0]
    raise duplicate_key_error(file_name, key, values, line, also)
